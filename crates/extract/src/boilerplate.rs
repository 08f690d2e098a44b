//! What counts as boilerplate: elements to drop (by tag, role, class/id, visibility) and text
//! blocks to drop (German and English stock phrases, image credits).

use crate::dom::{Dom, Tag};
use std::sync::OnceLock;

/// Fast "contains any of these patterns" for short lower-case strings (class names).
pub(crate) struct Matcher {
    inner: MaskMatcher,
}

impl Matcher {
    /// Builds a matcher over `patterns` (ASCII, lower-case, non-empty).
    pub(crate) fn new(patterns: &[&'static str]) -> Matcher {
        Matcher {
            inner: MaskMatcher::new(&[patterns]),
        }
    }

    /// True when any pattern occurs in `hay`.
    pub(crate) fn any_in(&self, hay: &str) -> bool {
        self.inner.scan(hay, 1) != 0
    }
}

/// "Which of these pattern sets occur" for short lower-case strings, in one pass: patterns are
/// bucketed by first byte, and a bitmap of two-byte prefixes rules out most positions of the
/// haystack with one lookup. Bit `k` of the answer stands for set `k`.
pub(crate) struct MaskMatcher {
    by_first: Vec<Vec<(&'static [u8], u32)>>,
    /// One bit per two-byte prefix of a pattern (a pattern of one byte sets all 256 bits of
    /// its first byte).
    pairs: Vec<u64>,
}

impl MaskMatcher {
    /// Builds a matcher over up to 32 sets of patterns (ASCII, lower-case, non-empty).
    pub(crate) fn new(sets: &[&[&'static str]]) -> MaskMatcher {
        let mut by_first = vec![Vec::new(); 256];
        let mut pairs = vec![0u64; 65536 / 64];
        let mut set = |k: usize| pairs[k / 64] |= 1 << (k % 64);
        for (bit, patterns) in sets.iter().enumerate().take(32) {
            for p in patterns.iter() {
                let b = p.as_bytes();
                if let Some(&f) = b.first() {
                    by_first[f as usize].push((b, 1u32 << bit));
                    match b.get(1) {
                        Some(&s) => set((f as usize) << 8 | s as usize),
                        None => (0..256).for_each(|s| set((f as usize) << 8 | s)),
                    }
                }
            }
        }
        MaskMatcher { by_first, pairs }
    }

    /// The sets that have a pattern occurring in `hay`.
    pub(crate) fn mask_in(&self, hay: &str) -> u32 {
        self.scan(hay, u32::MAX)
    }

    /// [`MaskMatcher::mask_in`], stopping as soon as all bits of `all` are found.
    fn scan(&self, hay: &str, all: u32) -> u32 {
        let h = hay.as_bytes();
        let mut mask = 0;
        for i in 0..h.len() {
            let second = h.get(i + 1).copied().unwrap_or(0) as usize;
            let k = (h[i] as usize) << 8 | second;
            if self.pairs[k / 64] & (1 << (k % 64)) == 0 && i + 1 < h.len() {
                continue;
            }
            let rest = &h[i..];
            for (p, bit) in &self.by_first[h[i] as usize] {
                if mask & bit == 0
                    && p.len() <= rest.len()
                    && p.iter().zip(rest).all(|(a, b)| a == b)
                {
                    mask |= bit;
                    if mask & all == all {
                        return mask;
                    }
                }
            }
        }
        mask
    }
}

macro_rules! matcher {
    ($name:ident, $list:expr) => {
        pub(crate) fn $name() -> &'static Matcher {
            static M: OnceLock<Matcher> = OnceLock::new();
            M.get_or_init(|| Matcher::new($list))
        }
    };
}

matcher!(neg_matcher, NEG_SUBSTR);
matcher!(strong_matcher, STRONG_SUBSTR);
matcher!(body_matcher, BODY_SUBSTR);

/// Tags whose subtree never holds article text.
pub(crate) fn tag_always_dropped(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Head
            | Tag::Title
            | Tag::Meta
            | Tag::Link
            | Tag::Script
            | Tag::Style
            | Tag::NoScript
            | Tag::Template
            | Tag::Svg
            | Tag::Math
            | Tag::Iframe
            | Tag::Object
            | Tag::Canvas
            | Tag::Video
            | Tag::Audio
            | Tag::Button
            | Tag::Input
            | Tag::Select
            | Tag::Textarea
            | Tag::Label
            | Tag::Figcaption
            | Tag::Picture
            | Tag::Img
            | Tag::Dialog
            | Tag::Menu
            | Tag::RubyText
    )
}

/// Tags dropped unless they hold most of the page's text (some sites wrap everything in them).
pub(crate) fn tag_usually_dropped(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Nav | Tag::Footer | Tag::Aside | Tag::Header | Tag::Form
    )
}

const NEG_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "menu",
    "menubar",
    "dialog",
    "alertdialog",
    "search",
    "toolbar",
    "tablist",
    "alert",
];

/// Class/id substrings that mark boilerplate even around much text (comments, related links).
const STRONG_SUBSTR: &[&str] = &[
    "cookie",
    "consent",
    "gdpr",
    "newsletter",
    "comments",
    "disqus",
    "related",
    "recommend",
    "empfehl",
    "breadcrumb",
    "sharing",
    "social",
    "outbrain",
    "taboola",
    "plista",
    "byline",
    "caption",
    "footer",
    "navigation",
    "navbar",
    "menu",
    "most-read",
    "meistgelesen",
    "teaser-list",
    "teaserlist",
];

/// Class/id substrings that mark boilerplate wherever they occur.
const NEG_SUBSTR: &[&str] = &[
    "cookie",
    "consent",
    "gdpr",
    "newsletter",
    "paywall",
    "breadcrumb",
    "sharing",
    "social",
    "outbrain",
    "taboola",
    "plista",
    "disqus",
    "kommentar",
    "related",
    "recommend",
    "empfehl",
    "sidebar",
    "advert",
    "werbung",
    "anzeige",
    "sponsor",
    "promo",
    "subscri",
    "abonn",
    "signup",
    "sign-up",
    "login",
    "popup",
    "pop-up",
    "modal",
    "toolbar",
    "pagination",
    "skip-link",
    "skiplink",
    "jump-link",
    "readmore",
    "read-more",
    "morelink",
    "more-link",
    "lesen-sie-auch",
    "lesensieauch",
    "mehr-zum-thema",
    "caption",
    "copyright",
    "credit",
    "bildnachweis",
    "bildquelle",
    "bildrechte",
    "fotonachweis",
    "byline",
    "authorbox",
    "author-box",
    "author-bio",
    "author-info",
    "taglist",
    "tag-list",
    "tags-list",
    "keywords",
    "sharebar",
    "share-",
    "-share",
    "_share",
    "share_",
    "shariff",
    "banner",
    "visually-hidden",
    "visuallyhidden",
    "sr-only",
    "screen-reader",
    "offscreen",
    "print-only",
    "hidden-print",
    "noprint",
    "teaser-list",
    "teaserlist",
    "more-articles",
    "further-reading",
    "weitere-artikel",
    "also-read",
    "read-also",
    "trending",
    "most-read",
    "mostread",
    "meistgelesen",
    "popular",
    "inline-ad",
    "ad-container",
    "adcontainer",
    "ad-wrapper",
    "adslot",
    "ad-slot",
    "dfp-",
    "googlead",
    "skyscraper",
    "billboard",
    "rectangle",
    "tracking",
    "newsticker",
    "ticker",
    "podcast-player",
    "audio-player",
    "video-player",
    "player",
    "gallery",
    "slideshow",
    "carousel",
    "slider",
    "lightbox",
    "rating",
    "survey",
    "umfrage",
    "donate",
    "spenden",
    "app-promo",
    "download-app",
    "follow-us",
    "footnote",
    "disclaimer",
    "timestamp",
    "dateline",
    "publish-date",
    "pubdate",
    "article-date",
    "post-date",
    "entry-date",
    "entry-meta",
    "post-meta",
    "article-meta",
    "articlemeta",
    "meta-info",
    "metadata",
    "shop",
    "infobox-teaser",
    "tooltip",
    "dropdown",
    "opinary",
    "piano",
    "offer",
];

/// Class/id tokens (split at non-alphanumerics) that mark boilerplate.
fn is_neg_token(w: &str) -> bool {
    matches!(
        w,
        "nav"
            | "navbar"
            | "navigation"
            | "menu"
            | "header"
            | "footer"
            | "ad"
            | "ads"
            | "adv"
            | "advert"
            | "werbung"
            | "anzeige"
            | "aside"
            | "meta"
            | "tags"
            | "tag"
            | "share"
            | "shares"
            | "toc"
            | "author"
            | "authors"
            | "autor"
            | "date"
            | "datum"
            | "time"
            | "masthead"
            | "topbar"
            | "subnav"
            | "submenu"
            | "mainnav"
            | "more"
            | "links"
            | "linklist"
            | "sitemap"
            | "search"
            | "suche"
            | "overlay"
            | "notice"
            | "message"
            | "alert"
            | "flyout"
            | "offcanvas"
            | "sticky"
            | "icon"
            | "icons"
            | "btn"
            | "button"
            | "logo"
            | "brand"
            | "branding"
            | "sponsored"
            | "native"
            | "teaserbox"
            | "infobox"
            | "extra"
            | "extras"
            | "kicker"
            | "dachzeile"
            | "overline"
            | "rubric"
    )
}

/// Whole class names of the article container itself.
fn is_pos_word(w: &str) -> bool {
    matches!(
        w,
        "hentry"
            | "h-entry"
            | "type-post"
            | "post"
            | "article"
            | "entry"
            | "story"
            | "main"
            | "maincontent"
            | "main-content"
            | "content"
            | "blogposting"
            | "newsarticle"
    )
}

/// Class/id substrings of containers that hold the article body: never dropped by class.
pub(crate) const BODY_SUBSTR: &[&str] = &[
    "article-body",
    "articlebody",
    "article__body",
    "article_body",
    "article-text",
    "articletext",
    "article__text",
    "article_text",
    "article-content",
    "articlecontent",
    "article__content",
    "article_content",
    "story-body",
    "storybody",
    "story__body",
    "story-content",
    "story-text",
    "storytext",
    "post-body",
    "postbody",
    "post-content",
    "postcontent",
    "post__content",
    "post_content",
    "post-entry",
    "post-text",
    "entry-content",
    "entrycontent",
    "entry_content",
    "entry-body",
    "single-content",
    "content-body",
    "contentbody",
    "body-text",
    "bodytext",
    "text-body",
    "rich-text",
    "richtext",
    "main-text",
    "article-main",
    "article__main",
    "field--name-body",
    "field-name-body",
    "td-post-content",
    "blog-content",
    "news-text",
    "newstext",
    "artikel-text",
    "artikeltext",
    "artikel-body",
    "artikelbody",
    "content-text",
    "text-content",
    "detail-text",
    "detailtext",
    "article-detail",
    "article__detail",
    "textblock",
    "text-block",
    "article-page",
    "articlepage",
    "news-content",
    "newscontent",
    "page-content",
];

/// True when a lowered class/id string names an article-body container.
pub(crate) fn is_body_class(ci: &str) -> bool {
    body_matcher().any_in(ci)
}

/// True when class word `word` is a utility that only styles (Tailwind): letter spacing
/// ("tracking-wide", "tracking-[0.38px]", "md:tracking-tight"), not a tracking pixel, or a
/// colour of the site's theme ("border-brand-light4", "hover:bg-header"), not a brand logo or
/// the page header, or a padding or margin sized to it ("pt-header"). A word behind an
/// arbitrary variant ("data-[voice-celebrating=true]:z-10") styles too: the bracket is a
/// condition.
fn is_style_utility(word: &str) -> bool {
    if word.contains("]:") {
        return true;
    }
    let utility = word.rsplit(':').next().unwrap_or(word);
    if let Some(v) = utility.strip_prefix("tracking-") {
        return v.starts_with('[')
            || matches!(
                v,
                "tighter" | "tight" | "normal" | "wide" | "wider" | "widest"
            );
    }
    utility.split_once('-').is_some_and(|(p, rest)| {
        !rest.is_empty()
            && matches!(
                p,
                "pt" | "pb"
                    | "pl"
                    | "pr"
                    | "px"
                    | "py"
                    | "mt"
                    | "mb"
                    | "ml"
                    | "mr"
                    | "mx"
                    | "my"
                    | "bg"
                    | "border"
                    | "text"
                    | "ring"
                    | "fill"
                    | "stroke"
                    | "divide"
                    | "outline"
                    | "decoration"
                    | "accent"
                    | "caret"
                    | "placeholder"
                    | "shadow"
            )
    })
}

/// True when class word `word` hides its element ("hide", "d-none", "is-hidden", a design
/// system's prefixed "wt-display-none").
fn is_hidden_word(word: &str) -> bool {
    matches!(
        word,
        "hidden" | "hide" | "d-none" | "is-hidden" | "invisible" | "visuallyhidden"
    ) || word == "display-none"
        || word.ends_with("-display-none")
}

/// True when `word` names an Elementor icon box ("elementor-widget-icon-box",
/// "elementor-icon-box-wrapper", "elementor-icon-box-title"): a page builder's block for a
/// feature's heading and text under an icon, so "icon" there says nothing about what it holds;
/// or Shopify's wrapper of every section of a page ("shopify-section",
/// "shopify-section-template--…"), whose "shop" says nothing either; or Kadence's advanced
/// heading block ("kt-adv-heading356_d9e20b-fd"), whose "adv" is no advert.
fn is_builder_unit(word: &str) -> bool {
    word.starts_with("elementor-widget-icon-box")
        || word.starts_with("elementor-icon-box")
        || word.starts_with("shopify-section")
        || word.starts_with("kt-adv-heading")
}

/// True when class/id `ci` shows its element again from a screen width on (Tailwind's
/// "hidden lg:block"): hidden on phones only, so part of the page as read on a desktop.
pub(crate) fn shown_wide(ci: &str) -> bool {
    ci.split_ascii_whitespace().any(|w| {
        w.split_once(':').is_some_and(|(bp, v)| {
            matches!(bp, "sm" | "md" | "lg" | "xl" | "2xl")
                && matches!(
                    v,
                    "block" | "flex" | "grid" | "inline" | "inline-block" | "inline-flex" | "table"
                )
        })
    })
}

/// [`class_verdict`] of class/id `ci` without its words that hide the element: the verdict
/// for an element hidden on phones only (see [`shown_wide`]).
pub(crate) fn class_verdict_shown(ci: &str) -> Drop {
    class_verdict_without(ci, is_hidden_word)
}

/// [`class_verdict`] of class/id `ci` without the words for which `skip` is true.
pub(crate) fn class_verdict_without(ci: &str, skip: impl Fn(&str) -> bool) -> Drop {
    let kept: Vec<&str> = ci.split_ascii_whitespace().filter(|w| !skip(w)).collect();
    class_verdict(&kept.join(" "), false)
}

/// True when a word of class/id `ci` hides its element ("productview-info hide").
pub(crate) fn hidden_by_class(ci: &str) -> bool {
    ci.split_ascii_whitespace().any(is_hidden_word)
}

/// Why an element is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Drop {
    /// Keep it.
    No,
    /// Always drop (tag, hidden).
    Hard,
    /// Drop unless it holds most of the page's text.
    Strong,
    /// Drop unless it holds much paragraph text with few links (weak class evidence).
    Soft,
    /// Cookie and consent banners: drop unless the element holds most of the page's text
    /// (their settings dialogs can hold more paragraphs than a short article).
    Banner,
}

/// Decides whether element `i` is boilerplate.
pub(crate) fn classify(dom: &Dom<'_>, i: usize, class_verdict: Drop) -> Drop {
    let n = &dom.nodes[i];
    let tag = n.tag;
    if tag_always_dropped(tag) {
        return Drop::Hard;
    }
    if matches!(tag, Tag::Html | Tag::Body | Tag::Document) {
        return Drop::No;
    }
    let Some(el) = dom.el(i) else { return Drop::No };
    if el.attr("hidden").is_some() {
        return Drop::Hard;
    }
    if let Some(a) = el.attr("aria-hidden") {
        if a.trim() == "true" && !matches!(tag, Tag::Main | Tag::Article) {
            return Drop::Soft;
        }
    }
    if let Some(style) = el.attr("style") {
        if style_hidden(style) {
            return Drop::Hard;
        }
    }
    if tag == Tag::Form {
        // Some CMS (ASP.NET) wrap the whole page in one form.
        return Drop::Soft;
    }
    if tag_usually_dropped(tag) {
        return Drop::Strong;
    }
    if let Some(role) = el.attr("role") {
        let role = role.trim().to_ascii_lowercase();
        if NEG_ROLES.contains(&role.as_str()) {
            return Drop::Strong;
        }
    }
    if el
        .attr("itemprop")
        .map(|v| v.contains("articleBody"))
        .unwrap_or(false)
    {
        return Drop::No;
    }
    class_verdict
}

/// The class/id part of [`classify`]: computed once per distinct class string.
pub(crate) fn class_verdict(ci: &str, heading: bool) -> Drop {
    class_verdict_known_body(ci, heading, is_body_class(ci))
}

/// `hay.contains(needle)` for short strings such as class names: the first byte is compared
/// before the window (the standard search compares every window of a short haystack).
#[inline]
fn has(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    if h.len() > 64 {
        return hay.contains(needle);
    }
    h.len() >= n.len() && (0..=h.len() - n.len()).any(|i| h[i] == first && h[i..].starts_with(n))
}

/// [`class_verdict`] when [`is_body_class`] is already known for `ci`.
pub(crate) fn class_verdict_known_body(ci: &str, heading: bool, body: bool) -> Drop {
    if ci.is_empty() || body {
        return Drop::No;
    }
    // Whole class names that mark the article itself (WordPress "hentry", "post", ...).
    let mut negative = false;
    let mut strong = false;
    let mut banner = false;
    for word in ci.split_ascii_whitespace() {
        if is_hidden_word(word) {
            negative = true;
            continue;
        }
        if word.starts_with("non-")
            || word.starts_with("no-")
            || word.starts_with("not-")
            || word.starts_with("without-")
            || has(word, "-not-")
            || has(word, "-non-")
        {
            continue;
        }
        if has(word, "commentary") || has(word, "embed") || has(word, "tweet") {
            continue;
        }
        if is_style_utility(word) || is_builder_unit(word) {
            continue;
        }
        // "comment…" class names (WordPress, Disqus), not forum posts that merely contain it.
        if word.starts_with("comment")
            || has(word, "-comment")
            || has(word, "_comment")
            || word.starts_with("kommentar")
        {
            negative = true;
            strong = true;
            continue;
        }
        if strong_matcher().any_in(word) {
            negative = true;
            strong = true;
            banner |= has(word, "cookie") || has(word, "consent") || has(word, "gdpr");
            continue;
        }
        if is_pos_word(word) {
            return Drop::No;
        }
        // CMS taxonomy classes ("tag-urheberrecht", "category-politik") say nothing about layout.
        if word.starts_with("tag-")
            || word.starts_with("category-")
            || word.starts_with("tags-")
            || word.starts_with("format-")
            || word.starts_with("status-")
            || word.starts_with("has-")
            || word.starts_with("post-") && word[5..].bytes().all(|b| b.is_ascii_digit())
        {
            continue;
        }
        if negative {
            continue;
        }
        if neg_matcher().any_in(word) {
            negative = true;
            continue;
        }
        for tok in word.split(|c: char| !c.is_ascii_alphanumeric()) {
            if tok.is_empty() {
                continue;
            }
            if is_neg_token(tok) {
                if heading && matches!(tok, "header" | "kicker" | "overline" | "dachzeile") {
                    continue;
                }
                negative = true;
                break;
            }
        }
    }
    if banner {
        Drop::Banner
    } else if strong {
        Drop::Strong
    } else if negative {
        Drop::Soft
    } else {
        Drop::No
    }
}

/// True when every word of class string `class` names an icon together with its text
/// ("ux-icon-text", "icon__text"): the text beside the icon is a label or a value (eBay's item
/// condition), not the icon's decoration, though the class says "icon".
pub(crate) fn icon_with_text(class: &str) -> bool {
    let mut words = class.split_ascii_whitespace().peekable();
    words.peek().is_some()
        && words.all(|w| {
            ["icon-text", "icon__text", "icon_text"]
                .iter()
                .any(|p| w.contains(p))
        })
}

fn style_hidden(style: &str) -> bool {
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

/// Stock phrases that start boilerplate blocks (lower-case).
const PHRASE_PREFIXES: &[&str] = &[
    "lesen sie auch",
    "lesen sie mehr",
    "lesen sie hier",
    "lesen sie dazu",
    "lesen sie außerdem",
    "lesen sie bitte",
    "lesetipp",
    "sie müssen sich einloggen",
    "sie müssen angemeldet sein",
    "bitte melden sie sich an",
    "you must be logged in",
    "sign in to ",
    "by clicking “post your answer”",
    "empfohlener redaktioneller inhalt",
    "externer inhalt",
    "anzeige -",
    "anzeige –",
    "*werbung",
    "dieser beitrag wurde",
    "der beitrag wurde am",
    "dieser text wurde veröffentlicht",
    "this entry was posted",
    "zum weiterlesen",
    "möchten sie den artikel teilen",
    "quellen ausblenden",
    "keep reading",
    "related coverage",
    "mehr zum thema",
    "mehr dazu",
    "mehr zu diesem thema",
    "zum thema:",
    "auch interessant",
    "ebenfalls interessant",
    "das könnte sie auch interessieren",
    "das könnte sie interessieren",
    "das interessiert sie vielleicht",
    "schon gelesen",
    "weitere artikel",
    "weitere nachrichten",
    "weiterlesen",
    "mehr lesen",
    "anzeige:",
    "anzeige |",
    "werbung:",
    "kommentare (",
    "kommentare:",
    "kommentar schreiben",
    "zur startseite",
    "zurück zur",
    "aktualisiert am",
    "aktualisiert:",
    "zuletzt aktualisiert",
    "veröffentlicht am",
    "erstellt am",
    "stand:",
    "foto:",
    "fotos:",
    "bild:",
    "bilder:",
    "grafik:",
    "video:",
    "audio:",
    "artikel teilen",
    "artikel anhören",
    "artikel merken",
    "teilen auf",
    "folgen sie",
    "jetzt abonnieren",
    "jetzt registrieren",
    "jetzt weiterlesen",
    "jetzt lesen",
    "hier abonnieren",
    "newsletter:",
    "newsletter abonnieren",
    "melden sie sich",
    "abonnieren sie",
    "mehr erfahren",
    "alle rechte vorbehalten",
    "related:",
    "related articles",
    "related stories",
    "read more",
    "read also",
    "also read",
    "see also",
    "more on this",
    "advertisement",
    "sponsored content",
    "sponsored by",
    "sign up for",
    "subscribe to",
    "subscribe now",
    "share this",
    "follow us",
    "click here",
    "image:",
    "images:",
    "photo:",
    "photos:",
    "credit:",
    "image credit",
    "photo credit",
    "copyright ©",
    "copyright 20",
    "copyright (c)",
    "all rights reserved",
    "©",
    "(c) 20",
];

/// Whole-block boilerplate (lower-case, exact).
const PHRASE_EXACT: &[&str] = &[
    // A script's placeholder ("Loading..."), a link out to the whole text of a teaser, the
    // heading of a blog's like button row.
    "loading",
    "read full article",
    "like this",
    // A thread's badges and buttons around its posts, and a Q&A page's answer form.
    "original poster",
    "report inappropriate content",
    "your answer",
    "anzeige",
    "werbung",
    "advertisement",
    "kommentare",
    "kommentieren",
    "teilen",
    "drucken",
    "merken",
    "mehr",
    "schließen",
    "close",
    "menü",
    "menu",
    "share",
    "tweet",
    "e-mail",
    "email",
    "facebook",
    "twitter",
    "whatsapp",
    "pinterest",
    "linkedin",
    "mehr zum thema",
    "top-themen",
    "zur startseite",
    "home",
    "startseite",
    "loading...",
    "lädt...",
    "navigation",
];

/// Markers of image credits inside short blocks (lower-case).
const CREDIT_MARKERS: &[&str] = &[
    "foto:",
    "fotos:",
    "bild:",
    "©",
    "photo:",
    "image:",
    "credit:",
    "getty images",
    "picture alliance",
    "picture-alliance",
    "imago images",
    "/ imago",
    "/imago",
    "/ dpa",
    "/dpa",
    "/ afp",
    "/afp",
    "/ reuters",
    "foto ",
];

/// Short headings that announce the end of an article's own text (lower-case prefixes).
const END_MARKERS: &[&str] = &[
    "über den autor",
    "über die autorin",
    "zur person",
    "about the author",
    "related coverage",
    "related articles",
    "related stories",
    "related posts",
    "keep reading",
    "read next",
    "more stories",
    "more from",
    "zum weiterlesen",
    "weiterführende artikel",
    "weitere artikel",
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "mehr zum thema",
    "auch interessant",
];

/// True when a short block ends the article's text: what follows it is about other articles
/// or the author.
pub(crate) fn is_end_marker(text: &str) -> bool {
    if text.len() > 60 || text.ends_with('.') {
        return false;
    }
    let lower = crate::dom::lower(text.trim());
    END_MARKERS.iter().any(|m| lower.starts_with(m))
}

/// Wordings of a shop's heading over other products (lower case, matched inside the heading).
const MERCH_PHRASES: &[&str] = &[
    "also viewed",
    "also bought",
    "also purchased",
    "also like",
    "also enjoy",
    "you may like",
    "you might like",
    "similar items",
    "similar products",
    "related items",
    "related products",
    "explore related",
    "recently viewed",
    "frequently bought",
    "bought together",
    "customers also",
    "complete the look",
    "shop the look",
    "sponsored items",
    "sponsored products",
    "auch gefallen",
    "auch angesehen",
    "auch gekauft",
    "ähnliche artikel",
    "ähnliche produkte",
    "zuletzt angesehen",
    "wird oft zusammen",
    "variations of this product",
    "varianten dieses",
];

/// True when a short block heads a shop's row of other products ("People who viewed this
/// item also viewed", "Frequently bought together", "Das könnte dir auch gefallen").
pub(crate) fn is_merch_heading(text: &str) -> bool {
    if text.len() > 80 || text.ends_with('.') {
        return false;
    }
    let lower = crate::dom::lower(text.trim());
    MERCH_PHRASES.iter().any(|m| lower.contains(m))
}

/// True when a text block is boilerplate by its wording (short blocks only).
pub(crate) fn is_boilerplate_text(text: &str) -> bool {
    if text.len() > 220 {
        return false;
    }
    let lower = crate::dom::lower(text);
    let l = lower
        .trim_matches(|c: char| c.is_whitespace() || c == '»' || c == '>' || c == '›' || c == '→');
    if PHRASE_EXACT.contains(&l.trim_end_matches([':', '.'])) {
        return true;
    }
    // The prefixes bucketed by their first byte (every prefix has at least two bytes: the
    // second is compared before the whole prefix).
    static PREFIXES_BY_FIRST: OnceLock<Vec<Vec<&'static [u8]>>> = OnceLock::new();
    let by_first = PREFIXES_BY_FIRST.get_or_init(|| {
        let mut v = vec![Vec::new(); 256];
        for p in PHRASE_PREFIXES {
            v[p.as_bytes()[0] as usize].push(p.as_bytes());
        }
        v
    });
    let lb = l.as_bytes();
    if lb.len() >= 2
        && by_first[lb[0] as usize]
            .iter()
            .any(|pb| pb[1] == lb[1] && lb.starts_with(pb))
    {
        return true;
    }
    if is_credit_caption(l)
        || is_byline(l)
        || is_page_numbers(l)
        || is_bare_date(l)
        || is_post_tally(l)
    {
        return true;
    }
    if l.len() < 160 && {
        // Bytes present in `l`: a marker with a byte not among them cannot occur.
        let mut seen = [0u64; 4];
        for &c in lb {
            seen[(c >> 6) as usize] |= 1 << (c & 63);
        }
        CREDIT_MARKERS.iter().any(|m| {
            m.bytes()
                .all(|c| seen[(c >> 6) as usize] & (1 << (c & 63)) != 0)
                && l.contains(m)
        })
    } {
        // A short sentence with a credit marker: caption credit, not body text, unless it reads
        // like a sentence with several clauses.
        let words = l.split_whitespace().count();
        if words < 20 || l.starts_with("foto") || l.starts_with("bild") {
            return true;
        }
    }
    false
}

/// Pagination: "1 2 3 4 5 6 7 8", "« 1 2 3 »".
fn is_page_numbers(l: &str) -> bool {
    let mut numbers = 0;
    for w in l.split_whitespace() {
        if w.bytes().all(|b| b.is_ascii_digit()) {
            numbers += 1;
        } else if w.chars().any(|c| c.is_alphanumeric()) {
            return false;
        }
    }
    numbers >= 3
}

/// True for a post's count of likes ("1 Like", "7 Likes": the reaction button) or its
/// author's count of posts ("Posts: 1,234", "Posts 52": the author box) on its own line, not
/// the post.
pub(crate) fn is_post_tally(l: &str) -> bool {
    let mut words = l.split_whitespace();
    let number = |n: &str| {
        n.bytes().any(|b| b.is_ascii_digit())
            && n.bytes()
                .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    };
    match (words.next(), words.next(), words.next()) {
        (Some(n), Some(w), None) => {
            (n.bytes().all(|b| b.is_ascii_digit())
                && (w.eq_ignore_ascii_case("like") || w.eq_ignore_ascii_case("likes")))
                || (matches!(n.to_ascii_lowercase().as_str(), "posts" | "posts:") && number(w))
        }
        _ => false,
    }
}

/// A date on its own line ("Nov. 19, 2019", "Mittwoch, 01.11.2023"), at most two other words.
fn is_bare_date(l: &str) -> bool {
    if l.len() > 40 {
        return false;
    }
    let Some((_, pos)) = crate::dates::find_text_date(l, false) else {
        return false;
    };
    // Words outside the date itself: the date takes at most three words from `pos`.
    let before = l[..pos].split_whitespace().count();
    let after = l[pos..].split_whitespace().count().saturating_sub(3);
    before + after <= 2
}

/// A caption ending in a photo credit: "… (Jacquelyn Martin / Associated Press)".
fn is_credit_caption(l: &str) -> bool {
    let Some(inner) = l.strip_suffix(')') else {
        return false;
    };
    let Some(open) = inner.rfind('(') else {
        return false;
    };
    let credit = &inner[open + 1..];
    credit.len() < 70 && credit.contains('/') && !credit.contains("http")
}

/// A byline on its own: "By Meg James", "Von Anna Muster und Jan Beispiel".
fn is_byline(l: &str) -> bool {
    let rest = match l.strip_prefix("by ").or_else(|| l.strip_prefix("von ")) {
        Some(r) => r,
        None => return false,
    };
    l.len() < 80
        && !l.ends_with(['.', '!', '?', ':'])
        && rest.split_whitespace().count() <= 8
        && rest
            .split_whitespace()
            .next()
            .is_some_and(|w| w.chars().next().is_some_and(|c| c.is_alphabetic()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn has_is_contains() {
        for hay in [
            "",
            "e",
            "embed",
            "xembedx",
            "comment-embed",
            "tweet_",
            "a-comment",
            "emb",
        ] {
            for needle in ["", "e", "embed", "-comment", "tweet", "mbe"] {
                assert_eq!(has(hay, needle), hay.contains(needle), "{hay:?} {needle:?}");
            }
        }
    }

    use super::*;

    #[test]
    fn tailwind_style_utilities_are_no_verdict() {
        // A news aggregator's item paragraph styled with Tailwind utilities.
        assert_eq!(
            class_verdict("text-base tracking-[0.38px] mt-2 break-words", false),
            Drop::No
        );
        assert_eq!(class_verdict("font-bold md:tracking-wide", true), Drop::No);
        // An alternatives site's item card in its theme colours.
        assert_eq!(
            class_verdict(
                "flex flex-col relative border border-brand-light4 pb-2",
                false
            ),
            Drop::No
        );
        assert_ne!(class_verdict("brand-logo", false), Drop::No);
        // A tracking element still is one.
        assert_ne!(class_verdict("tracking-pixel", false), Drop::No);
        assert_ne!(class_verdict("tracking", false), Drop::No);
    }

    #[test]
    fn elementor_icon_boxes_are_no_class_evidence() {
        // A feature box of an Elementor landing page: its classes name the builder's parts.
        assert_eq!(
            class_verdict(
                "elementor-element elementor-element-71fcb6a elementor-widget \
                 elementor-widget-icon-box",
                false
            ),
            Drop::No
        );
        assert_eq!(class_verdict("elementor-icon-box-wrapper", false), Drop::No);
        // Other icons still are evidence, and so are Elementor's menus and header.
        assert_ne!(class_verdict("social-icon-box", false), Drop::No);
        assert_ne!(class_verdict("elementor-widget-icon-list", false), Drop::No);
        assert_ne!(class_verdict("elementor-widget-nav-menu", false), Drop::No);
        assert_ne!(
            class_verdict("elementor elementor-location-header", false),
            Drop::No
        );
    }

    #[test]
    fn hidden_on_phones_only_is_shown() {
        // A tech blog's front page: its story cards are "hidden sm:block".
        assert!(shown_wide("hidden sm:block"));
        assert_eq!(class_verdict_shown("min-w-[50px] hidden lg:flex"), Drop::No);
        // Hidden at every width, or shown wide only as something else, stays hidden.
        assert!(!shown_wide("hidden"));
        assert!(!shown_wide("hidden lg:w-full"));
        // Without the hidden word the other words still count.
        assert_ne!(class_verdict_shown("sidebar hidden lg:block"), Drop::No);
    }

    #[test]
    fn padding_and_arbitrary_variants_are_style_utilities() {
        // A launch site's front page: its list sits in a div padded to the header's height,
        // its item rows carry animation variants.
        assert_eq!(class_verdict("pt-header", false), Drop::No);
        assert_eq!(
            class_verdict("flex gap-4 data-[voice-celebrating=true]:z-10", false),
            Drop::No
        );
        // The header itself, and a variant without a bracket, are judged as before.
        assert_ne!(class_verdict("page-header", false), Drop::No);
        assert_ne!(class_verdict("site-header pt-4", false), Drop::No);
        assert_ne!(class_verdict("md:sticky", false), Drop::No);
    }

    #[test]
    fn a_negated_part_inside_a_class_word_is_no_verdict() {
        // "wsite-not-footer" (Weebly's content wrapper) says what the element is not.
        assert_eq!(class_verdict("wsite-not-footer", false), Drop::No);
        assert_eq!(class_verdict("layout-non-sidebar", false), Drop::No);
        // The part itself still is one.
        assert_ne!(class_verdict("wsite-footer", false), Drop::No);
        assert_ne!(class_verdict("layout-sidebar", false), Drop::No);
    }

    #[test]
    fn like_counts() {
        // Discourse's reaction button under each post.
        assert!(is_boilerplate_text("3 Likes"));
        assert!(is_boilerplate_text("1 Like"));
        // A sentence with a count of likes, or a plain number, stays.
        assert!(!is_boilerplate_text("3 likes and no replies in a week"));
        assert!(!is_boilerplate_text("Likes"));
        // An author box's count of posts, but not a sentence about posts.
        assert!(is_boilerplate_text("Posts: 1,234"));
        assert!(is_boilerplate_text("Posts 52"));
        assert!(!is_boilerplate_text("Posts: none yet"));
    }

    #[test]
    fn thread_buttons_and_answer_forms() {
        assert!(is_boilerplate_text("Original Poster"));
        assert!(is_boilerplate_text("Report inappropriate content"));
        assert!(is_boilerplate_text("Your Answer"));
        assert!(is_boilerplate_text(
            "By clicking “Post Your Answer”, you agree to the site's terms."
        ));
        // Sentences that start the same way stay.
        assert!(!is_boilerplate_text(
            "Original posters often come back a day later."
        ));
        assert!(!is_boilerplate_text("Your answer fixed it, thank you."));
    }

    #[test]
    fn sign_in_prompts() {
        // A shop's prompt to sign in for an account's action (Steam's wishlist line).
        assert!(is_boilerplate_text(
            "Sign in to add this game to your wish list, follow it, or hide it"
        ));
        assert!(is_boilerplate_text(
            "Sign in to see more picks made for you."
        ));
        // A line that only names the button, or a sentence about signing in, stays.
        assert!(!is_boilerplate_text("Sign in"));
        assert!(!is_boilerplate_text(
            "Signing in to the console takes a minute on the first visit."
        ));
    }

    #[test]
    fn phrases() {
        assert!(is_boilerplate_text("Lesen Sie auch: Was die Ampel plant"));
        assert!(is_boilerplate_text("Foto: dpa"));
        assert!(is_boilerplate_text("Anzeige"));
        assert!(is_boilerplate_text("Schon gelesen?"));
        assert!(is_boilerplate_text(
            "Ein Polizist vor dem Rathaus. Foto: Max Muster/dpa"
        ));
        assert!(!is_boilerplate_text(
            "Die Anzeige wurde am Montag erstattet, sagte ein Sprecher."
        ));
        assert!(is_boilerplate_text(
            "Gannett is merging with GateHouse.(Jacquelyn Martin / Associated Press)"
        ));
        assert!(is_boilerplate_text("By Michael Hiltzik"));
        assert!(is_boilerplate_text("Von Anna Muster und Jan Beispiel"));
        assert!(!is_boilerplate_text(
            "Von Montag an gilt in allen Schulen wieder die Maskenpflicht."
        ));
        assert!(!is_boilerplate_text("Der Umsatz stieg (siehe Grafik 2/3)."));
        assert!(is_boilerplate_text("1 2 3 4 5 6 7 8"));
        assert!(is_boilerplate_text("Nov. 19, 2019"));
        assert!(is_boilerplate_text("Mittwoch, 01.11.2023"));
        assert!(!is_boilerplate_text(
            "Am 01.11.2023 beginnt der Prozess gegen ihn."
        ));
    }
}
