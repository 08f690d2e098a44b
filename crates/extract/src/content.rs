//! Main-text extraction: boilerplate pruning, two candidate containers (explicit article-body
//! markup and a Readability-style score), a selector between them, and block emission.

use crate::boilerplate::{self, Drop};
use crate::dom::{push_collapsed, Dom, Tag, NONE};
use crate::rules::Selector;
use crate::{BlockKind, PageType};

/// A block before final filtering.
#[derive(Debug, Clone)]
pub(crate) struct RawBlock {
    pub kind: BlockKind,
    pub text: String,
    /// Bytes of the text inside links.
    pub link_len: usize,
    /// The element that produced it.
    pub node: usize,
    /// Heading level 1–6 for headings, else 0.
    pub level: u8,
}

impl RawBlock {
    /// True when more than half of the block's text is link text.
    pub(crate) fn mostly_linked(&self) -> bool {
        2 * self.link_len > self.text.len()
    }
}

/// What an element's class/id string says, computed once per distinct string.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClassInfo {
    /// Boilerplate verdict for other elements.
    pub verdict: Drop,
    /// Names an article-body container.
    pub body: bool,
    /// Readability class weight.
    pub weight: f32,
    /// Looks like a date/byline element.
    pub date_word: bool,
    /// Looks like a lead/teaser element.
    pub lead: bool,
    /// Paywall box.
    pub paywall_box: bool,
    /// SPIEGEL+/Z+/F+ marker (not on a teaser of another article).
    pub plus_marker: bool,
}

const NO_CLASS: ClassInfo = ClassInfo {
    verdict: Drop::No,
    body: false,
    weight: 0.0,
    date_word: false,
    lead: false,
    paywall_box: false,
    plus_marker: false,
};

const DATE_CLASS_WORDS: &[&str] = &[
    "date",
    "time",
    "datum",
    "publish",
    "byline",
    "meta",
    "info",
    "dateline",
    "stand",
    "posted",
    "zeit",
    "pubdate",
    "created",
    "submitted",
];
const LEAD_WORDS: &[&str] = &[
    "lead",
    "teaser",
    "intro",
    "summary",
    "standfirst",
    "abstract",
    "subtitle",
    "description",
    "excerpt",
    "deck",
    "dek",
    "vorspann",
];

fn class_info(ci: &str) -> ClassInfo {
    if ci.is_empty() {
        return NO_CLASS;
    }
    let has = |ps: &[&str]| ps.iter().any(|p| ci.contains(p));
    // One pass over the string for the date words, the markers that need a closer look, the
    // Readability weights and the article-body names.
    const SPECIAL: &[&str] = &[
        "update", "modified", "comment", "teaser", "related", "paywall", "piano-", "abo-wall",
        "regwall", "plus",
    ];
    static M: std::sync::OnceLock<boilerplate::MaskMatcher> = std::sync::OnceLock::new();
    let mask = M
        .get_or_init(|| {
            boilerplate::MaskMatcher::new(&[
                DATE_CLASS_WORDS,
                SPECIAL,
                WEIGHT_NEG,
                WEIGHT_POS,
                boilerplate::BODY_SUBSTR,
            ])
        })
        .mask_in(ci);
    let date_word = mask & 1 != 0;
    let special = mask & 2 != 0;
    let body = mask & 16 != 0;
    let weight = if mask & 4 != 0 { -25.0 } else { 0.0 } + if mask & 8 != 0 { 25.0 } else { 0.0 };
    ClassInfo {
        verdict: boilerplate::class_verdict_known_body(ci, false, body),
        body,
        weight,
        date_word: date_word && !(special && has(&["update", "modified", "comment"])),
        lead: ci.split(|c: char| !c.is_ascii_alphanumeric()).any(|t| {
            LEAD_WORDS
                .iter()
                .any(|w| t == *w || (t.starts_with(w) && t.len() <= w.len() + 4))
        }) && !(special && has(&["teaser-list", "related", "teaserlist"])),
        // "no-paywall" negates only as a name of its own, not inside "piano-paywall".
        paywall_box: special
            && has(&["paywall", "piano-", "abo-wall", "regwall"])
            && !["non-paywall", "no-paywall"].iter().any(|neg| {
                ci.match_indices(neg).any(|(k, _)| {
                    !ci[..k]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_ascii_alphanumeric())
                })
            }),
        plus_marker: special
            && has(&[
                "spiegelplus",
                "spiegel-plus",
                "zplus",
                "z-plus",
                "sz-plus",
                "szplus",
                "fplus",
                "f-plus",
                "welt-plus",
                "bildplus",
            ])
            && !has(&["teaser"]),
    }
}

/// Per-node statistics.
pub(crate) struct Stats {
    /// Node survives boilerplate pruning.
    pub alive: Vec<bool>,
    /// Node is inside an `<a>`.
    pub in_link: Vec<bool>,
    /// Text bytes of the alive subtree.
    pub len: Vec<u32>,
    /// Text bytes inside links of the alive subtree.
    pub link_len: Vec<u32>,
    /// Commas in the alive subtree.
    pub commas: Vec<u32>,
    /// Text bytes of direct text children.
    pub direct: Vec<u32>,
    /// Lower-cased class+id per element (empty if none).
    pub ci: Vec<String>,
    /// What the class/id says, per node.
    pub cinfo: Vec<ClassInfo>,
    /// Removed by a site rule's strip selectors (or inside such an element).
    pub stripped: Vec<bool>,
}

impl Stats {
    /// Link density of node `i` (0 when it has no text).
    pub(crate) fn ld(&self, i: usize) -> f32 {
        let l = self.len[i];
        if l == 0 {
            0.0
        } else {
            self.link_len[i] as f32 / l as f32
        }
    }
}

/// `s.trim().len()`: ASCII whitespace is cut from both ends byte by byte first (indentation
/// between tags), the rest by `str::trim`.
fn trimmed_len(s: &str) -> u32 {
    let b = s.as_bytes();
    let ws = |c: u8| c == b' ' || (0x09..=0x0d).contains(&c);
    let mut start = 0;
    while start < b.len() && ws(b[start]) {
        start += 1;
    }
    let mut end = b.len();
    while end > start && ws(b[end - 1]) {
        end -= 1;
    }
    s[start..end].trim().len() as u32
}

/// Prunes boilerplate and computes statistics.
pub(crate) fn analyse(dom: &Dom<'_>, strip: &[Selector]) -> Stats {
    analyse_for(dom, strip, PageType::Article)
}

/// [`analyse`] for a page of kind `kind`: class names that mark a kind's content (a forum's
/// "comment" and "message" posts with their authors and times, a shop's prices, a ticker's
/// entries, a gallery's captions) do not prune it (see [`crate::kind::keeps_class`]).
pub(crate) fn analyse_for(dom: &Dom<'_>, strip: &[Selector], kind: PageType) -> Stats {
    analyse_with(dom, strip, kind, false)
}

/// [`analyse_for`]; `lenient` is the second try for a page that came out (almost) empty:
/// elements that are hidden or carry a hard boilerplate class are weighed like weak evidence
/// (kept when they hold most of the page's text or paragraphs with few links). Pages built by
/// script stream their content into hidden containers (React's `<div hidden id="S:0">`), and a
/// wrapper's class can name a part it is not ("wsite-not-footer").
pub(crate) fn analyse_with(
    dom: &Dom<'_>,
    strip: &[Selector],
    kind: PageType,
    lenient: bool,
) -> Stats {
    let n = dom.len();
    let mut ci = Vec::with_capacity(n);
    for i in 0..n {
        if dom.nodes[i].el.is_some() {
            ci.push(dom.class_id(i));
        } else {
            ci.push(String::new());
        }
    }
    let mut cinfo = Vec::with_capacity(n);
    {
        let mut cache: std::collections::HashMap<&str, ClassInfo> =
            std::collections::HashMap::new();
        for c in &ci {
            if c.is_empty() {
                cinfo.push(NO_CLASS);
                continue;
            }
            let info = *cache.entry(c.as_str()).or_insert_with(|| class_info(c));
            cinfo.push(info);
        }
    }
    // How often each class string naming a banner occurs (pages other than articles).
    let mut banner_runs: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    if kind != PageType::Article {
        for c in ci.iter().filter(|c| c.contains("banner")) {
            *banner_runs.entry(c.as_str()).or_insert(0) += 1;
        }
    }
    // Raw text length per subtree (before pruning), bottom-up.
    let mut raw = vec![0u32; n];
    for i in (1..n).rev() {
        if dom.nodes[i].tag == Tag::Text {
            let p = dom.nodes[i].parent as usize;
            if !matches!(
                dom.nodes[p].tag,
                Tag::Script
                    | Tag::Style
                    | Tag::NoScript
                    | Tag::Template
                    | Tag::Title
                    | Tag::Textarea
            ) {
                raw[i] = trimmed_len(&dom.nodes[i].text);
            }
        }
        let p = dom.nodes[i].parent;
        if p != NONE {
            raw[p as usize] = raw[p as usize].saturating_add(raw[i]);
        }
    }
    // Text inside <p> per subtree (before pruning): where the article's paragraphs are.
    let raw_p = text_inside(dom, &raw, Tag::P);
    let raw_link = text_inside(dom, &raw, Tag::A);
    let body = (0..n).find(|&i| dom.nodes[i].tag == Tag::Body).unwrap_or(0);
    let raw_total = raw[body].max(1);
    let p_total = raw_p[body].max(1);
    // Elements around the page's `<main>` landmark (one with text): layout wrappers, whatever
    // their class says ("flex-wrap-footer" around the whole page).
    let mut wraps_main = vec![false; n];
    for (i, &r) in raw.iter().enumerate().skip(1) {
        let main =
            dom.nodes[i].tag == Tag::Main || (dom.nodes[i].el.is_some() && dom.has_role(i, "main"));
        if !main || r < 200 {
            continue;
        }
        let mut a = dom.nodes[i].parent;
        while a != NONE && !wraps_main[a as usize] {
            wraps_main[a as usize] = true;
            a = dom.nodes[a as usize].parent;
        }
    }
    // Pruning, top-down.
    let mut alive = vec![true; n];
    let mut fold_depth = vec![u8::MAX; n];
    // The share of the page's text that keeps a container with weak class evidence: on a
    // listing the item grid's wrapper ("search-page-wrapper") shares the page with a large
    // menu, so less than most of the text is enough.
    let big_share = if kind == PageType::Listing { 0.4 } else { 0.6 };
    // On a listing, also 60 % of the text outside the page's header, navigation and footer:
    // a category's grid can be a third of a page whose mega-menu lists every department.
    // `share_base`: the text of the nearest ancestor kept for that share (0: none).
    let mut share_base = vec![0u32; n];
    let own_total = if kind == PageType::Listing {
        raw_total.saturating_sub(chrome_text(dom, &raw)).max(1)
    } else {
        raw_total
    };
    let mut in_link = vec![false; n];
    let mut stripped = vec![false; n];
    // Inside a Q&A page's question or answer (class "question …", "answer …").
    let mut in_qa_post = vec![false; n];
    // Inside a `<pre>`: a code block, whose syntax highlighter names its spans for what they
    // hold ("hljs-comment", "token comment", "hljs-meta"), not for the page's furniture.
    let mut in_pre = vec![false; n];
    // Tab panels (and the wrappers filling them) kept against a strong class verdict.
    let mut tab_body = vec![false; n];
    // The ids that a button or link opens (`aria-controls`): accordion panels and disclosures.
    let controlled: std::collections::HashSet<&str> = (1..n)
        .filter_map(|i| dom.attr(i, "aria-controls"))
        .flat_map(str::split_ascii_whitespace)
        .collect();
    let opened_by_button = |i: usize| {
        dom.attr(i, "id")
            .is_some_and(|id| controlled.contains(id.trim()))
    };
    for i in 1..n {
        let p = dom.nodes[i].parent as usize;
        in_qa_post[i] = in_qa_post[p] || (kind == PageType::Forum && crate::kind::qa_post(&ci[i]));
        in_pre[i] = in_pre[p] || dom.nodes[i].tag == Tag::Pre;
        share_base[i] = share_base[p];
        // A forum post's author is a link to their profile, and part of the post.
        in_link[i] = in_link[p]
            || (dom.nodes[i].tag == Tag::A
                && !(kind == PageType::Forum && crate::kind::author_link(&ci[i], &ci[p])));
        if !alive[p] {
            alive[i] = false;
            stripped[i] = stripped[p];
            continue;
        }
        if dom.nodes[i].el.is_none() {
            if screen_reader_twin(dom, i) {
                alive[i] = false;
            }
            continue;
        }
        let v = if dom.nodes[i].tag.is_heading() && cinfo[i].verdict != Drop::No {
            boilerplate::class_verdict(&ci[i], true)
        } else if cinfo[i].verdict == Drop::Soft
            && matches!(
                dom.nodes[i].tag,
                Tag::Tr | Tag::Td | Tag::Th | Tag::Tbody | Tag::Thead
            )
        {
            // Rows and cells of a kept table carry data classes ("player-…", "date"), not
            // layout: weak class evidence does not cut a table apart.
            Drop::No
        } else if in_pre[p] {
            // A code block's highlighted tokens: their classes say what the code holds.
            Drop::No
        } else {
            cinfo[i].verdict
        };
        // A product's labelled icons ("ux-icon-text") hold values of the item (its condition).
        let v = if v == Drop::Soft
            && kind == PageType::Product
            && boilerplate::icon_with_text(&ci[i])
        {
            Drop::No
        } else {
            v
        };
        let v = if v != Drop::No
            && kind != PageType::Article
            && (crate::kind::keeps_class(kind, &ci[i])
                || (kind == PageType::Listing
                    && crate::kind::item_caption(dom, i, &ci[i], in_link[i])))
        {
            Drop::No
        } else {
            v
        };
        // On a service page, an element hidden on phones only ("hidden lg:block") is part of
        // the page as read on a desktop: a section's text. (On listings it also brings the
        // desktop-only metadata of item cards, which the annotations leave out.)
        let v = if v == Drop::Soft
            && kind == PageType::Service
            && boilerplate::hidden_by_class(&ci[i])
            && boilerplate::shown_wide(&ci[i])
        {
            boilerplate::class_verdict_shown(&ci[i])
        } else {
            v
        };
        // On a service page, the answer under an FAQ's question button, hidden by class until
        // the button is clicked ("… hidden" after `<button>`), is the page's text.
        let v = if v == Drop::Soft
            && kind == PageType::Service
            && boilerplate::hidden_by_class(&ci[i])
            && (raw_link[i] as f32) < 0.5 * raw[i] as f32
            && prev_element(dom, i).is_some_and(|b| {
                dom.nodes[b].tag == Tag::Button || dom.attr(b, "aria-expanded").is_some()
            }) {
            boilerplate::class_verdict_shown(&ci[i])
        } else {
            v
        };
        // On a service page, a card's footer ("customercardfooter", "card-footer": the quote
        // and the name under a testimonial) is part of the card, not the page's footer.
        let v = if v == Drop::Strong
            && kind == PageType::Service
            && ci[i].split_ascii_whitespace().any(card_footer)
        {
            boilerplate::class_verdict_without(&ci[i], card_footer)
        } else {
            v
        };
        // On a listing, a wrapper named for filtering and pagination that holds 1000+ bytes
        // of text, mostly not links, is the item grid with its pager, not the pager.
        let v = if v == Drop::Soft
            && kind == PageType::Listing
            && raw[i] > 1000
            && (raw_link[i] as f32) < 0.5 * raw[i] as f32
            && ci[i].contains("pagination")
        {
            boilerplate::class_verdict_without(&ci[i], |w| w.contains("pagination"))
        } else {
            v
        };
        // A page built from hero modules (a shop's home page, a service page): a banner class
        // that three elements or more share names the page's sections, not its banner.
        let v = if v == Drop::Soft
            && banner_runs.get(ci[i].as_str()).is_some_and(|&c| c >= 3)
            && boilerplate::class_verdict_without(&ci[i], |w| w.contains("banner")) == Drop::No
        {
            Drop::No
        } else {
            v
        };
        // A shop category's search-engine copy whose class also says footer
        // ("field-seofootercopy"): the category's text when it is prose.
        let v = if v != Drop::No
            && kind == PageType::Listing
            && raw[i] >= 400
            && (raw_link[i] as f32) < 0.25 * raw[i] as f32
            && crate::kind::seo_copy_class(&ci[i])
            && boilerplate::class_verdict_without(&ci[i], |w| w.contains("footer")) == Drop::No
        {
            Drop::No
        } else {
            v
        };
        if !strip.is_empty() && strip.iter().any(|s| s.matches(dom, i)) {
            alive[i] = false;
            stripped[i] = true;
            continue;
        }
        let tag = dom.nodes[i].tag;
        if kind == PageType::Gallery && tag == Tag::Figcaption {
            // A gallery's captions are its text.
            continue;
        }
        let d = boilerplate::classify(dom, i, v);
        // A thread's posts can sit in forms of their own (the reply and edit machinery around
        // each post's text, old Reddit's `<form class="usertext">`): a form whose class names
        // a post part and that has nothing to fill in is the post there.
        let d = if kind == PageType::Forum
            && tag == Tag::Form
            && d == Drop::Soft
            && crate::kind::keeps_class(kind, &ci[i])
            && !has_fields(dom, i)
        {
            v
        } else {
            d
        };
        // A listing's items are often `<article>`s with a `<header>` of their own (the item's
        // title and teaser): a header inside sectioning content heads that item, it is not
        // the page's banner; its class still counts.
        let d = if kind == PageType::Listing
            && tag == Tag::Header
            && d == Drop::Strong
            && item_header(dom, i)
        {
            v
        } else {
            d
        };
        // An item card links its picture and its teaser a second time with `aria-hidden` (so
        // that a screen reader reads the link once): hidden from assistive technology, shown
        // on the page.
        let d =
            if kind == PageType::Listing && tag == Tag::A && d == Drop::Soft && aria_hidden(dom, i)
            {
                v
            } else {
                d
            };
        // A modal dialog (`aria-modal="true"`) is an overlay: terms, a sign-up, a consent
        // form, never the page's text, however much text it holds. A gallery's lightbox is
        // the exception.
        let d = if kind != PageType::Gallery
            && dom
                .attr(i, "aria-modal")
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("true"))
        {
            Drop::Hard
        } else {
            d
        };
        // How deep inside a product page's accordion or tab item element `i` lies (0: it is
        // one), up to three levels.
        if kind == PageType::Product {
            fold_depth[i] = if folded_panel(dom, i, &ci[i]) {
                0
            } else {
                fold_depth[p].saturating_add(1)
            };
        }
        // The kinds whose text the two rules below were measured on (shops and listings
        // hide other things in these ways: size pickers, cart drawers).
        let text_kind = matches!(
            kind,
            PageType::Article | PageType::Service | PageType::Forum | PageType::Documentation
        );
        let d = if d == Drop::Hard && text_kind && react_segment(dom, i) {
            // React's streamed server rendering sends each finished part of the page as
            // `<div hidden id="S:3">` and moves it into place by script: it is the page.
            v
        } else if lenient
            && (d == Drop::Hard
                || (d == Drop::Strong
                    && raw[i] >= 1500
                    && (raw_link[i] as f32) < 0.5 * raw[i] as f32))
            && !boilerplate::tag_always_dropped(tag)
        {
            // The second try: a hidden element, or a large wrapper with a strong class verdict
            // whose text is not mostly links (forum software's "footerfix" around the whole
            // page), is weighed like weak evidence.
            Drop::Soft
        } else if lenient
            && kind != PageType::Product
            && d == Drop::Soft
            && v == Drop::Soft
            && !boilerplate::tag_usually_dropped(tag)
            && raw[i] >= 150
            && (raw_link[i] as f32) < 0.5 * raw[i] as f32
        {
            // The second try: a block with only weak class evidence ("meta-block-section",
            // "carousel__slide") and text that is not mostly links is the page's text when
            // nothing else is left (not on a shop's page, whose weak classes mark its
            // shipping and loyalty boxes).
            Drop::No
        } else if matches!(d, Drop::Hard | Drop::Strong | Drop::Soft)
            && matches!(v, Drop::No | Drop::Soft)
            && (1..=3).contains(&fold_depth[i])
            && !boilerplate::tag_always_dropped(tag)
        {
            // The panel an accordion item opens on a product page (a "sheet" dialog, an
            // `<aside>`): the description and details, hidden until clicked. Weak class
            // evidence ("sheet_aside") does not prune it either.
            Drop::No
        } else if kind == PageType::Service
            && d == Drop::Soft
            && v == Drop::Soft
            && tag != Tag::Header
            && raw[i] < 600
            && (raw_link[i] as f32) < 0.3 * raw[i] as f32
            && section_header(dom, i, &ci[i])
        {
            // A service page's section heading block ("cd-header", "section-header"): its
            // title and subtitle, not the site's banner.
            Drop::No
        } else if kind == PageType::Service
            && tag == Tag::Header
            && d == Drop::Strong
            && raw[i] < 600
            && (raw_link[i] as f32) < 0.3 * raw[i] as f32
            && heading_block(dom, i)
        {
            // A `<header>` that heads one of a service page's sections (its `<h2>` and
            // subtitle, "Use the tech you love"), not the site's banner (logo, menu, `<h1>`):
            // its class still counts.
            v
        } else if kind == PageType::Service
            && d == Drop::Strong
            && v == Drop::Strong
            && !boilerplate::tag_always_dropped(tag)
            && !boilerplate::tag_usually_dropped(tag)
            && (ci[i].contains("faq") || ci[i].contains("tabs"))
            && (raw_p[i] >= 300 || raw[i].saturating_sub(raw_link[i]) >= 400)
            && (raw_link[i] as f32) < 0.2 * raw[i] as f32
        {
            // A service page's FAQ or tabs whose class also names the widget it is built with
            // ("faq_tabs-menu", "autoplay-tabs_menu"): its questions and answers, its tabs'
            // texts, are paragraphs, not a menu's links.
            Drop::No
        } else if d == Drop::Strong
            && text_kind
            && kind != PageType::Article
            && tag != Tag::Header
            && (raw_p[i] >= 200 || raw[i] >= 1000)
            && (raw_link[i] as f32) < 0.3 * raw[i] as f32
            && dom.has_role(i, "tablist")
        {
            // An accordion whose wrapper says `role=tablist` (Bootstrap's "panel-group"): it
            // holds its panels' paragraphs, where a real tab strip holds a few short labels.
            v
        } else if d == Drop::Strong
            && text_kind
            && kind != PageType::Article
            && !boilerplate::tag_always_dropped(tag)
            && (raw_link[i] as f32) < 0.5 * raw[i] as f32
            && (tab_panel(dom, i, &ci[i])
                || ((tab_body[p] || tab_panel(dom, p, &ci[p]))
                    && raw[i] as f32 >= 0.8 * raw[p] as f32))
        {
            // A tab's panel, or the wrappers filling it, whose class names the tab widget
            // ("filter-menu-tabs-…-tabpanel", "filter-menu-item-container"): the words come
            // from the widget, the text is the page's.
            tab_body[i] = true;
            Drop::No
        } else if text_kind
            && kind != PageType::Article
            && aria_hidden(dom, i)
            && dom.nodes[p].tag == Tag::Details
            && !boilerplate::tag_always_dropped(tag)
            && (raw_link[i] as f32) < 0.5 * raw[i] as f32
        {
            // The answer a `<details>` folds (an FAQ's), marked `aria-hidden` until its
            // `<summary>` is clicked: the page's text, as the question is.
            v
        } else if (d == Drop::Hard
            || ((text_kind || kind == PageType::Listing) && aria_hidden(dom, i)))
            && !boilerplate::tag_always_dropped(tag)
            && (folded_panel(dom, i, &ci[i])
                || (text_kind
                    && disclosure_region(dom, i)
                    && (raw_link[i] as f32) < 0.3 * raw[i] as f32
                    && opened_by_button(i)))
            && (!matches!(kind, PageType::Article | PageType::Listing)
                || d == Drop::Hard && kind == PageType::Listing
                || opened_by_button(i))
        {
            // Closed tabs and accordions hold a page's text (a service's offers, a product's
            // details, on an article the steps or FAQ a button opens: `aria-controls` names
            // the panel); they are hidden only until clicked (`hidden`, or `aria-hidden` on an
            // article, service, forum or documentation page, and on a listing when a button
            // names the panel: a category's buying guide below its grid).
            Drop::No
        } else if tag == Tag::P
            && v != Drop::No
            && d != Drop::Hard
            && (raw_link[i] as f32) < 0.2 * raw[i] as f32
            && (raw[i] >= 150 || (raw[i] >= 40 && prose_sibling(dom, i, |c| (raw[c], raw_link[c]))))
        {
            // A paragraph of prose is not navigation because its class says "contextmenu";
            // nor is a shorter one of the same class beside such a paragraph.
            Drop::No
        } else {
            d
        };
        // An accordion marked up as a tab list (Bootstrap's FAQ: `role=tablist` around its
        // questions and their panels) is the FAQ, not a row of tabs, when it holds 500 bytes
        // and more, mostly not links.
        let d = if d == Drop::Strong
            && kind != PageType::Article
            && v == Drop::No
            && raw[i] >= 500
            && (raw_link[i] as f32) < 0.5 * raw[i] as f32
            && dom.has_role(i, "tablist")
        {
            Drop::No
        } else {
            d
        };
        let d = if d == Drop::Strong && wraps_main[i] {
            Drop::No
        } else if kind == PageType::Product
            && d != Drop::Hard
            && !wraps_main[i]
            && (raw[i] as f32) < 0.8 * raw_total as f32
            && (crate::kind::review_class(&ci[i]) || crate::kind::language_class(&ci[i]))
        {
            // A shop's customer reviews are its comments: not the product's text; nor are
            // its boxes of languages (a switcher, a game's table of supported languages).
            Drop::Hard
        } else if kind == PageType::Forum
            && !wraps_main[i]
            && (raw[i] as f32) < 0.2 * raw_total as f32
            && crate::kind::post_chrome(&ci[i])
        {
            // A post's author card, signature and vote counter are not the thread's text.
            Drop::Hard
        } else if kind == PageType::Service
            && tag == Tag::Form
            && d != Drop::No
            && !wraps_main[i]
            && (raw[i] as f32) < 0.3 * raw_total as f32
            && contact_fields(dom, i)
        {
            // A service page's contact or quote form (a message box, an e-mail field): its
            // notices ("By checking this box …") are paragraphs, but they are the form's small
            // print, not the page's sections. A calculator's form is the service itself.
            Drop::Hard
        } else if in_qa_post[p] && crate::kind::comment_class(&ci[i]) {
            // The comments under a Q&A page's question or answer are remarks on the post, not
            // the thread (its answers).
            Drop::Hard
        } else {
            d
        };
        // A shop's cart drawer ("mini-cart", "bag bag--mini") is chrome on every page but an
        // article (where a post may be about one), also on
        // the second, lenient try for a page that came out almost empty.
        let d = if kind != PageType::Article && !wraps_main[i] && crate::kind::cart_drawer(&ci[i]) {
            Drop::Hard
        } else {
            d
        };
        match d {
            Drop::No => {}
            Drop::Hard => alive[i] = false,
            d => {
                // Keep containers that hold most of the page's text (layout wrappers with
                // unlucky class names, forms around the whole page).
                // On a listing: 60 % of the page's own text, or of the wrapper kept so above it
                // (the grid beside the filters in the wrapper of both).
                let own_base = if share_base[i] > 0 {
                    share_base[i]
                } else {
                    own_total
                };
                // A "related products" grid holding most of that text is the listing itself.
                let own_big = kind == PageType::Listing
                    && (d == Drop::Soft && raw[i] > 1000 && raw[i] as f32 > 0.6 * own_base as f32
                        || d == Drop::Strong
                            && raw[i] > 300
                            && crate::kind::related_grid(&ci[i])
                            && raw[i] as f32 > 0.4 * own_base as f32
                            && raw[i] as f32 >= 0.6 * raw[p] as f32)
                    && !matches!(tag, Tag::Header | Tag::Nav | Tag::Footer);
                let big = if d == Drop::Banner {
                    raw[i] as f32 > 0.6 * raw_total as f32
                } else {
                    (raw[i] as f32 > big_share * raw_total as f32
                        && raw[i] > 1000
                        && d == Drop::Soft)
                        || own_big
                        || (raw_p[i] as f32 >= 0.4 * p_total as f32 && raw_p[i] > 300)
                };
                if own_big {
                    share_base[i] = raw[i];
                }
                // Weak evidence does not remove paragraph text with few links.
                let prose = d == Drop::Soft
                    && (raw_p[i] >= 300 || raw[i].saturating_sub(raw_link[i]) >= 800)
                    && (raw_link[i] as f32) < 0.25 * raw[i] as f32;
                // On a product page a block whose class hides it is a store's leftovers
                // (custom fields for its feeds), not folded content (which its tab or accordion
                // class keeps above), however much text it holds.
                if (!big && !prose)
                    || (kind == PageType::Product && boilerplate::hidden_by_class(&ci[i]))
                {
                    alive[i] = false;
                }
            }
        }
    }
    let mut len = vec![0u32; n];
    let mut link_len = vec![0u32; n];
    let mut commas = vec![0u32; n];
    let mut direct = vec![0u32; n];
    for i in (1..n).rev() {
        if !alive[i] {
            continue;
        }
        let node = &dom.nodes[i];
        if node.tag == Tag::Text {
            let l = trimmed_len(&node.text);
            len[i] = l;
            if in_link[i] {
                link_len[i] = l;
            }
            commas[i] = node.text.bytes().filter(|b| *b == b',').count() as u32;
            let p = node.parent as usize;
            direct[p] += l;
        }
        let p = node.parent;
        if p != NONE {
            let p = p as usize;
            len[p] = len[p].saturating_add(len[i]);
            link_len[p] = link_len[p].saturating_add(link_len[i]);
            commas[p] = commas[p].saturating_add(commas[i]);
        }
    }
    Stats {
        alive,
        in_link,
        len,
        link_len,
        commas,
        direct,
        ci,
        cinfo,
        stripped,
    }
}

/// The text length (per-node lengths `raw`) inside the page's outermost `<header>`, `<nav>`
/// and `<footer>` elements that are not part of a `<main>` or an `<article>`: the site's chrome.
fn chrome_text(dom: &Dom<'_>, raw: &[u32]) -> u32 {
    let mut total = 0;
    let mut i = 1;
    while i < dom.len() {
        match dom.nodes[i].tag {
            Tag::Main | Tag::Article | Tag::Head => i = dom.nodes[i].end as usize,
            Tag::Header | Tag::Nav | Tag::Footer => {
                total += raw[i];
                i = dom.nodes[i].end as usize;
            }
            _ => i += 1,
        }
    }
    total
}

/// True when element `i` holds a field to fill in (a `<textarea>`, a `<select>` or an
/// `<input>` that is not hidden).
fn has_fields(dom: &Dom<'_>, i: usize) -> bool {
    (i + 1..dom.nodes[i].end as usize).any(|k| match dom.nodes[k].tag {
        Tag::Textarea | Tag::Select => true,
        Tag::Input => !dom
            .attr(k, "type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("hidden")),
        _ => false,
    })
}

/// True when element `i` holds the fields of a contact form: a `<textarea>` (the message) or
/// an e-mail or phone `<input>`.
fn contact_fields(dom: &Dom<'_>, i: usize) -> bool {
    (i + 1..dom.nodes[i].end as usize).any(|k| match dom.nodes[k].tag {
        Tag::Textarea => true,
        Tag::Input => dom.attr(k, "type").is_some_and(|t| {
            let t = t.trim();
            t.eq_ignore_ascii_case("email") || t.eq_ignore_ascii_case("tel")
        }),
        _ => false,
    })
}

/// True when element `i` is a finished segment of React's streamed rendering: a hidden
/// `<div>` whose id is "S:" and a number in hex ("S:3", "S:1f").
fn react_segment(dom: &Dom<'_>, i: usize) -> bool {
    dom.nodes[i].tag == Tag::Div
        && dom.attr(i, "id").is_some_and(|id| {
            id.strip_prefix("S:")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_hexdigit()))
        })
}

/// True when text node `i` is the short visible label that the screen-reader text right after
/// it (a `clipped` span, eBay's "See all details" + "See all details on coverage") says again
/// in full: the page would read both, so the label is dropped and the full text kept.
fn screen_reader_twin(dom: &Dom<'_>, i: usize) -> bool {
    let label = dom.nodes[i].text.trim();
    if label.is_empty() || i + 2 >= dom.len() || dom.nodes[i + 1].parent != dom.nodes[i].parent {
        return false;
    }
    let clipped = dom
        .attr(i + 1, "class")
        .is_some_and(|c| c.split_ascii_whitespace().any(|w| w == "clipped"));
    clipped
        && dom.nodes[i + 2].el.is_none()
        && dom.nodes[i + 2].parent as usize == i + 1
        && dom.nodes[i + 2].text.trim().starts_with(label)
}

/// True when element `i` is marked `aria-hidden="true"`.
fn aria_hidden(dom: &Dom<'_>, i: usize) -> bool {
    dom.attr(i, "aria-hidden")
        .is_some_and(|a| a.trim().eq_ignore_ascii_case("true"))
}

/// True when `<header>` `i` lies inside an `<article>` (within four levels) that is not the
/// whole page's: the header of one item.
fn item_header(dom: &Dom<'_>, i: usize) -> bool {
    let mut a = i;
    for _ in 0..4 {
        let p = dom.nodes[a].parent;
        if p == NONE {
            return false;
        }
        a = p as usize;
        match dom.nodes[a].tag {
            Tag::Article => return true,
            Tag::Body | Tag::Main => return false,
            _ => {}
        }
    }
    false
}

/// True when element `i` (class/id `ci`) is a section's heading block: a class word with the
/// token "header" ("cd-header", "gm-header", "section-header") on an element that holds an
/// `<h2>`–`<h6>` (the site's banner holds the logo and menu, or the page's `<h1>`).
fn section_header(dom: &Dom<'_>, i: usize, ci: &str) -> bool {
    ci.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|t| t == "header")
        && holds_tag(dom, i, subheading)
}

/// True for a heading below the page's title: `<h2>`–`<h6>`.
fn subheading(t: Tag) -> bool {
    t.is_heading() && t != Tag::H1
}

/// True when a node inside element `i` has a tag for which `pick` is true.
fn holds_tag(dom: &Dom<'_>, i: usize, pick: impl Fn(Tag) -> bool) -> bool {
    (i + 1..dom.nodes[i].end as usize).any(|k| pick(dom.nodes[k].tag))
}

/// True when class word `w` names the footer of a card ("card-footer", "card__footer",
/// "styledcustomercardfooter-…").
fn card_footer(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    w.contains("cardfooter") || w.contains("card-footer") || w.contains("card__footer")
}

/// The element just before element `i` among its parent's children, if any.
fn prev_element(dom: &Dom<'_>, i: usize) -> Option<usize> {
    let p = dom.nodes[i].parent;
    if p == NONE {
        return None;
    }
    dom.children(p as usize)
        .take_while(|&k| k < i)
        .filter(|&k| dom.nodes[k].el.is_some())
        .last()
}

/// True when element `i` holds an `<h2>`–`<h6>` and a `<p>` (its subtitle), or an `<h2>`, and
/// no `<h1>`, menu, list or form: a section's heading block, not the page's banner (nor an
/// item card's bare `<h3>` title).
fn heading_block(dom: &Dom<'_>, i: usize) -> bool {
    holds_tag(dom, i, subheading)
        && holds_tag(dom, i, |t| matches!(t, Tag::P | Tag::H2))
        && !holds_tag(dom, i, |t| {
            matches!(t, Tag::H1 | Tag::Nav | Tag::Form | Tag::Ul)
        })
}

/// True when element `i` (class/id `ci`) is a tab's panel: `role=tabpanel`, or a class word
/// ending in "tabpanel" ("cmp-tabs__tabpanel", "filter-menu-tabs-…-tabpanel"). A strong class
/// verdict on it comes from the tab widget's name ("filter-menu"), not from what it holds.
fn tab_panel(dom: &Dom<'_>, i: usize, ci: &str) -> bool {
    dom.attr(i, "role")
        .is_some_and(|r| r.eq_ignore_ascii_case("tabpanel"))
        || ci
            .split_ascii_whitespace()
            .any(|w| w.ends_with("tabpanel") || w.ends_with("tab-panel"))
}

/// True when paragraph `i` has a sibling `<p>` of the same class that is prose: 150 bytes or
/// more of text, under 20 % of it links (`len` gives a node's text and link bytes). A
/// body-text class that happens to contain a menu word marks all of the article's
/// paragraphs, the short ones too.
fn prose_sibling(dom: &Dom<'_>, i: usize, len: impl Fn(usize) -> (u32, u32)) -> bool {
    let p = dom.nodes[i].parent;
    if p == NONE {
        return false;
    }
    let class = dom.attr(i, "class").unwrap_or("");
    dom.children(p as usize).take(200).any(|c| {
        c != i && dom.nodes[c].tag == Tag::P && dom.attr(c, "class").unwrap_or("") == class && {
            let (t, l) = len(c);
            t >= 150 && (l as f32) < 0.2 * t as f32
        }
    })
}

/// True when element `i` is a disclosure's panel by its ARIA roles alone (`role=region`
/// or `aria-labelledby`, the pattern of an accordion without class names): with a button's
/// `aria-controls` naming it, the text it folds away.
fn disclosure_region(dom: &Dom<'_>, i: usize) -> bool {
    dom.has_role(i, "region") || dom.attr(i, "aria-labelledby").is_some()
}

/// True when element `i` (class/id `ci`) is a folded tab panel or accordion section (hidden
/// until clicked): `role=tabpanel`, or a tab/accordion/collapse/FAQ class, or the content of
/// a toggle ("toggle__content").
fn folded_panel(dom: &Dom<'_>, i: usize, ci: &str) -> bool {
    dom.attr(i, "role")
        .is_some_and(|r| r.eq_ignore_ascii_case("tabpanel"))
        || ["tab", "accordion", "collapse", "faq", "panel"]
            .iter()
            .any(|w| ci.contains(w))
        || ci
            .split_ascii_whitespace()
            .any(|w| w.contains("toggle") && w.contains("content"))
        || opened_by_previous(dom, i)
}

/// True when the element just before element `i` among its siblings is a heading or button
/// that opens it: one with `aria-expanded`, or holding a toggle control (class "toggler",
/// "accordion-toggle"). A FAQ's answer hidden under its question.
fn opened_by_previous(dom: &Dom<'_>, i: usize) -> bool {
    let Some(t) = prev_element(dom, i) else {
        return false;
    };
    if !(dom.nodes[t].tag.is_heading() || dom.nodes[t].tag == Tag::Button) {
        return false;
    }
    dom.attr(t, "aria-expanded").is_some()
        || (t..dom.nodes[t].end as usize).any(|d| {
            dom.attr(d, "class")
                .is_some_and(|c| c.to_ascii_lowercase().contains("toggle"))
        })
}

/// Explicit article-body containers: `itemprop=articleBody`, article-body class names,
/// `<article>`, `<main>`. Returns the chosen container(s) in document order.
pub(crate) fn explicit_candidate(dom: &Dom<'_>, st: &Stats) -> Vec<usize> {
    let n = dom.len();
    // (priority, node)
    let mut levels: [Vec<usize>; 4] = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for i in 1..n {
        if !st.alive[i] || dom.nodes[i].el.is_none() || st.len[i] < 100 {
            continue;
        }
        let tag = dom.nodes[i].tag;
        if dom
            .attr(i, "itemprop")
            .map(|v| v.contains("articleBody"))
            .unwrap_or(false)
        {
            levels[0].push(i);
        } else if st.cinfo[i].body && !matches!(tag, Tag::P | Tag::Span | Tag::A) {
            levels[1].push(i);
        } else if tag == Tag::Article {
            levels[2].push(i);
        } else if tag == Tag::Main
            || dom
                .attr(i, "role")
                .map(|r| r.eq_ignore_ascii_case("main"))
                .unwrap_or(false)
        {
            levels[3].push(i);
        }
    }
    for (lvl, cands) in levels.iter().enumerate() {
        if cands.is_empty() {
            continue;
        }
        let good = |i: usize| st.len[i] as f32 * (1.0 - st.ld(i));
        let Some(&best) = cands.iter().max_by(|&&a, &&b| good(a).total_cmp(&good(b))) else {
            continue;
        };
        if good(best) < 200.0 {
            continue;
        }
        // The outermost match that contains `best` with no more text of its own is as good;
        // prefer the innermost: `best` is the max, nested inner ones have less text.
        let mut out = vec![best];
        if lvl <= 1 {
            // Bodies split into several sibling blocks with the same markup.
            // Ancestors of `best` up to 4 levels: other matches under them belong to the body.
            let anc = ancestor_below_body(dom, dom.nodes[best].parent as usize, 3);
            for &c in cands {
                if c != best
                    && (lvl == 0 || st.ci[c] == st.ci[best])
                    && dom.contains(anc, c)
                    && st.ld(c) < 0.3
                    && st.len[c] >= 100
                    && !dom.contains(best, c)
                    && !dom.contains(c, best)
                {
                    out.push(c);
                }
            }
            out.sort_unstable();
        }
        return out;
    }
    Vec::new()
}

/// Readability's negative class/id words (weight −25).
const WEIGHT_NEG: &[&str] = &[
    "comment",
    "foot",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "tool",
    "widget",
    "teaser",
    "banner",
    "hidden",
    "combx",
    "contact",
    "caption",
];

/// Readability's positive class/id words (weight +25).
const WEIGHT_POS: &[&str] = &[
    "article", "body", "content", "entry", "main", "page", "post", "text", "blog", "story",
    "artikel", "inhalt",
];

/// Readability-style candidate: paragraphs give score to their ancestors; the best-scoring
/// container plus related siblings. Returns containers in document order.
pub(crate) fn scored_candidate(dom: &Dom<'_>, st: &Stats) -> Vec<usize> {
    let n = dom.len();
    let mut score = vec![0f32; n];
    let mut scored = vec![false; n];
    for i in 1..n {
        if !st.alive[i] {
            continue;
        }
        let tag = dom.nodes[i].tag;
        let is_para = match tag {
            Tag::P | Tag::Pre | Tag::Td | Tag::Blockquote => true,
            Tag::Div | Tag::Section | Tag::Article | Tag::Span => st.direct[i] >= 60,
            _ => false,
        };
        if !is_para {
            continue;
        }
        let l = st.len[i];
        if l < 25 {
            continue;
        }
        let s = 1.0 + st.commas[i] as f32 + (l as f32 / 100.0).min(3.0);
        // A container with its own text (text and <br> straight in a <div>) holds that
        // paragraph itself, as Readability's wrapping of loose text into <p> would make it.
        let mut a = if matches!(tag, Tag::Div | Tag::Section | Tag::Article) {
            i as u32
        } else {
            dom.nodes[i].parent
        };
        let mut level = 0;
        while a != NONE && level < 5 {
            let ai = a as usize;
            if dom.nodes[ai].tag == Tag::Document {
                break;
            }
            if !scored[ai] {
                scored[ai] = true;
                score[ai] += base_score(dom.nodes[ai].tag) + st.cinfo[ai].weight;
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f32 * 3.0,
            };
            score[ai] += s / div;
            a = dom.nodes[ai].parent;
            level += 1;
        }
    }
    let mut best = NONE as usize;
    let mut best_score = 0.0f32;
    for i in 0..n {
        if scored[i] {
            let f = score[i] * (1.0 - st.ld(i));
            score[i] = f;
            if f > best_score {
                best_score = f;
                best = i;
            }
        }
    }
    if best == NONE as usize {
        return Vec::new();
    }
    // Climb while the parent scores about as well (text split into several sub-containers).
    let mut top = best;
    while let Some(p) = parent_below_body(dom, top) {
        if scored[p] && score[p] >= score[top] * 0.9 && st.len[p] < st.len[top] * 2 {
            top = p;
        } else {
            break;
        }
    }
    let parent = dom.nodes[top].parent;
    if parent == NONE {
        return vec![top];
    }
    let threshold = (score[top] * 0.2).max(10.0);
    let mut out = Vec::new();
    let mut c = parent as usize + 1;
    let pend = dom.nodes[parent as usize].end as usize;
    while c < pend {
        let next = dom.nodes[c].end as usize;
        if c == top {
            out.push(c);
        } else if st.alive[c] && dom.nodes[c].el.is_some() {
            let mut append = false;
            let mut bonus = 0.0;
            if !st.ci[c].is_empty() && st.ci[c] == st.ci[top] {
                bonus = score[top] * 0.2;
            }
            if scored[c] && score[c] + bonus >= threshold {
                append = true;
            } else if dom.nodes[c].tag == Tag::P {
                let l = st.len[c];
                let ld = st.ld(c);
                if l > 80 && ld < 0.25 {
                    append = true;
                } else if l > 0 && l <= 80 && ld == 0.0 {
                    let t = dom.text_of(c);
                    if t.contains(". ") || t.ends_with('.') {
                        append = true;
                    }
                }
            }
            if append {
                out.push(c);
            }
        }
        c = next.max(c + 1);
    }
    out
}

/// True when every node of `inner` lies in one of `outer` (both sorted by document order,
/// `outer` disjoint subtrees); a merge walk, linear in both.
fn covers(dom: &Dom<'_>, outer: &[usize], inner: &[usize]) -> bool {
    if outer.is_empty() {
        return false;
    }
    let mut k = 0;
    for &r in inner {
        while k < outer.len() && (dom.nodes[outer[k]].end as usize) <= r {
            k += 1;
        }
        if k == outer.len() || !dom.contains(outer[k], r) {
            return false;
        }
    }
    true
}

/// The parent of `node` unless it is `<body>` or above.
fn parent_below_body(dom: &Dom<'_>, node: usize) -> Option<usize> {
    let a = dom.nodes[node].parent;
    if a == NONE
        || matches!(
            dom.nodes[a as usize].tag,
            Tag::Body | Tag::Html | Tag::Document
        )
    {
        None
    } else {
        Some(a as usize)
    }
}

/// The ancestor of `node` up to `levels` levels up, stopping below `<body>`.
fn ancestor_below_body(dom: &Dom<'_>, node: usize, levels: usize) -> usize {
    let mut anc = node;
    for _ in 0..levels {
        match parent_below_body(dom, anc) {
            Some(a) => anc = a,
            None => break,
        }
    }
    anc
}

/// Bodies split into several text modules with one class ("c-text-element" between image and
/// quote modules, each in its own wrapper): other alive elements with the class of `top`, under
/// its ancestor up to six levels up, with little link text, join the candidate.
fn same_class_cousins(dom: &Dom<'_>, st: &Stats, out: &mut Vec<usize>) {
    let Some(&top) = out.iter().max_by_key(|&&o| st.len[o]) else {
        return;
    };
    let class = st.ci[top].as_str();
    // A card's excerpt or teaser repeats in every card of a list of other posts: those
    // excerpts are not one body's modules.
    if class.is_empty() || class.contains("excerpt") || class.contains("teaser") {
        return;
    }
    let anc = ancestor_below_body(dom, top, 6);
    if anc == top {
        return;
    }
    let end = dom.nodes[anc].end as usize;
    // One walk over the ancestor's subtree, merged with the sorted, disjoint roots: linear.
    let mut roots = out.clone();
    roots.sort_unstable();
    let mut k = 0;
    let mut c = anc + 1;
    while c < end {
        while k < roots.len() && roots[k] < c {
            k += 1;
        }
        let next = (dom.nodes[c].end as usize).max(c + 1);
        if roots.get(k) == Some(&c) {
            // Inside a root already: skip its subtree.
            c = next;
            continue;
        }
        // `c` holds a root when the next root starts inside it.
        let holds_root = roots.get(k).is_some_and(|&r| r < next);
        if !holds_root
            && st.alive[c]
            && st.ci[c] == class
            && !matches!(dom.nodes[c].tag, Tag::A | Tag::Li)
            && st.len[c] >= 30
            && st.ld(c) < 0.3
        {
            out.push(c);
            c = next;
            continue;
        }
        c += 1;
    }
    if out.len() != roots.len() {
        out.sort_unstable();
        between_module_headings(dom, st, out);
    }
}

/// The headings between a body's text modules (sorted, disjoint roots `out`: the joined
/// modules of [`same_class_cousins`], several article-body containers): a module body's
/// section titles often sit in title modules of their own ("editor-blog-title" between
/// "editor-blog-richtext"s), which neither the class nor the body markup takes in.
fn between_module_headings(dom: &Dom<'_>, st: &Stats, out: &mut Vec<usize>) {
    let (Some(&first), Some(&last)) = (out.first(), out.last()) else {
        return;
    };
    let mut k = 0;
    let mut extra = Vec::new();
    let mut c = first;
    while c < last {
        while k < out.len() && out[k] < c {
            k += 1;
        }
        let next = (dom.nodes[c].end as usize).max(c + 1);
        if out.get(k) == Some(&c) {
            c = next;
            continue;
        }
        if dom.nodes[c].tag.is_heading()
            && st.alive[c]
            && (3..200).contains(&st.len[c])
            && st.ld(c) < 0.5
        {
            extra.push(c);
            c = next;
            continue;
        }
        c += 1;
    }
    if !extra.is_empty() {
        out.extend(extra);
        out.sort_unstable();
    }
}

fn base_score(tag: Tag) -> f32 {
    match tag {
        Tag::Div | Tag::Article | Tag::Section | Tag::Main => 5.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => {
            -3.0
        }
        Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6 | Tag::Th => -5.0,
        _ => 0.0,
    }
}

/// Decides whether a table holds data (rendered as a table block) or lays out the page.
fn is_data_table(dom: &Dom<'_>, st: &Stats, t: usize) -> bool {
    let end = dom.nodes[t].end as usize;
    if st.len[t] > 20_000 {
        return false;
    }
    let mut rows = 0;
    let mut blocks = 0;
    let mut scanned = 0;
    let mut i = t + 1;
    while i < end {
        scanned += 1;
        if scanned > 5000 {
            return false;
        }
        match dom.nodes[i].tag {
            Tag::Table => return false,
            Tag::Tr => rows += 1,
            Tag::P
            | Tag::Div
            | Tag::Ul
            | Tag::Ol
            | Tag::Blockquote
            | Tag::H1
            | Tag::H2
            | Tag::H3
            | Tag::Pre => blocks += 1,
            Tag::Td | Tag::Th if st.len[i] > 400 => return false,
            _ => {}
        }
        i += 1;
    }
    rows >= 1 && blocks <= rows
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Block,
    Heading(u8),
    List,
    Quote,
    Pre,
    Table,
    Row,
    Cell,
}

fn ctx_for(t: Tag) -> Ctx {
    match t {
        Tag::H1 => Ctx::Heading(1),
        Tag::H2 => Ctx::Heading(2),
        Tag::H3 => Ctx::Heading(3),
        Tag::H4 => Ctx::Heading(4),
        Tag::H5 => Ctx::Heading(5),
        Tag::H6 => Ctx::Heading(6),
        Tag::Li | Tag::Dd | Tag::Dt => Ctx::List,
        Tag::Blockquote => Ctx::Quote,
        Tag::Pre => Ctx::Pre,
        _ => Ctx::Block,
    }
}

struct Emitter {
    out: Vec<RawBlock>,
    buf: String,
    buf_link: usize,
    ctx: Vec<(u32, Ctx, usize)>,
    rows: Vec<String>,
    cells: Vec<String>,
    table_depth: usize,
    /// Open `<pre>` contexts.
    pre_depth: usize,
}

impl Emitter {
    fn kind(&self) -> (BlockKind, u8, usize) {
        let node = self.ctx.last().map(|c| c.2).unwrap_or(0);
        for &(_, c, _) in self.ctx.iter().rev().take(32) {
            match c {
                Ctx::Pre => return (BlockKind::Preformatted, 0, node),
                Ctx::Heading(l) => return (BlockKind::Heading, l, node),
                Ctx::List => return (BlockKind::ListItem, 0, node),
                Ctx::Quote => return (BlockKind::Quote, 0, node),
                _ => {}
            }
        }
        (BlockKind::Paragraph, 0, node)
    }

    fn flush(&mut self) {
        if self.table_depth > 0 {
            return;
        }
        if self.buf.trim().is_empty() {
            self.buf.clear();
            self.buf_link = 0;
            return;
        }
        let (kind, level, node) = self.kind();
        let text = if kind == BlockKind::Preformatted {
            self.buf.trim_matches('\n').trim_end().to_string()
        } else {
            self.buf.trim().to_string()
        };
        self.buf.clear();
        let link_len = std::mem::take(&mut self.buf_link);
        if !text.is_empty() {
            self.out.push(RawBlock {
                kind,
                text,
                link_len,
                node,
                level,
            });
        }
    }

    fn close(&mut self) {
        let Some((_, c, node)) = self.ctx.last().copied() else {
            return;
        };
        match c {
            Ctx::Cell => {
                let t = self.buf.trim().to_string();
                self.buf.clear();
                self.cells.push(t);
            }
            Ctx::Row => {
                let t = self.buf.trim().to_string();
                self.buf.clear();
                if !t.is_empty() {
                    self.cells.push(t);
                }
                let cells: Vec<String> = self.cells.drain(..).filter(|c| !c.is_empty()).collect();
                if !cells.is_empty() {
                    self.rows.push(cells.join(" | "));
                }
            }
            Ctx::Table => {
                self.table_depth = self.table_depth.saturating_sub(1);
                let t = self.buf.trim().to_string();
                self.buf.clear();
                if !t.is_empty() {
                    self.rows.push(t);
                }
                let rows = std::mem::take(&mut self.rows);
                let link_len = std::mem::take(&mut self.buf_link);
                if !rows.is_empty() {
                    self.out.push(RawBlock {
                        kind: BlockKind::Table,
                        text: rows.join("\n"),
                        link_len,
                        node,
                        level: 0,
                    });
                }
            }
            Ctx::Pre => {
                self.flush();
                self.pre_depth = self.pre_depth.saturating_sub(1);
            }
            _ => self.flush(),
        }
        self.ctx.pop();
    }
}

/// Emits the text blocks of the given containers, in document order, skipping `skip` nodes.
pub(crate) fn emit(
    dom: &Dom<'_>,
    st: &Stats,
    roots: &[usize],
    skip: Option<usize>,
) -> Vec<RawBlock> {
    let mut em = Emitter {
        out: Vec::new(),
        buf: String::new(),
        buf_link: 0,
        ctx: Vec::new(),
        rows: Vec::new(),
        cells: Vec::new(),
        table_depth: 0,
        pre_depth: 0,
    };
    for &root in roots {
        if root >= dom.len() || !st.alive[root] {
            continue;
        }
        let end = dom.nodes[root].end as usize;
        let c = ctx_for(dom.nodes[root].tag);
        if c == Ctx::Pre {
            em.pre_depth += 1;
        }
        em.ctx.push((end as u32, c, root));
        let mut i = root + 1;
        while i < end {
            while let Some(&(e, _, _)) = em.ctx.last() {
                if (i as u32) >= e {
                    em.close();
                } else {
                    break;
                }
            }
            let node = &dom.nodes[i];
            if !st.alive[i] || Some(i) == skip {
                i = (node.end as usize).max(i + 1);
                continue;
            }
            let in_pre = em.pre_depth > 0;
            match node.tag {
                Tag::Text => {
                    let before = em.buf.len();
                    if in_pre {
                        em.buf.push_str(&node.text);
                    } else {
                        push_collapsed(&mut em.buf, &node.text);
                    }
                    if st.in_link[i] {
                        em.buf_link += em.buf.len() - before;
                    }
                }
                Tag::Br => {
                    if in_pre {
                        em.buf.push('\n');
                    } else if !em.buf.ends_with(' ') && !em.buf.is_empty() {
                        em.buf.push(' ');
                    }
                }
                Tag::Table if em.table_depth == 0 && is_data_table(dom, st, i) => {
                    em.flush();
                    em.table_depth = 1;
                    em.ctx.push((node.end, Ctx::Table, i));
                }
                Tag::Tr if em.table_depth > 0 => {
                    em.ctx.push((node.end, Ctx::Row, i));
                }
                Tag::Td | Tag::Th if em.table_depth > 0 => {
                    em.ctx.push((node.end, Ctx::Cell, i));
                }
                // Inside a data table a block element only separates words: it must match here
                // whether or not a space is needed, and never reach the flushing arm below, so
                // the `if` stays out of the guard.
                #[allow(clippy::collapsible_match)]
                t if em.table_depth > 0 && t.is_block() => {
                    if !em.buf.ends_with(' ') && !em.buf.is_empty() {
                        em.buf.push(' ');
                    }
                }
                t if t.is_block() => {
                    em.flush();
                    let c = ctx_for(t);
                    if c == Ctx::Pre {
                        em.pre_depth += 1;
                    }
                    em.ctx.push((node.end, c, i));
                }
                _ => {}
            }
            i += 1;
        }
        while !em.ctx.is_empty() {
            em.close();
        }
    }
    em.out
}

/// True when block `b` (link density `ld`) is a sentence of the article's own that links
/// much of what it names ("This hotel features in my lists of [the best hotels in New York]
/// and [the most stunning pools]."): it ends like a sentence and keeps 25 bytes and four
/// words of its own around links that are not nearly all of it. A related-links list's
/// titles do not end with a full stop.
fn linked_sentence(b: &RawBlock, ld: f32) -> bool {
    if ld > 0.85 || !b.text.trim_end().ends_with(['.', '!', '?']) {
        return false;
    }
    let own = b.text.len().saturating_sub(b.link_len);
    own >= 25 && b.text.split_whitespace().count() >= 8
}

/// For each block, whether it is an item of an article's checklist: a run of three or more
/// list items of which at least one is short plain text (no link, under 100 bytes, no label
/// ending in ":") and whose linked items are short names (under 40 bytes on average). Such a
/// list links some of its items to reviews or shops ("Tent", "Rainfly", "Stakes"); a list
/// of links alone (related articles, a menu) has no plain item, a list of headlines (the
/// most-read list with the page's own title unlinked) has long items.
fn checklist_items(blocks: &[RawBlock], kind: PageType) -> Vec<bool> {
    let mut out = vec![false; blocks.len()];
    if kind != PageType::Article {
        return out;
    }
    for items in list_item_runs(blocks) {
        let run = &blocks[items.clone()];
        let plain = run.iter().any(|b| {
            b.link_len == 0 && !b.text.is_empty() && b.text.len() < 100 && !b.text.ends_with(':')
        });
        // The linked items are names of things (a few words), not headlines.
        let (links, link_bytes) = run
            .iter()
            .filter(|b| b.mostly_linked())
            .fold((0, 0), |(n, l), b| (n + 1, l + b.text.len()));
        if run.len() >= 3 && plain && link_bytes < 40 * links.max(1) {
            out[items].iter_mut().for_each(|o| *o = true);
        }
    }
    out
}

/// The runs of consecutive list items among `blocks` (each a range of indices).
fn list_item_runs(blocks: &[RawBlock]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut k = 0;
    std::iter::from_fn(move || {
        while k < blocks.len() && blocks[k].kind != BlockKind::ListItem {
            k += 1;
        }
        let start = k;
        while k < blocks.len() && blocks[k].kind == BlockKind::ListItem {
            k += 1;
        }
        (k > start).then_some(start..k)
    })
}

/// Drops boilerplate blocks: link-heavy, stock phrases, credits, repeats.
pub(crate) fn filter_blocks(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    filter_blocks_for(blocks, PageType::Article)
}

/// [`filter_blocks`] for a page of kind `kind`: a forum's and a live blog's short lines with a
/// date or time (a post's author and time, an entry's "14:32 Uhr") are content there.
pub(crate) fn filter_blocks_for(blocks: Vec<RawBlock>, kind: PageType) -> Vec<RawBlock> {
    let stamps = matches!(kind, PageType::Forum | PageType::Liveblog);
    let listing = kind == PageType::Listing;
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut out: Vec<RawBlock> = Vec::with_capacity(blocks.len());
    // A short heading whose following blocks are all link lists announces them ("Mehr zum
    // Thema", "Zum Weiterlesen"): it goes with them.
    let mut pending_heading: Option<RawBlock> = None;
    let mut heading_links = 0usize;
    let word_items = if listing {
        word_item_runs(&blocks)
    } else {
        vec![false; blocks.len()]
    };
    let checklist = checklist_items(&blocks, kind);
    for (k, (b, in_checklist)) in blocks.into_iter().zip(checklist).enumerate() {
        let len = b.text.len();
        if len == 0 {
            continue;
        }
        let ld = if in_checklist {
            0.0
        } else {
            b.link_len as f32 / len as f32
        };
        if b.kind != BlockKind::Table {
            // Link lists go; a paragraph whose own words are many stays even with many links
            // (list items opening with a linked sentence, inline people boxes).
            // A listing's items are linked titles, a documentation page's link lists are its
            // index ("Tuning Your PostgreSQL Server by …"): content there, unless they are
            // single words (a long index's one-word names are items too, see
            // `word_item_runs`).
            let item_title = ((listing || kind == PageType::Documentation) && b.text.contains(' '))
                || word_items[k];
            let linked_sentence = matches!(
                kind,
                PageType::Article | PageType::Service | PageType::Forum | PageType::Documentation
            ) && linked_sentence(&b, ld);
            if ld > 0.5
                && (len - b.link_len.min(len) < 150 || ld > 0.85)
                && !item_title
                && !linked_sentence
            {
                if pending_heading.is_some() {
                    heading_links += 1;
                }
                continue;
            }
            let short_heading = (b.kind == BlockKind::Heading || len < 60)
                && !b.text.ends_with(['.', '!', '?', ':'])
                && len < 80;
            if let Some(h) = pending_heading.take() {
                if heading_links == 0 {
                    out.push(h);
                }
            }
            heading_links = 0;
            // A forum's short lines with digits are its posts' stamps, but not its like counts.
            let boilerplate = boilerplate::is_boilerplate_text(&b.text)
                && !(stamps
                    && len < 60
                    && b.text.bytes().any(|c| c.is_ascii_digit())
                    && !boilerplate::is_post_tally(&b.text));
            if short_heading && !boilerplate {
                pending_heading = Some(b);
                continue;
            }
            if boilerplate {
                continue;
            }
        }
        // Repeats of link-bearing blocks are navigation echoes; repeated plain text (recipes,
        // refrains) is content.
        if len > 10 && b.link_len > 0 && !seen.insert(b.text.clone()) {
            continue;
        }
        out.push(b);
    }
    if let Some(h) = pending_heading.take() {
        if heading_links == 0 {
            out.push(h);
        }
    }
    // A shop's row of other products under its heading ("Customers also bought"): names,
    // prices and "Sponsored" up to the next heading or sentence of the page's own (an item's
    // description cut off with "..." is the row's).
    if kind == PageType::Product {
        // The row's heading level: its items' names are lower headings.
        let mut skipping: Option<u8> = None;
        out.retain(|b| {
            if boilerplate::is_merch_heading(&b.text) {
                skipping = Some(if b.kind == BlockKind::Heading {
                    b.level
                } else {
                    6
                });
                return false;
            }
            if let Some(level) = skipping {
                let own = b.link_len == 0
                    && b.kind != BlockKind::ListItem
                    && ((b.kind == BlockKind::Heading && b.level <= level && b.text.len() >= 8)
                        || (b.text.len() >= 100
                            && b.text.ends_with(['.', '!', '?'])
                            && !b.text.ends_with("...")));
                if !own {
                    return false;
                }
                skipping = None;
            }
            true
        });
    }
    // A short block announcing what follows the article ("Über den Autor", "Related
    // Coverage", "Zum Weiterlesen") in its second half ends it: it and everything after go.
    let total: usize = out.iter().map(|b| b.text.len()).sum();
    let mut seen_len = 0usize;
    let mut cut = None;
    for (k, b) in out.iter().enumerate() {
        if seen_len * 2 >= total && boilerplate::is_end_marker(&b.text) {
            cut = Some(k);
            break;
        }
        seen_len += b.text.len();
    }
    if let Some(k) = cut {
        out.truncate(k);
    }
    // Trailing short fragments (bylines, "Mehr", dates) after the last real paragraph. Items
    // of a list that ends the article are its text, however short.
    let mut keep = out.len();
    while keep > 0 {
        let last = &out[keep - 1];
        if last.kind == BlockKind::ListItem
            && keep >= 2
            && out[keep - 2].kind == BlockKind::ListItem
        {
            break;
        }
        let l = last.text.chars().count();
        let sentence = last.text.ends_with(['.', '!', '?', '"', '“', '”']);
        // A heading that ends a sentence is a pull quote, not the title of a missing section.
        if (last.kind == BlockKind::Heading && l < 100 && !(sentence && l >= 40))
            || (l < 30 && !sentence)
        {
            keep -= 1;
        } else {
            break;
        }
    }
    // A shop's grid or a listing can be nothing but short lines (item names as headings,
    // prices): with no real paragraph there is nothing they trail, and they are the page
    // (unless they are only a few words: a sort menu, a "Loading").
    let grid = matches!(kind, PageType::Listing | PageType::Product)
        && out.len() >= 3
        && out.iter().map(|b| b.text.len()).sum::<usize>() >= 100;
    // Nor is a long run of them after an intro: a byline trails in a few blocks, a grid of
    // items in many.
    let run = kind == PageType::Listing && out.len() - keep >= 8;
    if (keep > 0 || !grid) && !run {
        out.truncate(keep);
    }
    out
}

/// Per block: a one-word linked list item in a long run of list items (sixteen or more) of
/// which a third or more are linked titles of several words and nine in ten different: a
/// listing's index of names ("Agda", "ALGOL 58", "Alice ML"), whose one-word names are items
/// like the others.
fn word_item_runs(blocks: &[RawBlock]) -> Vec<bool> {
    let mut out = vec![false; blocks.len()];
    for items in list_item_runs(blocks) {
        let run = &blocks[items.clone()];
        let titles = run
            .iter()
            .filter(|b| b.mostly_linked() && b.text.contains(' '))
            .count();
        // Names are all different; a grid of cards repeats its labels ("Color", "Price").
        let distinct = run
            .iter()
            .map(|b| b.text.as_str())
            .collect::<std::collections::HashSet<_>>()
            .len();
        if run.len() >= 16 && titles * 3 >= run.len() && distinct * 10 >= run.len() * 9 {
            for k in items {
                let b = &blocks[k];
                out[k] = b.mostly_linked() && !b.text.contains(' ') && b.text.len() >= 2;
            }
        }
    }
    out
}

/// "Good text": paragraph-like blocks of sentence length with few links.
pub(crate) fn quality(blocks: &[RawBlock]) -> (f32, f32) {
    let mut good = 0.0;
    let mut bad = 0.0;
    for b in blocks {
        let l = b.text.len() as f32;
        let ld = b.link_len as f32 / l.max(1.0);
        match b.kind {
            BlockKind::Heading if l < 100.0 => {}
            _ if l >= 80.0 && ld < 0.2 => good += l,
            _ if l < 40.0 || ld >= 0.2 => bad += l,
            _ => good += l * 0.5,
        }
    }
    (good, bad)
}

/// Whole-page fallback: every alive block of the body.
pub(crate) fn body_root(dom: &Dom<'_>) -> usize {
    (0..dom.len())
        .find(|&i| dom.nodes[i].tag == Tag::Body)
        .unwrap_or(0)
}

/// Chooses between the explicit and the scored candidate and returns the filtered blocks and
/// the roots used.
pub(crate) fn main_blocks(
    dom: &Dom<'_>,
    st: &Stats,
    variant: u8,
    body: &[Selector],
    kind: PageType,
) -> (Vec<RawBlock>, Vec<usize>) {
    let (mut blocks, roots) = by_kind(dom, st, variant, body, kind);
    if kind == PageType::Liveblog {
        crate::kind::newest_first(dom, st, &mut blocks);
    }
    drop_echoes(&mut blocks, kind);
    (blocks, roots)
}

/// Length in bytes from which a plain block repeated word for word is an echo, not a refrain.
const ECHO_MIN: usize = 80;

/// On a shop, forum or listing page, drops each later copy of a long block said before word
/// for word: the same text rendered twice (a description for the phone and for the desktop, a
/// post quoted whole, a card's teaser in two layouts). Code is shown again on purpose, and an
/// article's repeats (pull quotes, refrains) are its text, as are a service page's tabs that
/// repeat their points. Done on the chosen text only, so that it does not change which
/// container is chosen.
fn drop_echoes(blocks: &mut Vec<RawBlock>, kind: PageType) {
    if !matches!(
        kind,
        PageType::Product | PageType::Forum | PageType::Listing
    ) {
        return;
    }
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    blocks.retain(|b| {
        b.text.len() < ECHO_MIN || b.kind == BlockKind::Preformatted || seen.insert(b.text.clone())
    });
}

/// The main text for a page of kind `kind`: the article's, widened to where the kind keeps its
/// content ([`crate::kind::kind_root`]) when that holds more good text.
fn by_kind(
    dom: &Dom<'_>,
    st: &Stats,
    variant: u8,
    body: &[Selector],
    kind: PageType,
) -> (Vec<RawBlock>, Vec<usize>) {
    let (blocks, roots) = article_blocks(dom, st, variant, body, kind);
    if variant != 0 || !body.is_empty() {
        return (blocks, roots);
    }
    if kind == PageType::Article {
        // An article split into sections the scored container took one of (a list article's
        // entries, a cost guide's parts): `<main>` or the widest container with few links
        // around it, when it holds far more good text and little bad.
        return match crate::kind::kind_root(dom, st, kind, &roots) {
            Some(root) if !roots.contains(&root) => {
                let wide = filter_blocks_for(emit(dom, st, &[root], None), kind);
                let (g, _) = quality(&blocks);
                let (wg, wb) = quality(&wide);
                if wg >= 2.5 * g.max(200.0) && wb <= 0.15 * wg {
                    (wide, vec![root])
                } else {
                    (blocks, roots)
                }
            }
            _ => (blocks, roots),
        };
    }
    let (mut blocks, mut roots) = listing_or_other(dom, st, kind, blocks, roots);
    if kind == PageType::Listing {
        // A category's description below its grid, outside the items' container.
        if let Some(d) = crate::kind::trailing_description(dom, st, &roots) {
            blocks.extend(filter_blocks_for(emit(dom, st, &[d], None), kind));
            roots.push(d);
        }
        // A category's search-engine copy outside it, in page order.
        if let Some(d) = crate::kind::seo_copy(dom, st, &roots) {
            let seo = filter_blocks_for(emit(dom, st, &[d], None), kind);
            if roots.iter().all(|&r| r > d) {
                blocks.splice(0..0, seo);
            } else {
                blocks.extend(seo);
            }
            roots.push(d);
        }
    }
    (blocks, roots)
}

/// [`by_kind`] for a page that is no article: the article candidate's `blocks` from `roots`,
/// or the kind's wider container when that holds more good text or (on a listing) the items.
fn listing_or_other(
    dom: &Dom<'_>,
    st: &Stats,
    kind: PageType,
    blocks: Vec<RawBlock>,
    roots: Vec<usize>,
) -> (Vec<RawBlock>, Vec<usize>) {
    match crate::kind::kind_root(dom, st, kind, &roots) {
        Some(root) if !roots.contains(&root) => {
            let wide = filter_blocks_for(emit(dom, st, &[root], None), kind);
            let (g, b) = quality(&blocks);
            let (wg, wb) = quality(&wide);
            let len = |bs: &[RawBlock]| bs.iter().map(|b| b.text.len()).sum::<usize>();
            // A listing whose items are links from end to end ("Topo Athletic - ST-5. Color
            // Grey. On sale for $108.00") has no good text by the article's measure: when the
            // candidate is next to nothing (a sign-up box), or the wider container keeps its good
            // text (a category's intro above its grid), the items' lines of several words
            // decide.
            let items = |bs: &[RawBlock]| {
                bs.iter()
                    .filter(|b| b.text.split_whitespace().nth(2).is_some())
                    .map(|b| b.text.len())
                    .sum::<usize>()
            };
            let more_good =
                wg >= g && wg - 0.5 * wb >= 0.8 * (g - 0.5 * b) && len(&wide) >= len(&blocks);
            let more_items = kind == PageType::Listing
                && items(&wide) >= 1000
                && ((len(&blocks) < 300 && items(&wide) >= 4 * len(&blocks))
                    || (wg >= 0.9 * g && items(&wide) >= 2 * len(&blocks)));
            // Items of a word or two (a ranking's names and scores, an index of categories):
            // a candidate of next to nothing gives way to twenty lines or more holding four
            // times its text.
            let short_items = kind == PageType::Listing
                && len(&blocks) < 300
                && wide.len() >= 20
                && len(&wide) >= 4 * len(&blocks);
            // The candidate is pieces of several items (each card's option line): their
            // container is the listing.
            let pieces = kind == PageType::Listing
                && roots.len() >= 2
                && roots.iter().all(|&r| dom.contains(root, r))
                && len(&wide) >= len(&blocks);
            if more_good || more_items || short_items || pieces {
                (wide, vec![root])
            } else {
                (blocks, roots)
            }
        }
        _ => (blocks, roots),
    }
}

/// The main text as for one article: explicit markup or the scored container.
fn article_blocks(
    dom: &Dom<'_>,
    st: &Stats,
    variant: u8,
    body: &[Selector],
    kind: PageType,
) -> (Vec<RawBlock>, Vec<usize>) {
    if !body.is_empty() {
        // Site rule: every outermost alive match, in document order.
        let mut roots = Vec::new();
        let mut covered_to = 0usize;
        for i in 1..dom.len() {
            if i < covered_to || !st.alive[i] || dom.nodes[i].el.is_none() {
                continue;
            }
            if body.iter().any(|s| s.matches(dom, i)) {
                roots.push(i);
                covered_to = dom.nodes[i].end as usize;
            }
        }
        let blocks = filter_blocks_for(emit(dom, st, &roots, None), kind);
        if !blocks.is_empty() {
            return (blocks, roots);
        }
    }
    if variant == 3 {
        let root = body_root(dom);
        return (emit(dom, st, &[root], None), vec![root]);
    }
    let mut a_roots = explicit_candidate(dom, st);
    if a_roots.len() > 1 {
        between_module_headings(dom, st, &mut a_roots);
    }
    let mut b_roots = scored_candidate(dom, st);
    // Text modules of the same class as the scored container elsewhere in the body belong to it.
    same_class_cousins(dom, st, &mut b_roots);
    let a = filter_blocks_for(emit(dom, st, &a_roots, None), kind);
    let b = if b_roots == a_roots {
        a.clone()
    } else {
        filter_blocks_for(emit(dom, st, &b_roots, None), kind)
    };
    let (ag, ab) = quality(&a);
    let (bg, bb) = quality(&b);
    let a_score = ag - 0.5 * ab;
    let b_score = bg - 0.5 * bb;
    // The article markup holds the scored container and at least as much good text: its
    // short lines (ingredients, facts, list items) are part of the article, not noise.
    let a_covers_b = covers(dom, &a_roots, &b_roots);
    let (mut blocks, mut roots) = if a.is_empty() {
        (b, b_roots)
    } else if b.is_empty() || variant == 1 {
        (a, a_roots)
    } else if variant == 2 || (b_score > a_score * 1.1 && !(a_covers_b && ag >= bg * 0.95)) {
        (b, b_roots)
    } else {
        (a, a_roots)
    };
    let (g, _) = quality(&blocks);
    if g < 150.0 {
        let root = body_root(dom);
        let all = filter_blocks_for(emit(dom, st, &[root], None), kind);
        let (fg, _) = quality(&all);
        if fg > g * 2.0 && fg > 150.0 {
            blocks = all;
            roots = vec![root];
        }
    }
    if blocks.is_empty() {
        // Nothing article-like: keep whatever readable text the page has.
        let root = body_root(dom);
        blocks = filter_blocks_for(emit(dom, st, &[root], None), kind);
        roots = vec![root];
    }
    (blocks, roots)
}

/// Per node, the length of the text inside `tag` elements in its subtree, from the per-node text
/// lengths `raw` (nodes are in document order, parents before children).
fn text_inside(dom: &Dom<'_>, raw: &[u32], tag: Tag) -> Vec<u32> {
    let n = dom.nodes.len();
    let mut inside = vec![false; n];
    for i in 1..n {
        let p = dom.nodes[i].parent as usize;
        inside[i] = inside[p] || dom.nodes[i].tag == tag;
    }
    let mut out = vec![0u32; n];
    for i in (1..n).rev() {
        if dom.nodes[i].tag == Tag::Text && inside[i] {
            out[i] = raw[i];
        }
        let p = dom.nodes[i].parent;
        if p != NONE {
            out[p as usize] = out[p as usize].saturating_add(out[i]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::analyse_for;
    use crate::dom::Dom;
    use crate::PageType;

    /// Whether the element whose class/id is `ci` survives pruning of `html` as a `kind`.
    fn kept(html: &str, kind: PageType, ci: &str) -> bool {
        let dom = Dom::build(html);
        let st = analyse_for(&dom, &[], kind);
        let i = (1..dom.len())
            .find(|&i| dom.nodes[i].el.is_some() && dom.class_id(i) == ci)
            .unwrap();
        st.alive[i]
    }

    /// A category page whose whole product grid sits in a "related-product" section (a robot
    /// mower maker's shop), before `middle` and after a short heading.
    fn related_grid_page(middle: &str) -> String {
        let items: String = (1..=8)
            .map(|k| {
                format!(
                    "<div class=\"items-listing\"><a href=\"/m{k}\"><h3>KR{k}00</h3>\
                     <div>Quiet robotic mower for up to {k} acres of lawn</div>\
                     <span class=\"price\">$ {k},099.99</span></a></div>"
                )
            })
            .collect();
        format!(
            "<html><body><header><a href=\"/\">Home</a><a href=\"/p\">Products</a></header>\
             <section class=\"shop-category\"><h1>Robotic lawn mowers</h1>{middle}\
             <section class=\"related-product\">{items}</section></section>\
             <footer><a href=\"/c\">Contact us</a></footer></body></html>"
        )
    }

    #[test]
    fn a_related_grid_holding_the_listings_text_is_kept() {
        let page = related_grid_page("");
        assert!(kept(&page, PageType::Listing, "related-product"));
        // On an article it is a box of links to other pages.
        assert!(!kept(&page, PageType::Article, "related-product"));
        // Beside more text of its own section it is the usual related box.
        let prose = "<p>Our mowers cut the grass while you sleep, quietly.</p>".repeat(12);
        assert!(!kept(
            &related_grid_page(&prose),
            PageType::Listing,
            "related-product"
        ));
    }

    #[test]
    fn a_section_hidden_on_phones_only_stays_on_a_service_page() {
        let page = "<html><body><main><h1>Our services</h1>\
             <div class=\"hidden sm:block\"><h2>Repairs</h2>We fix boilers on the same day.</div>\
             <div class=\"hidden\"><a href=\"/t\">Sign in to continue</a></div>\
             </main></body></html>";
        assert!(kept(page, PageType::Service, "hidden sm:block"));
        // Hidden at every width it goes; on an article the rule does not apply.
        assert!(!kept(page, PageType::Service, "hidden"));
        assert!(!kept(page, PageType::Article, "hidden sm:block"));
    }

    #[test]
    fn a_listings_grid_in_a_pagination_wrapper_is_kept() {
        // A sportswear shop's category: its products sit in a "filtering-and-pagination"
        // container beside a large menu.
        let menu: String = (1..=150)
            .map(|k| format!("<a href=\"/c{k}\">Department number {k}</a>"))
            .collect();
        let items: String = (1..=30)
            .map(|k| {
                format!(
                    "<div><a href=\"/p{k}\">Seamless T-Shirt {k}</a>\
                     <div>slim fit, Storm Blue</div><div>$3{k}</div></div>"
                )
            })
            .collect();
        let page = format!(
            "<html><body><div class=\"header_wrapper\">{menu}</div><main><h1>All products</h1>\
             <div class=\"filtering-and-pagination_container\">{items}</div>\
             <div class=\"pagination\"><a href=\"?p=2\">2</a><a href=\"?p=3\">3</a></div>\
             </main></body></html>"
        );
        assert!(kept(
            &page,
            PageType::Listing,
            "filtering-and-pagination_container"
        ));
        // The pager itself still goes.
        assert!(!kept(&page, PageType::Listing, "pagination"));
    }

    #[test]
    fn trimmed_len_is_trim() {
        for t in [
            "",
            " ",
            "\n\t x \u{a0}",
            "\u{3000} a\u{b} ",
            "\u{b}",
            " ä ",
            "a b",
            "\u{85}\n",
        ] {
            assert_eq!(super::trimmed_len(t) as usize, t.trim().len(), "{t:?}");
        }
    }
}
