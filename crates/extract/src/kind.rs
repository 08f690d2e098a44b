//! The page's kind ([`PageType`]), decided before the main content is chosen: schema.org types
//! (JSON-LD and microdata), `og:type`, the URL's path, and the page's structure (repeated post
//! containers with authors and times, repeated item cards, code blocks, prices, timed ticker
//! entries). Each kind collects points; the article is the default and wins ties.

use crate::content::{RawBlock, Stats};
use crate::dom::{Dom, Tag};
use crate::meta::PageMeta;
use crate::PageType;
use std::collections::HashMap;

/// Counts of the page's structure that tell kinds apart, from one walk over the alive nodes.
#[derive(Debug, Default)]
pub(crate) struct Shape {
    /// `<pre>` blocks and `<code>` elements with text.
    pub pre: usize,
    /// Inline `<code>` elements.
    pub code: usize,
    /// The largest group of same-class siblings-or-cousins that look like posts (a class word
    /// such as "post", "message", "comment", "reply", "answer").
    pub posts: usize,
    /// Elements whose class names an author/user inside repeated posts.
    pub authors: usize,
    /// `<time>` elements (and date-class elements) outside navigation.
    pub times: usize,
    /// The largest group of same-class elements that each hold a link and a heading or image
    /// (item cards).
    pub cards: usize,
    /// Price-looking texts ("$19.99", "19,99 €") in small elements.
    pub prices: usize,
    /// "Add to cart"/"In den Warenkorb" buttons and forms.
    pub cart: usize,
    /// Ticker entries: elements with a live/ticker/entry class holding a time.
    pub ticker: usize,
    /// Figures with captions.
    pub captions: usize,
    /// `<video>`/`<audio>` elements and player iframes.
    pub players: usize,
    /// Text bytes in `<p>`-like prose under the body.
    pub text: u32,
    /// Paragraphs of 200 bytes or more.
    pub long_paras: usize,
    /// `<h2>`/`<h3>` headings.
    pub headings: usize,
    /// Buttons and button-styled links (calls to action).
    pub buttons: usize,
    /// Links outside navigation (alive `<a>` with text).
    pub links: usize,
    /// Alive list items.
    pub lis: usize,
    /// Alive tables.
    pub tables: usize,
    /// Form fields (inputs, selects, text areas).
    pub inputs: usize,
    /// Images.
    pub imgs: usize,
    /// Alive text bytes of the body, and those inside links.
    pub body_len: u32,
    /// Alive text bytes inside links in the body.
    pub body_link_len: u32,
    /// `<h1>` elements.
    pub h1: usize,
    /// `<h2>`–`<h4>` headings that are mostly a link (a listing's item titles).
    pub linked_headings: usize,
    /// "Read more"/"Weiterlesen" links (a listing's teasers).
    pub read_more: usize,
    /// Calls to action of a service page ("Learn more", "Contact us", "Get a quote", "Book").
    pub calls: usize,
    /// Forum words in short texts ("Reply", "Quote", "Joined", "Posts:").
    pub forum_words: usize,
    /// The most paragraphs of 80 bytes or more under one parent (an article's running text).
    pub para_run: usize,
    /// Alive `<section>` elements with 100 bytes of text or more (a landing page's blocks).
    pub sections: usize,
    /// Alive `<article>` elements with text (one on an article page, many on a listing).
    pub articles: usize,
    /// Signs of further pages: `rel=next` links, pagination classes, "Next"/"Older posts"/
    /// "Load more" links and buttons.
    pub pages: usize,
    /// Alive `tel:` and `mailto:` links (a business's contact).
    pub contact_links: usize,
    /// Alive in-page links (`href="#…"`) with text (a table of contents).
    pub anchors: usize,
    /// `<h2>`–`<h4>` headings ending in a question mark (FAQ sections).
    pub questions: usize,
    /// Alive `<p>` elements with 40 bytes or more of their own (unlinked) text.
    pub paras: usize,
    /// Alive links with 40 bytes of text or more (item titles of a listing).
    pub long_links: usize,
    /// Images inside links (a listing's or shop's item pictures).
    pub linked_imgs: usize,
    /// Words of the alive text outside links.
    pub words: u32,
    /// Of those, first person plural ("we", "our", "us", "wir", "unser").
    pub we: u32,
    /// Of those, the reader addressed ("you", "your", "sie", "ihr").
    pub you: u32,
    /// Of those, first person singular ("I", "my", "me", "ich", "mein").
    pub me: u32,
    /// What the `<title>` says: counts of [`TITLE_WORDS`]' words per kind (article, service,
    /// listing, documentation, forum), then whether it has a model-number token ("XM5",
    /// "7800X3D") and whether it is a question or begins with a number.
    pub title: [u8; 7],
    /// Headings (`<h2>`–`<h4>`, pruned ones too) holding one of [`HEADING_WORDS`]' phrases,
    /// per kind: article, service, listing, documentation, forum, product.
    pub heads: [u8; 6],
    /// Text bytes (pruned ones too, scripts not) inside the outermost elements whose class or
    /// id names comments ("comment", "comments_subtree"): a discussion's share of the page.
    pub comments: u32,
}

/// Phrases of section headings that lean to a kind, in the order of [`Shape::heads`]: article,
/// service, listing, documentation, forum, product.
const HEADING_WORDS: [&[&str]; 6] = [
    &[
        "related",
        "comments",
        "leave a reply",
        "leave a comment",
        "about the author",
        "conclusion",
        "references",
        "final thoughts",
        "in this article",
        "key takeaways",
        "share this",
        "fazit",
        "mehr zum thema",
        "kommentare",
    ],
    &[
        "our services",
        "services",
        "testimonial",
        "what our",
        "why choose",
        "why us",
        "how it works",
        "pricing",
        "contact us",
        "get in touch",
        "get started",
        "our team",
        "our clients",
        "areas we serve",
        "free quote",
        "free consultation",
        "who we are",
        "what we do",
        "unsere leistungen",
        "kontakt",
    ],
    &[
        "filter",
        "sort by",
        "categories",
        "results",
        "showing",
        "latest",
        "popular",
        "featured",
        "trending",
        "all products",
        "load more",
        "recent posts",
        "more stories",
    ],
    &[
        "parameters",
        "returns",
        "example",
        "syntax",
        "see also",
        "prerequisites",
        "installation",
        "usage",
        "arguments",
        "options",
        "requirements",
        "next steps",
        "on this page",
        "table of contents",
        "beispiel",
    ],
    &[
        "replies",
        "reply",
        "answers",
        "posted by",
        "thread",
        "similar threads",
        "related questions",
        "antworten",
    ],
    &[
        "specifications",
        "specs",
        "description",
        "reviews",
        "product details",
        "in the box",
        "shipping",
        "customer reviews",
        "frequently bought",
        "size guide",
        "details",
        "technische daten",
        "produktbeschreibung",
        "bewertungen",
    ],
];

/// Words of a page's `<title>` that lean to a kind, in the order of [`Shape::title`]: article,
/// service, listing, documentation, forum.
const TITLE_WORDS: [&[&str]; 5] = [
    &[
        "how",
        "why",
        "what",
        "when",
        "guide",
        "tips",
        "ways",
        "best",
        "vs",
        "review",
        "explained",
        "wie",
        "warum",
        "tipps",
    ],
    &[
        "services",
        "service",
        "company",
        "agency",
        "solutions",
        "consulting",
        "contractor",
        "contractors",
        "near",
        "experts",
        "professional",
        "professionals",
        "hire",
        "pricing",
        "plans",
        "software",
        "platform",
        "insurance",
        "repair",
        "official",
        "leistungen",
        "firma",
    ],
    &[
        "shop",
        "buy",
        "sale",
        "collection",
        "collections",
        "products",
        "category",
        "news",
        "archive",
        "archives",
        "all",
        "latest",
        "jobs",
        "courses",
        "recipes",
        "page",
        "results",
        "search",
        "deals",
        "angebote",
        "kategorie",
    ],
    &[
        "documentation",
        "docs",
        "reference",
        "api",
        "manual",
        "tutorial",
        "overview",
        "introduction",
        "install",
        "installation",
        "configuration",
        "configure",
        "getting",
        "glossary",
        "syntax",
        "function",
        "command",
        "chapter",
        "dokumentation",
        "anleitung",
    ],
    &[
        "forum",
        "forums",
        "thread",
        "discussion",
        "question",
        "topic",
        "community",
        "reddit",
        "help",
        "board",
        "replies",
        "answers",
    ],
];

/// Counts `text`'s words into `words`, `we`, `you`, `me` (ASCII-folded, whole words).
fn count_words(text: &str, sh: &mut Shape) {
    for w in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        if w.is_empty() {
            continue;
        }
        sh.words += 1;
        if w.len() > 5 {
            continue;
        }
        let mut buf = [0u8; 5];
        for (d, c) in buf.iter_mut().zip(w.bytes()) {
            *d = c.to_ascii_lowercase();
        }
        match &buf[..w.len()] {
            b"we" | b"our" | b"us" | b"wir" | b"unser" | b"uns" => sh.we += 1,
            b"you" | b"your" | b"you'r" | b"ihr" | b"sie" | b"ihre" | b"dein" => sh.you += 1,
            b"i" | b"my" | b"me" | b"i'm" | b"i've" | b"ich" | b"mein" | b"mir" | b"mich" => {
                sh.me += 1
            }
            _ => {}
        }
    }
}

/// The [`Shape::title`] counts of a page title.
fn title_signals(title: &str) -> [u8; 7] {
    let mut out = [0u8; 7];
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (k, list) in TITLE_WORDS.iter().enumerate() {
        out[k] = words.iter().filter(|w| list.contains(w)).count().min(3) as u8;
    }
    // A model number: letters and digits mixed in one token, not a year or an ordinal.
    out[5] = u8::from(words.iter().any(|w| {
        w.len() >= 3
            && w.bytes().any(|c| c.is_ascii_digit())
            && w.bytes().any(|c| c.is_ascii_alphabetic())
            && !["st", "nd", "rd", "th", "s"].iter().any(|s| {
                w.ends_with(s) && w[..w.len() - s.len()].bytes().all(|c| c.is_ascii_digit())
            })
    }));
    out[6] = u8::from(
        lower.contains('?')
            || words
                .first()
                .is_some_and(|w| w.bytes().all(|c| c.is_ascii_digit())),
    );
    out
}

/// Class words of a post container in a thread.
const POST_WORDS: &[&str] = &[
    "post",
    "message",
    "comment",
    "reply",
    "answer",
    "topic-body",
    "thread-item",
    "forum-",
];

/// Class words of live-blog entries.
const TICKER_WORDS: &[&str] = &[
    "liveblog",
    "live-blog",
    "ticker",
    "live-entry",
    "liveentry",
    "live-post",
    "livepost",
    "live-update",
    "liveupdate",
    "newsticker",
    "timeline-item",
    "live_",
    "lb-",
];

fn has_any(ci: &str, words: &[&str]) -> bool {
    words.iter().any(|w| ci.contains(w))
}

/// Measures the [`Shape`] of the page.
pub(crate) fn shape(dom: &Dom<'_>, st: &Stats) -> Shape {
    let mut sh = Shape::default();
    // class string → (elements, with link+heading/img, post-like with author or time)
    let mut groups: HashMap<&str, (usize, usize)> = HashMap::new();
    let n = dom.len();
    // Per node: a link below it (bit 1), a heading or image below it (bit 2); bottom-up.
    let mut below = vec![0u8; n];
    let mut para_children: HashMap<usize, usize> = HashMap::new();
    for i in (1..n).rev() {
        let own = match dom.nodes[i].tag {
            Tag::A => 1,
            Tag::Img | Tag::Picture => 2,
            t if t.is_heading() => 2,
            _ => 0,
        };
        let p = dom.nodes[i].parent;
        if p != crate::dom::NONE {
            below[p as usize] |= below[i] | own;
        }
    }
    sh.title = title_signals(dom.title.as_deref().unwrap_or(""));
    // The end of the comment container being counted (its inner ones are not counted again).
    let mut comments_end = 0usize;
    for (i, node) in dom.nodes.iter().enumerate().skip(1) {
        if i >= comments_end
            && matches!(
                node.tag,
                Tag::Div | Tag::Section | Tag::Ol | Tag::Ul | Tag::Li | Tag::Article | Tag::Other
            )
            && st.ci[i].contains("comment")
        {
            comments_end = node.end as usize;
            sh.comments += text_bytes(dom, i);
        }
        if node.el.is_none() {
            if node.tag == Tag::Text && st.alive[i] && !st.in_link[i] {
                count_words(&node.text, &mut sh);
            }
            continue;
        }
        match node.tag {
            Tag::Li if st.alive[i] => sh.lis += 1,
            Tag::Table if st.alive[i] => sh.tables += 1,
            Tag::Img => sh.imgs += 1,
            Tag::H1 => sh.h1 += 1,
            Tag::Select | Tag::Textarea => sh.inputs += 1,
            Tag::Body => {
                sh.body_len = sh.body_len.max(st.len[i]);
                sh.body_link_len = sh.body_link_len.max(st.link_len[i]);
            }
            _ => {}
        }
        if node.tag == Tag::Input {
            sh.inputs += 1;
        }
        if node.tag == Tag::A && st.alive[i] && st.len[i] > 0 {
            sh.links += 1;
            if st.len[i] >= 40 {
                sh.long_links += 1;
            }
            let href = dom.attr(i, "href").unwrap_or("");
            if href.starts_with('#') && href.len() > 1 {
                sh.anchors += 1;
            } else if href.starts_with("tel:") || href.starts_with("mailto:") {
                sh.contact_links += 1;
            }
        }
        if node.tag == Tag::A
            && dom
                .attr(i, "rel")
                .is_some_and(|r| r.eq_ignore_ascii_case("next"))
        {
            sh.pages += 1;
        }
        if node.tag == Tag::Img
            && (1..6).any(|d| {
                let mut a = i;
                for _ in 0..d {
                    a = dom.nodes[a].parent as usize;
                    if a == crate::dom::NONE as usize {
                        return false;
                    }
                }
                dom.nodes[a].tag == Tag::A
            })
        {
            sh.linked_imgs += 1;
        }
        match node.tag {
            Tag::Section if st.alive[i] && st.len[i] >= 100 => sh.sections += 1,
            Tag::Article if st.alive[i] && st.len[i] > 0 => sh.articles += 1,
            Tag::P if st.alive[i] && st.len[i].saturating_sub(st.link_len[i]) >= 40 => {
                sh.paras += 1
            }
            Tag::H2 | Tag::H3 | Tag::H4 => {
                let t = dom.text_of(i);
                if st.alive[i] && t.ends_with('?') {
                    sh.questions += 1
                }
                if t.len() < 80 {
                    let t = t.to_lowercase();
                    for (k, list) in HEADING_WORDS.iter().enumerate() {
                        if has_any(&t, list) {
                            sh.heads[k] = sh.heads[k].saturating_add(1);
                        }
                    }
                }
            }
            _ => {}
        }
        match node.tag {
            Tag::Pre if st.len[i] > 0 => sh.pre += 1,
            Tag::Video | Tag::Audio => sh.players += 1,
            Tag::Iframe => {
                let src = dom.attr(i, "src").unwrap_or("");
                if src.contains("youtube") || src.contains("vimeo") || src.contains("player") {
                    sh.players += 1;
                }
            }
            Tag::Figcaption if node.end as usize > i + 1 && dom.text_of(i).len() >= 20 => {
                sh.captions += 1
            }
            Tag::Time if st.alive[i] => sh.times += 1,
            Tag::P if st.alive[i] => {
                let own = st.len[i].saturating_sub(st.link_len[i]);
                sh.text += own;
                if own >= 200 {
                    sh.long_paras += 1;
                }
            }
            Tag::H2 | Tag::H3 if st.alive[i] => sh.headings += 1,
            _ => {}
        }
        if matches!(node.tag, Tag::H2 | Tag::H3 | Tag::H4)
            && st.alive[i]
            && st.len[i] > 0
            && st.link_len[i] * 2 > st.len[i]
        {
            sh.linked_headings += 1;
        }
        if node.tag == Tag::P && st.alive[i] && st.len[i] >= 80 {
            let p = node.parent as usize;
            let c = para_children.entry(p).or_insert(0);
            *c += 1;
            sh.para_run = sh.para_run.max(*c);
        }
        if matches!(
            node.tag,
            Tag::A | Tag::Button | Tag::Span | Tag::Div | Tag::Li | Tag::Label
        ) && st.len[i] > 0
            && st.len[i] < 30
            && (node.tag != Tag::Div || st.direct[i] == st.len[i])
            // A short label is no deep subtree: reading the text of each of 100,000 nested
            // elements would take quadratic time.
            && (node.end as usize) - i <= 2000
        {
            let t = dom.text_of(i).to_ascii_lowercase();
            let t = t.trim();
            if node.tag == Tag::A
                && (t.starts_with("read more")
                    || t.starts_with("continue reading")
                    || t.starts_with("weiterlesen")
                    || t == "more"
                    || t == "mehr"
                    || t.starts_with("view details")
                    || t.starts_with("read the"))
            {
                sh.read_more += 1;
            }
            if matches!(node.tag, Tag::A | Tag::Button)
                && (t.starts_with("learn more")
                    || t.starts_with("contact us")
                    || t.starts_with("get a quote")
                    || t.starts_with("get started")
                    || t.starts_with("book ")
                    || t.starts_with("schedule")
                    || t.starts_with("request")
                    || t.starts_with("call us")
                    || t.starts_with("kontakt")
                    || t.starts_with("mehr erfahren")
                    || t.starts_with("free consultation")
                    || t.starts_with("sign up")
                    || t.starts_with("try "))
            {
                sh.calls += 1;
            }
            if matches!(node.tag, Tag::A | Tag::Button)
                && (t == "next"
                    || t.starts_with("next page")
                    || t.starts_with("older posts")
                    || t.starts_with("load more")
                    || t.starts_with("show more")
                    || t.starts_with("view more")
                    || t.starts_with("nächste")
                    || t.starts_with("weitere laden")
                    || t.starts_with("mehr laden")
                    || t == "2")
            {
                sh.pages += 1;
            }
            if t == "reply"
                || t == "quote"
                || t.starts_with("joined")
                || t.starts_with("posts:")
                || t.starts_with("member since")
                || t == "antworten"
                || t == "zitieren"
                || t.starts_with("registriert")
                || t == "report"
                || t == "permalink"
            {
                sh.forum_words += 1;
            }
        }
        match node.tag {
            Tag::Button | Tag::Input | Tag::A | Tag::Form => {
                let ci = &st.ci[i];
                let label = if node.tag == Tag::Input {
                    dom.attr(i, "value").unwrap_or("").to_ascii_lowercase()
                } else if node.tag == Tag::Form {
                    dom.attr(i, "action").unwrap_or("").to_ascii_lowercase()
                } else if st.len[i] > 0 && st.len[i] < 40 && (node.end as usize) - i <= 2000 {
                    dom.text_of(i).to_ascii_lowercase()
                } else {
                    String::new()
                };
                if node.tag == Tag::Button
                    || (node.tag == Tag::A
                        && (ci.contains("btn") || ci.contains("button") || ci.contains("cta")))
                {
                    sh.buttons += 1;
                }
                if ci.contains("add-to-cart")
                    || ci.contains("addtocart")
                    || ci.contains("add_to_cart")
                    || ci.contains("buy-now")
                    || label.contains("add to cart")
                    || label.contains("add to bag")
                    || label.contains("buy now")
                    || label.contains("warenkorb")
                    || label.contains("cart/add")
                {
                    sh.cart += 1;
                }
            }
            Tag::Other if node.name == "code" && st.len[i] > 0 => {
                if dom.nodes[node.parent as usize].tag == Tag::Pre {
                    // counted as pre
                } else {
                    sh.code += 1;
                }
            }
            _ => {}
        }
        let ci = st.ci[i].as_str();
        if ci.is_empty() {
            continue;
        }
        if matches!(node.tag, Tag::Nav | Tag::Div | Tag::Ul)
            && (ci.contains("pagination") || ci.contains("pager") || ci.contains("page-numbers"))
        {
            sh.pages += 1;
        }
        if matches!(node.tag, Tag::Span | Tag::Div | Tag::P | Tag::Other)
            && st.len[i] > 0
            && st.len[i] < 30
            && (ci.contains("price") || ci.contains("preis"))
        {
            sh.prices += 1;
        }
        if !matches!(
            node.tag,
            Tag::Div | Tag::Article | Tag::Section | Tag::Li | Tag::Tr | Tag::Other
        ) || st.len[i] < 20
        {
            continue;
        }
        if has_any(ci, TICKER_WORDS) && st.len[i] >= 60 {
            let end = node.end as usize;
            if (i + 1..end.min(i + 400)).any(|k| dom.nodes[k].tag == Tag::Time) || st.len[i] < 5000
            {
                sh.ticker += 1;
            }
        }
        let Some(class) = dom.attr(i, "class").filter(|c| !c.trim().is_empty()) else {
            continue;
        };
        let e = groups.entry(class).or_insert((0, 0));
        e.0 += 1;
        // A card: a link and a heading or image inside, little text of its own.
        if st.len[i] < 1500 && below[i] == 3 {
            e.1 += 1;
        }
    }
    for (class, (count, cards)) in &groups {
        let ci = crate::dom::lower(class);
        let ci = ci.as_str();
        let first = ci.split_whitespace().next().unwrap_or("");
        if *count >= 3
            && has_any(first, POST_WORDS)
            && !ci.contains("related")
            && !ci.contains("sidebar")
            && !ci.contains("widget")
            && !ci.contains("recent")
        {
            sh.posts = sh.posts.max(*count);
        }
        if (ci.contains("author") || ci.contains("user") || ci.contains("username")) && *count >= 3
        {
            sh.authors = sh.authors.max(*count);
        }
        sh.cards = sh.cards.max(*cards);
    }
    sh
}

/// Text bytes under node `i`, pruned or not, without the text of scripts and styles.
fn text_bytes(dom: &Dom<'_>, i: usize) -> u32 {
    let end = (dom.nodes[i].end as usize).min(dom.nodes.len());
    let mut n = 0u32;
    for k in i..end {
        let node = &dom.nodes[k];
        if node.tag == Tag::Text
            && !matches!(
                dom.nodes[node.parent as usize].tag,
                Tag::Script | Tag::Style | Tag::NoScript
            )
        {
            n = n.saturating_add(node.text.trim().len() as u32);
        }
    }
    n
}

/// Decides the page's kind: live blogs, galleries and video pages by their points (schema.org
/// types, URL words, ticker entries, captions, players); every other page by the linear model
/// of [`crate::kind_model`] over [`features`] (schema.org types, `og:type`, URL words, the
/// page's structure and the hand-set points of each kind).
pub(crate) fn decide(meta: &PageMeta, url: Option<&str>, sh: &Shape) -> PageType {
    let (points_best, x) = signals(meta, url, sh);
    if matches!(
        points_best,
        PageType::Liveblog | PageType::Gallery | PageType::Video
    ) {
        return points_best;
    }
    crate::kind_model::classify(&x)
}

/// The model's inputs for a page (development: `devkind` writes them to fit the model).
pub(crate) fn features(meta: &PageMeta, url: Option<&str>, sh: &Shape) -> Vec<f32> {
    signals(meta, url, sh).1
}

/// The hand-set points' best kind and the feature vector (in [`crate::kind_model::NAMES`]
/// order).
fn signals(meta: &PageMeta, url: Option<&str>, sh: &Shape) -> (PageType, Vec<f32>) {
    let mut pts: [f32; 9] = [0.0; 9];
    let mut fx: Vec<f32> = Vec::with_capacity(crate::kind_model::NAMES.len());
    let idx = |k: PageType| k as usize;
    let b = |v: bool| if v { 1.0 } else { 0.0 };
    let mut add = |k: PageType, v: f32| pts[idx(k)] += v;

    // schema.org types.
    let types = meta
        .ld
        .types
        .iter()
        .map(String::as_str)
        .chain(meta.itemtypes.iter().map(|(_, t)| t.as_str()));
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for t in types {
        *seen.entry(t).or_default() += 1;
    }
    let has = |t: &str| seen.get(t).copied().unwrap_or(0);
    if has("liveblogposting") > 0 {
        add(PageType::Liveblog, 10.0);
    }
    let ld_forum = has("discussionforumposting") > 0 || has("qapage") > 0;
    if ld_forum {
        add(PageType::Forum, 6.0);
    }
    let ld_comments = has("comment") >= 2 || has("usercomments") >= 2;
    if ld_comments {
        add(PageType::Forum, 2.0);
    }
    let ld_qa = has("question") > 0 && has("answer") > 0 && has("faqpage") == 0;
    if ld_qa {
        add(PageType::Forum, 3.0);
    }
    if has("product") > 0 || has("productgroup") > 0 {
        if has("product") >= 4 {
            add(PageType::Listing, 3.0);
        } else {
            add(PageType::Product, 4.0);
        }
    }
    let ld_offer = has("offer") > 0 && has("product") <= 2;
    if ld_offer {
        add(PageType::Product, 1.0);
    }
    let ld_list = has("itemlist") > 0 || has("collectionpage") > 0 || has("searchresultspage") > 0;
    if ld_list {
        add(PageType::Listing, 3.0);
    }
    if has("imagegallery") > 0 || has("mediagallery") > 0 {
        add(PageType::Gallery, 6.0);
    }
    let ld_video = has("videoobject") > 0 || has("audioobject") > 0 || has("podcastepisode") > 0;
    if ld_video {
        add(PageType::Video, 2.0);
    }
    let ld_tech =
        has("techarticle") > 0 || has("apireference") > 0 || has("softwaresourcecode") > 0;
    if ld_tech {
        add(PageType::Documentation, 4.0);
    }
    let ld_service = has("service") > 0
        || has("localbusiness") > 0
        || has("professionalservice") > 0
        || has("financialproduct") > 0;
    if ld_service {
        add(PageType::Service, 2.0);
    }
    let art_types = [
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
    ];
    let ld_article = art_types.iter().any(|t| has(t) > 0);
    if ld_article {
        add(PageType::Article, 3.0);
    }
    fx.extend([
        b(ld_forum),
        b(ld_comments),
        b(ld_qa),
        b(has("product") > 0 && has("product") < 4),
        b(has("product") >= 4),
        b(has("productgroup") > 0),
        b(ld_offer),
        b(ld_list),
        b(ld_video),
        b(ld_tech),
        b(ld_service),
        b(ld_article),
        b(has("webpage") > 0),
        b(has("aboutpage") > 0 || has("contactpage") > 0),
        b(has("faqpage") > 0),
        b(has("howto") > 0 || has("recipe") > 0),
        b(has("event") > 0 || has("course") > 0),
        b(has("organization") > 0 || has("corporation") > 0),
        b(has("person") > 0 || has("profilepage") > 0),
        b(has("breadcrumblist") > 0),
        b(has("website") > 0),
        b(seen.is_empty()),
        b(has("itemlist") > 0),
        b(has("collectionpage") > 0),
        b(has("review") > 0 || has("aggregaterating") > 0),
        b(has("softwareapplication") > 0),
    ]);

    // og:type.
    let og = meta.get(&["og:type"]).unwrap_or("").to_ascii_lowercase();
    match og.as_str() {
        "article" => add(PageType::Article, 1.5),
        "product" | "og:product" | "ebay-objects:item" => add(PageType::Product, 4.0),
        "product.group" => add(PageType::Listing, 3.0),
        _ if og.starts_with("video") => add(PageType::Video, 4.0),
        _ if og.starts_with("music") => add(PageType::Video, 3.0),
        _ => {}
    }
    fx.extend([
        b(og == "article"),
        b(matches!(
            og.as_str(),
            "product" | "og:product" | "ebay-objects:item"
        )),
        b(og == "product.group"),
        b(og == "website"),
        b(og.is_empty()),
        b(og == "profile" || og == "business.business" || og == "place"),
    ]);

    // The URL.
    let lower_url = url.unwrap_or("").to_ascii_lowercase();
    let (host, path) = match lower_url.split_once("://") {
        Some((_, rest)) => match rest.split_once('/') {
            Some((h, p)) => (h.to_string(), format!("/{p}")),
            None => (rest.to_string(), "/".to_string()),
        },
        None => (String::new(), lower_url.clone()),
    };
    let path = path.split(['?', '#']).next().unwrap_or("").to_string();
    let seg = |s: &str| path.contains(&format!("/{s}/")) || path.ends_with(&format!("/{s}"));
    let url_has = |w: &[&str]| w.iter().any(|s| seg(s));
    let u_forum = url_has(&[
        "forum",
        "forums",
        "thread",
        "threads",
        "topic",
        "topics",
        "t",
        "questions",
        "community",
        "discussion",
        "discussions",
        "comments",
        "r",
    ]) || path.contains("viewtopic")
        || path.contains("showthread")
        || host.starts_with("forum")
        || host.starts_with("community")
        || host.starts_with("discuss")
        || host.contains("stackexchange")
        || host.contains("stackoverflow");
    if u_forum {
        add(PageType::Forum, 3.0);
    }
    let u_doc = url_has(&[
        "docs",
        "doc",
        "documentation",
        "api",
        "reference",
        "manual",
        "handbook",
    ]) || host.starts_with("docs.")
        || host.starts_with("doc.")
        || host.contains("readthedocs")
        || host.contains("gitbook");
    let u_doc_weak = !u_doc
        && (url_has(&[
            "learn",
            "library",
            "tutorial",
            "book",
            "guide",
            "guides",
            "wiki",
            "support",
            "get-started",
            "start",
            "glossary",
        ]) || host.starts_with("developer.")
            || host.starts_with("developers.")
            || host.starts_with("learn.")
            || host.starts_with("wiki."));
    if u_doc {
        add(PageType::Documentation, 4.5);
    } else if u_doc_weak {
        add(PageType::Documentation, 2.5);
    }
    let u_product = url_has(&[
        "product",
        "products",
        "p",
        "dp",
        "itm",
        "item",
        "produkt",
        "artikel-nr",
    ]);
    if u_product {
        add(PageType::Product, 2.5);
    }
    let u_list = url_has(&[
        "collections",
        "collection",
        "category",
        "categories",
        "c",
        "cat",
        "kategorie",
        "tag",
        "tags",
        "browse",
        "search",
        "list",
        "shop",
        "b",
        "jobs",
        "topics",
    ]);
    if u_list {
        add(PageType::Listing, 2.0);
    }
    if url_has(&[
        "liveblog",
        "live-blog",
        "ticker",
        "newsticker",
        "live",
        "liveticker",
    ]) || path.contains("liveblog")
        || path.contains("live-ticker")
        || path.contains("liveticker")
        || path.contains("newsblog")
        || path.contains("-live-")
    {
        add(PageType::Liveblog, 3.0);
    }
    if url_has(&[
        "galerie",
        "gallery",
        "galleries",
        "bilder",
        "fotos",
        "fotostrecke",
        "bildergalerie",
        "photos",
        "slideshow",
    ]) || path.contains("bildergalerie")
        || path.contains("fotostrecke")
        || path.contains("galerie")
    {
        add(PageType::Gallery, 4.0);
    }
    let u_video = url_has(&[
        "video",
        "videos",
        "podcast",
        "podcasts",
        "audio",
        "mediathek",
        "watch",
    ]);
    if u_video {
        add(PageType::Video, 2.5);
    }
    let u_service = url_has(&[
        "services",
        "service",
        "leistungen",
        "solutions",
        "pricing",
        "about",
        "about-us",
        "contact",
        "features",
        "programs",
        "careers",
    ]);
    if u_service {
        add(PageType::Service, 2.0);
    }
    let u_article_word = url_has(&[
        "blog",
        "news",
        "article",
        "articles",
        "story",
        "politik",
        "wirtschaft",
        "posts",
        "stories",
    ]);
    let u_html = path.contains(".html") && path.split('/').filter(|s| !s.is_empty()).count() >= 2;
    if u_article_word || u_html {
        add(PageType::Article, 1.0);
    }

    // An article: a publication date, a slug of words.
    let dated_meta = meta
        .get(&["article:published_time", "og:article:published_time"])
        .is_some();
    let dated_ld = meta.ld.is_article && meta.ld.published.is_some();
    let dated_time = meta.times.iter().any(|t| t.2);
    let dated = dated_meta || dated_ld || meta.micro_published.is_some() || dated_time;
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let last = segs.last().copied().unwrap_or("");
    let last = last
        .trim_end_matches(".html")
        .trim_end_matches(".htm")
        .trim_end_matches(".php");
    let slug_words = last
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .count();
    if dated {
        add(PageType::Article, 1.5);
    }
    if slug_words >= 5 {
        add(PageType::Article, 1.5);
    }
    let home = url.is_some() && segs.is_empty();
    if home {
        // A site's home page presents the site.
        add(PageType::Service, 1.5);
        add(PageType::Listing, 0.5);
    }
    // Words of a service or company page in the path ("…-consulting-services", "why-us").
    const SERVICE_WORDS: &[&str] = &[
        "services",
        "service",
        "consulting",
        "solutions",
        "insurance",
        "repair",
        "agency",
        "pricing",
        "plans",
        "tools",
        "programs",
        "program",
        "degree",
        "course",
        "courses",
        "tutoring",
        "tutors",
        "care",
        "calculator",
        "coupons",
        "expertise",
        "capabilities",
        "portfolio",
        "testimonials",
        "leistungen",
        "angebot",
        "beratung",
        "preise",
        "free",
        "expert",
        "seminars",
        "certification",
        "school",
        "we",
        "us",
    ];
    let path_words = path
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| SERVICE_WORDS.contains(w))
        .count();
    if !dated && path_words > 0 {
        add(PageType::Service, 1.5);
    }
    if !dated && slug_words < 5 {
        let mut s = 0.5;
        if sh.long_paras < 8 {
            s += 0.5;
        }
        if sh.headings * 1000 >= 25 * (sh.text as usize / 10).max(1) {
            s += 0.5;
        }
        if sh.buttons >= 15 {
            s += 0.5;
        }
        add(PageType::Service, s);
    }
    let year_in_path = segs
        .iter()
        .any(|s| s.len() == 4 && s.starts_with("20") && s.bytes().all(|c| c.is_ascii_digit()));
    let id_in_path = segs
        .iter()
        .any(|s| s.bytes().filter(u8::is_ascii_digit).count() >= 5);
    fx.extend([
        b(u_forum),
        b(u_doc),
        b(u_doc_weak),
        b(u_product),
        b(u_list),
        b(u_video),
        b(u_service),
        b(u_article_word),
        b(u_html),
        b(home),
        b(url.is_none()),
        b(slug_words >= 5),
        (slug_words.min(12) as f32) / 6.0,
        (segs.len().min(6) as f32) / 3.0,
        b(path_words > 0),
        b(year_in_path),
        b(id_in_path),
        b(dated),
        b(dated_meta),
        b(dated_ld),
        b(dated_time),
        b(last.contains("about") || last.contains("contact") || last.contains("pricing")),
    ]);

    // Structure.
    let forum_shape = sh.posts >= 3 && (sh.authors >= 3 || sh.times >= 3);
    if forum_shape {
        add(PageType::Forum, 2.0 + (sh.posts.min(20) as f32) / 10.0);
    }
    if sh.pre >= 2 {
        add(PageType::Documentation, 1.5 + (sh.pre.min(10) as f32) / 5.0);
    } else if sh.code >= 8 {
        add(PageType::Documentation, 1.5);
    }
    if sh.cart > 0 {
        add(PageType::Product, 2.0);
    }
    if sh.prices >= 2 && sh.cards >= 6 {
        add(PageType::Listing, 1.5);
    } else if sh.prices >= 1 && sh.cart > 0 {
        add(PageType::Product, 1.0);
    }
    if sh.cards >= 5 {
        add(PageType::Listing, 1.5);
    }
    if sh.cards >= 12 {
        add(PageType::Listing, 1.0);
    }
    if sh.long_paras <= 2 {
        // Hardly any prose: no article.
        add(PageType::Article, -1.0);
    }
    if sh.ticker >= 3 {
        add(PageType::Liveblog, 2.0);
    }
    if sh.captions >= 5 && sh.text < 2000 {
        add(PageType::Gallery, 2.0);
    }
    if sh.players > 0 && sh.text < 1500 {
        add(PageType::Video, 1.5);
    }
    let l = |v: usize| (1.0 + v as f32).ln();
    let body = sh.body_len.max(1) as f32;
    fx.extend([
        b(forum_shape),
        l(sh.pre),
        l(sh.code),
        l(sh.posts),
        l(sh.authors),
        l(sh.times),
        l(sh.cards),
        l(sh.prices),
        l(sh.cart),
        l(sh.captions),
        l(sh.players),
        l(sh.text as usize / 100),
        l(sh.long_paras),
        l(sh.headings),
        l(sh.buttons),
        l(sh.links),
        l(sh.lis),
        l(sh.tables),
        l(sh.inputs),
        l(sh.imgs),
        l(sh.h1),
        l(sh.body_len as usize / 100),
        sh.body_link_len as f32 / body,
        (sh.text as f32 / body).min(1.0),
        (sh.headings as f32 * 1000.0 / (sh.text as f32 + 500.0)).min(10.0) / 5.0,
        (sh.long_paras as f32 * 500.0 / (sh.text as f32 + 500.0)).min(2.0),
        b(sh.long_paras <= 2),
        l(sh.linked_headings),
        l(sh.read_more),
        l(sh.calls),
        l(sh.forum_words),
        l(sh.para_run),
        (sh.linked_headings as f32 / (sh.headings + sh.linked_headings + 1) as f32),
    ]);
    let words = sh.words.max(1) as f32;
    let authored = meta.byline.is_some()
        || !meta.ld.authors.is_empty()
        || meta.micro_author.is_some()
        || meta.get(&["author", "article:author"]).is_some();
    fx.extend([
        b(authored),
        l(sh.sections),
        l(sh.articles),
        l(sh.pages.min(3)),
        l(sh.contact_links),
        l(sh.anchors),
        l(sh.questions),
        l(sh.paras),
        l(sh.long_links),
        l(sh.linked_imgs),
        (sh.text as f32 / (sh.paras as f32 * 100.0 + 100.0)).min(5.0),
        (sh.we as f32 * 100.0 / words).min(5.0),
        (sh.you as f32 * 100.0 / words).min(5.0),
        (sh.me as f32 * 100.0 / words).min(5.0),
        sh.long_links as f32 / (sh.links + 1) as f32,
        sh.para_run as f32 / (sh.paras + 1) as f32,
        // A discussion with a headline or a short summary above it: the comments hold 95 %
        // of the text.
        b(sh.comments as f32 > 0.95 * (sh.comments + sh.body_len) as f32),
    ]);
    fx.extend(sh.title.iter().map(|&v| v as f32));
    fx.extend(sh.heads.iter().map(|&v| l(v as usize)));

    // The best kind by points; the article wins ties and needs no points.
    pts[idx(PageType::Article)] += 1.0;
    let kinds = PageType::ALL;
    let mut best = PageType::Article;
    for k in kinds {
        if pts[idx(k)] > pts[idx(best)] {
            best = k;
        }
    }
    // The points of the model's kinds, relative to the article's.
    for k in crate::kind_model::KINDS {
        fx.push((pts[idx(k)] - pts[idx(PageType::Article)]) / 4.0);
    }
    (best, fx)
}

/// Class words that never mark a kind's content (navigation, sharing, advertising, consent).
const NEVER_CONTENT: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "sidebar",
    "cookie",
    "consent",
    "share",
    "social",
    "related",
    "recommend",
    "advert",
    "banner",
    "newsletter",
    "login",
    "signup",
    "breadcrumb",
    "popup",
    "modal",
    "pagination",
    "widget",
    "promo",
    "hidden",
    "sr-only",
    "visually",
    "toolbar",
];

/// True when class word `word` names a product's details sheet: a modal that opens the
/// product's details, measurements or specifications ("product-details-modal__container",
/// "measurements-modal"). The word "modal" there names how the text is shown, not what it is.
fn details_sheet(word: &str) -> bool {
    word.contains("modal")
        && ["detail", "measurement", "dimension", "spec"]
            .iter()
            .any(|w| word.contains(w))
}

/// True when class/id `ci` marks content of a page of kind `kind` that article pages prune
/// (a forum's comments and their authors, a shop's prices and tabs, a ticker's entries and
/// times, a gallery's captions, a player page's transcript).
pub(crate) fn keeps_class(kind: PageType, ci: &str) -> bool {
    // A print-stylesheet word ("hidden-print", "d-print-none") says nothing about the screen,
    // nor does a hidden label (Drupal's "field--label-hidden" on every field) or a utility
    // that clips what overflows ("overflow-y-hidden" on a scrolling row of items), nor, on a
    // product page, the class of a details sheet ("product-details-modal").
    let says_nothing = |word: &str| {
        word.contains("print")
            || word.contains("label-hidden")
            || word.starts_with("overflow")
            || (kind == PageType::Product && details_sheet(word))
    };
    if ci
        .split_ascii_whitespace()
        .any(|word| !says_nothing(word) && NEVER_CONTENT.iter().any(|w| word.contains(w)))
    {
        return false;
    }
    // A shop's words ("product", "detail") name its hidden leftovers too ("productview-info
    // hide": custom fields for its feeds).
    if kind == PageType::Product && crate::boilerplate::hidden_by_class(ci) {
        return false;
    }
    let words: &[&str] = match kind {
        PageType::Article => return false,
        PageType::Forum => &[
            "comment",
            "kommentar",
            "message",
            "reply",
            "answer",
            "post",
            "author",
            "user",
            "date",
            "time",
            "byline",
            "meta",
        ],
        PageType::Liveblog => &[
            "ticker",
            "live",
            "timestamp",
            "time",
            "date",
            "entry",
            "post",
            "update",
            "meta",
        ],
        PageType::Gallery => &[
            "gallery",
            "galerie",
            "slideshow",
            "carousel",
            "slider",
            "caption",
            "lightbox",
            "slide",
            "bild",
            "photo",
            "image",
        ],
        PageType::Video => &[
            "player",
            "video",
            "audio",
            "podcast",
            "transcript",
            "caption",
        ],
        PageType::Product => &[
            "price",
            "offer",
            "shop",
            "product",
            "tab",
            "accordion",
            "spec",
            "detail",
            "description",
            "feature",
            "gallery",
            "measurement",
            "dimension",
        ],
        PageType::Listing => &[
            "price", "rating", "offer", "shop", "product", "teaser", "card", "item", "tile",
            "list", "grid", "date", "meta", "author",
        ],
        PageType::Service => &[
            "tab",
            "accordion",
            "feature",
            "teaser",
            "card",
            "faq",
            "offer",
            "slide",
            "swiper",
            "carousel",
            "spoiler",
            "infobox",
        ],
        PageType::Documentation => &["toc", "code", "highlight", "note", "tip", "admonition"],
    };
    words.iter().any(|w| ci.contains(w))
}

/// True when element `i` (class/id `ci`, inside a link when `linked`) is the caption of a
/// listing's item card (Bootstrap's `.thumbnail .caption`: the name, the maker, the price): a
/// caption-class `<div>` inside or around a link. A photo's caption links nowhere.
pub(crate) fn item_caption(dom: &Dom<'_>, i: usize, ci: &str, linked: bool) -> bool {
    dom.nodes[i].tag == Tag::Div
        && ci.contains("caption")
        && (linked || (i + 1..dom.nodes[i].end as usize).any(|k| dom.nodes[k].tag == Tag::A))
}

/// True when class/id `ci` names a grid of related or recommended items ("related-product",
/// "recommendations"). On a listing such a grid can be the page's only list of items (a shop's
/// category page built from its "related products" template).
pub(crate) fn related_grid(ci: &str) -> bool {
    ci.contains("related") || ci.contains("recommend")
}

/// True when class/id `ci` names a shop's cart drawer: the mini cart or bag that slides in
/// over the page ("mini-cart is-empty", "bag bag--mini", "cart-drawer"), with its subtotal,
/// checkout button and "Your bag is empty". It is the shop's chrome, never the page's text,
/// even when the page's own text (a grid of a few names and prices) is shorter.
pub(crate) fn cart_drawer(ci: &str) -> bool {
    ci.split_ascii_whitespace().any(|w| {
        [
            "mini-cart",
            "minicart",
            "mini-bag",
            "minibag",
            "mini-basket",
            "minibasket",
        ]
        .iter()
        .any(|p| w.starts_with(p))
            || [
                "cart-drawer",
                "cartdrawer",
                "drawer-cart",
                "side-cart",
                "sidecart",
                "cart-flyout",
            ]
            .contains(&w)
            || ["bag--", "cart--", "basket--"]
                .iter()
                .any(|p| w.starts_with(p))
    })
}

/// True when class/id `ci` marks the customer reviews of a product page ("reviews",
/// "customer-review__body", "yotpo-reviews", "Kundenbewertungen"): what buyers say is the
/// page's comment section, not the product's description or specifications. "preview" is no
/// review, nor are a book's editorial reviews ("editorialReviews": the publisher's quotes from
/// critics, part of its description).
pub(crate) fn review_class(ci: &str) -> bool {
    ci.match_indices("review").any(|(k, _)| {
        let before = ci[..k].trim_end_matches(['-', '_']);
        !before.ends_with('p') && !before.ends_with("editorial")
    }) || ci.contains("bewertung")
}

/// True when class/id `ci` marks a box of languages on a product page: a language switcher
/// ("language-selector", "wpml-ls-current-language") or a game's table of supported languages
/// ("game_language_options"). Which languages the shop or the product speaks is chrome, not
/// the product's description.
pub(crate) fn language_class(ci: &str) -> bool {
    ci.contains("language")
}

/// The lowest element containing every node of `nodes` (`nodes` non-empty).
fn common_ancestor(dom: &Dom<'_>, nodes: &[usize]) -> usize {
    let mut anc = nodes[0];
    for &n in &nodes[1..] {
        while !dom.contains(anc, n) {
            let p = dom.nodes[anc].parent;
            if p == crate::dom::NONE {
                return 0;
            }
            anc = p as usize;
        }
    }
    anc
}

/// The members of the largest repeated group of alive elements sharing a class string that
/// `pick` accepts (by total text), outermost members only, in document order.
fn repeated_group(dom: &Dom<'_>, st: &Stats, pick: impl Fn(&str) -> bool) -> Vec<usize> {
    largest_group(repeated_groups(dom, st, pick), 2)
}

/// Of `groups` (text without links, members), the members of the one with the most text among
/// those of at least `min` members (more members on a tie); empty when there is none.
fn largest_group(groups: Vec<(u32, Vec<usize>)>, min: usize) -> Vec<usize> {
    groups
        .into_iter()
        .filter(|(_, m)| m.len() >= min)
        .max_by_key(|(l, m)| (*l, m.len()))
        .map(|(_, m)| m)
        .unwrap_or_default()
}

/// The repeated groups of alive elements sharing a class string that `pick` accepts: per
/// group its text without links and its outermost members in document order.
fn repeated_groups(
    dom: &Dom<'_>,
    st: &Stats,
    pick: impl Fn(&str) -> bool,
) -> Vec<(u32, Vec<usize>)> {
    let mut groups: HashMap<&str, (u32, Vec<usize>)> = HashMap::new();
    for i in 1..dom.len() {
        if !st.alive[i]
            || st.len[i] < 20
            || !matches!(
                dom.nodes[i].tag,
                Tag::Div | Tag::Article | Tag::Section | Tag::Li | Tag::Other
            )
        {
            continue;
        }
        let ci = st.ci[i].as_str();
        if ci.is_empty() || !pick(ci) {
            continue;
        }
        // Grouped by the class alone: each post has its own id.
        let Some(class) = dom.attr(i, "class").filter(|c| !c.trim().is_empty()) else {
            continue;
        };
        let e = groups.entry(class).or_insert((0, Vec::new()));
        if e.1.last().is_some_and(|&l| dom.contains(l, i)) {
            continue;
        }
        e.0 += st.len[i].saturating_sub(st.link_len[i]);
        e.1.push(i);
    }
    groups.into_values().filter(|(_, m)| m.len() >= 2).collect()
}

/// Where a page of kind `kind` keeps its main content, when that is more than the article
/// candidate `roots`: a thread's container (every post), the `<main>` element of a listing,
/// product, service or documentation page, the container of a listing's repeated cards.
pub(crate) fn kind_root(
    dom: &Dom<'_>,
    st: &Stats,
    kind: PageType,
    roots: &[usize],
) -> Option<usize> {
    let first = roots.first().copied().unwrap_or(0);
    let group = match kind {
        PageType::Forum => repeated_group(dom, st, |ci| {
            let w = ci.split_whitespace().next().unwrap_or("");
            has_any(w, POST_WORDS) || has_any(ci, &["question", "answer"])
        }),
        PageType::Liveblog => repeated_group(dom, st, |ci| has_any(ci, TICKER_WORDS)),
        PageType::Listing => {
            let named = repeated_group(dom, st, |ci| {
                has_any(
                    ci,
                    &[
                        "card", "item", "teaser", "tile", "product", "result", "entry", "post",
                    ],
                )
            });
            if named.is_empty() {
                // Generated class names: the repeated group of five or more with the most
                // text (not two wrappers of one class, one of them holding the whole grid).
                largest_group(repeated_groups(dom, st, |_| true), 5)
            } else {
                named
            }
        }
        _ => Vec::new(),
    };
    if !group.is_empty() {
        let mut all = group;
        all.extend(
            roots
                .iter()
                .copied()
                .filter(|&r| !matches!(dom.nodes[r].tag, Tag::Body | Tag::Html | Tag::Document)),
        );
        all.sort_unstable();
        let a = common_ancestor(dom, &all);
        if st.alive[a] && !matches!(dom.nodes[a].tag, Tag::Document | Tag::Html) {
            return Some(a);
        }
    }
    // The page's <main> element around the candidate, else the largest container around it
    // with few links (a service page's sections, a product's tabs).
    let mut a = first;
    let mut wide = first;
    loop {
        let p = dom.nodes[a].parent;
        if p == crate::dom::NONE {
            break;
        }
        a = p as usize;
        match dom.nodes[a].tag {
            Tag::Main => return st.alive[a].then_some(a),
            Tag::Body if kind == PageType::Service => {
                // A service page's sections are often the body's own children (a hero, the
                // offers, testimonials, a call to action, no `<main>`): the body itself, when
                // few of its words are links.
                if st.alive[a] && st.ld(a) < 0.4 {
                    wide = a;
                }
                break;
            }
            Tag::Body | Tag::Html | Tag::Document => break,
            _ => {}
        }
        if dom
            .attr(a, "role")
            .is_some_and(|r| r.eq_ignore_ascii_case("main"))
        {
            return st.alive[a].then_some(a);
        }
        if st.alive[a] && st.ld(a) < 0.3 {
            wide = a;
        }
    }
    (wide != first).then_some(wide)
}

/// A listing's description below its items, outside the container they were taken from: a
/// shop's category text ("description_longue", "category-description") after the product grid,
/// often after the `<main>` element. The first element after every root in `roots` whose class
/// names a description and that holds 600 bytes of text or more, under a quarter of it links.
pub(crate) fn trailing_description(dom: &Dom<'_>, st: &Stats, roots: &[usize]) -> Option<usize> {
    let after = roots.iter().map(|&r| dom.nodes[r].end as usize).max()?;
    (after..dom.len()).find(|&i| {
        st.alive[i]
            && dom.nodes[i].el.is_some()
            && st.len[i] >= 600
            && st.ld(i) < 0.25
            && dom.class_id(i).contains("description")
    })
}

/// True when class/id `ci` names a shop category's search-engine copy ("field-seofootercopy",
/// a footer group's "seo_tiles"): the category's text, however the class places it.
pub(crate) fn seo_copy_class(ci: &str) -> bool {
    ci.contains("seo") && !ci.contains("nav") && !ci.contains("related")
}

/// A listing's search-engine copy outside the container its items were taken from (above the
/// grid or in the footer area): the first element whose class names it
/// ([`seo_copy_class`]), that overlaps no root of `roots` and holds 400 bytes of text or
/// more, under a quarter of it links.
pub(crate) fn seo_copy(dom: &Dom<'_>, st: &Stats, roots: &[usize]) -> Option<usize> {
    (1..dom.len()).find(|&i| {
        st.alive[i]
            && dom.nodes[i].el.is_some()
            && st.len[i] >= 400
            && st.ld(i) < 0.25
            && !roots
                .iter()
                .any(|&r| dom.contains(r, i) || dom.contains(i, r))
            && seo_copy_class(&dom.class_id(i))
    })
}

/// A live blog's entries newest first: the blocks inside the repeated entry containers are
/// grouped by entry, each entry's time is read (`<time datetime>`, else "14:32", "12.15 Uhr" in
/// its text), and when the page lists them oldest first the entries are turned around. Blocks
/// before the first entry (the intro) stay in front.
pub(crate) fn newest_first(dom: &Dom<'_>, st: &Stats, blocks: &mut Vec<RawBlock>) {
    let members = repeated_group(dom, st, |ci| has_any(ci, TICKER_WORDS));
    if members.len() < 2 {
        return;
    }
    let entry_of = |node: usize| -> Option<usize> {
        let k = members.partition_point(|&m| m <= node);
        (k > 0 && dom.contains(members[k - 1], node)).then(|| k - 1)
    };
    // Runs of blocks per entry, in page order.
    let mut head: Vec<RawBlock> = Vec::new();
    let mut entries: Vec<(usize, Vec<RawBlock>)> = Vec::new();
    let mut tail: Vec<RawBlock> = Vec::new();
    for b in blocks.drain(..) {
        match entry_of(b.node) {
            Some(e) if tail.is_empty() => match entries.last_mut() {
                Some((last, run)) if *last == e => run.push(b),
                _ => entries.push((e, vec![b])),
            },
            _ if entries.is_empty() => head.push(b),
            _ => tail.push(b),
        }
    }
    let keys: Vec<(Option<String>, Option<u32>)> = entries
        .iter()
        .map(|(e, run)| entry_time(dom, members[*e], run))
        .collect();
    // Full timestamps when every timed entry has one, else clock times.
    let all_dt = keys.iter().all(|(d, m)| d.is_some() || m.is_none());
    let known: Vec<String> = keys
        .iter()
        .filter_map(|(d, m)| {
            if all_dt {
                d.clone()
            } else {
                m.map(|m| format!("{m:04}"))
            }
        })
        .collect();
    let ascending = known.len() >= 2
        && known.len() * 2 > entries.len()
        && known.windows(2).all(|w| w[0] <= w[1])
        && known.first() != known.last();
    if ascending {
        entries.reverse();
    }
    blocks.extend(head);
    blocks.extend(entries.into_iter().flat_map(|(_, run)| run));
    blocks.extend(tail);
}

/// The time of a live-blog entry: its `<time datetime>` value (to the minute) and its clock
/// time as minutes of the day (from that value, else the first "HH:MM"/"HH.MM" of its first
/// blocks).
fn entry_time(dom: &Dom<'_>, member: usize, run: &[RawBlock]) -> (Option<String>, Option<u32>) {
    let end = dom.nodes[member].end as usize;
    for k in member + 1..end.min(member + 200) {
        if dom.nodes[k].tag == Tag::Time {
            if let Some(dt) = dom
                .attr(k, "datetime")
                .filter(|d| d.len() >= 16 && d.is_char_boundary(16))
            {
                return (
                    Some(dt[..16].to_string()),
                    dt.get(11..16).and_then(clock_minutes),
                );
            }
        }
    }
    (
        None,
        run.iter().take(2).find_map(|b| clock_minutes(&b.text)),
    )
}

/// The first clock time "14:32" / "9.05 Uhr" in `t` as minutes after midnight.
fn clock_minutes(t: &str) -> Option<u32> {
    let b = t.as_bytes();
    for i in 0..b.len().min(80) {
        if !(b[i] == b':' || b[i] == b'.') || i == 0 {
            continue;
        }
        let h_start = if i >= 2 && b[i - 2].is_ascii_digit() {
            i - 2
        } else {
            i - 1
        };
        if !b[h_start].is_ascii_digit() || (h_start > 0 && b[h_start - 1].is_ascii_digit()) {
            continue;
        }
        let (Some(m1), Some(m2)) = (b.get(i + 1), b.get(i + 2)) else {
            continue;
        };
        if !m1.is_ascii_digit()
            || !m2.is_ascii_digit()
            || b.get(i + 3).is_some_and(u8::is_ascii_digit)
        {
            continue;
        }
        let h: u32 = t[h_start..i].parse().ok()?;
        let m: u32 = t[i + 1..i + 3].parse().ok()?;
        if h < 24 && m < 60 {
            // "12.05" as a date ("12.05.2024") is no clock.
            if b[i] == b'.' && b.get(i + 3) == Some(&b'.') {
                continue;
            }
            return Some(h * 60 + m);
        }
    }
    None
}

/// True when class/id `ci` marks the parts of a forum post around its text that are no part
/// of the thread: the author's card beyond the name (rank, join date, post count, reputation,
/// badges: "message-userExtras", "postprofile", "author_statistics", "user-details"), the signature and the vote
/// counter ("votecell", "js-vote-count"). Matched per class word.
pub(crate) fn post_chrome(ci: &str) -> bool {
    const WORDS: &[&str] = &[
        "signature",
        "userextras",
        "user-extras",
        "user-details",
        "userdetails",
        "postprofile",
        "author_stat",
        "authorstat",
        "author-stat",
        "usertitle",
        "user-title",
        "userstat",
        "user-stat",
        "reputation",
        "badge",
        "votecell",
        "vote-count",
        "post-count",
        "postcount",
        "join-date",
        "joindate",
    ];
    ci.split_ascii_whitespace()
        .any(|w| WORDS.iter().any(|k| w.contains(k)))
}

/// True when class/id `ci` is a Q&A page's question or one of its answers: the first class
/// word is "question" or "answer" ("answer js-answer", "question js-question").
pub(crate) fn qa_post(ci: &str) -> bool {
    matches!(
        ci.split_ascii_whitespace().next(),
        Some("question" | "answer")
    )
}

/// True when class/id `ci` is a comment or a list of comments: its first class word begins
/// with "comment" ("comments js-comments-container", "comment js-comment").
pub(crate) fn comment_class(ci: &str) -> bool {
    ci.split_ascii_whitespace()
        .next()
        .is_some_and(|w| w.starts_with("comment"))
}

/// True when a link with class/id `ci` under a parent with class/id `parent` names a post's
/// author (a forum's user name links to the profile).
pub(crate) fn author_link(ci: &str, parent: &str) -> bool {
    const WORDS: &[&str] = &[
        "username",
        "user-name",
        "author",
        "poster",
        "member",
        "user",
    ];
    WORDS.iter().any(|w| ci.contains(w) || parent.contains(w))
}

#[cfg(test)]
mod tests {
    use super::{
        cart_drawer, count_words, details_sheet, keeps_class, review_class, shape, title_signals,
        Shape,
    };
    use crate::dom::Dom;
    use crate::PageType;

    #[test]
    fn a_products_details_sheet_is_kept_though_a_modal_but_no_other_modal() {
        assert!(details_sheet("pipf-product-details-modal__container"));
        assert!(details_sheet("pipf-measurements-modal"));
        assert!(!details_sheet("newsletter-modal"));
        assert!(keeps_class(
            PageType::Product,
            "pipf-product-details-modal__paragraph"
        ));
        assert!(!keeps_class(PageType::Listing, "product-details-modal"));
        assert!(!keeps_class(PageType::Product, "size-guide-modal"));
    }

    #[test]
    fn a_cart_drawer_is_named_by_its_mini_or_modifier_class_not_by_cart_words() {
        assert!(cart_drawer("mini-cart is-empty"));
        assert!(cart_drawer("mini-cart-v2-bg closed"));
        assert!(cart_drawer("bag bag--mini is-empty"));
        assert!(cart_drawer("cart-drawer"));
        assert!(!cart_drawer("add-to-cart"));
        assert!(!cart_drawer("sleeping-bag-grid"));
        assert!(!cart_drawer("cart"));
    }

    #[test]
    fn a_books_editorial_reviews_are_no_customer_reviews() {
        assert!(!review_class("celwidget editorialreviews_feature_div"));
        assert!(!review_class("editorial-reviews"));
        assert!(review_class("celwidget customer-reviews_feature_div"));
        assert!(review_class("product-reviews"));
        assert!(!review_class("product-preview"));
    }

    #[test]
    fn a_shops_hidden_block_is_not_kept_for_its_product_words() {
        // A store's hidden custom fields ("cat_thumb_Bone: https://…").
        assert!(!keeps_class(PageType::Product, "productview-info hide"));
        assert!(!keeps_class(PageType::Product, "product-spec d-none"));
        // Shown, they are the product's.
        assert!(keeps_class(PageType::Product, "productview-info"));
    }

    #[test]
    fn a_row_that_clips_its_overflow_keeps_a_listings_items() {
        // A department store's row of products that scrolls sideways.
        assert!(keeps_class(
            PageType::Listing,
            "list ma0 overflow-x-scroll carousel-peek-2 overflow-y-hidden"
        ));
        // A hidden row does not.
        assert!(!keeps_class(
            PageType::Listing,
            "list ma0 carousel-peek-2 hidden"
        ));
        assert!(!keeps_class(PageType::Listing, "list visually-hidden"));
    }

    fn shape_of(html: &str) -> Shape {
        let dom = Dom::build(html);
        let st = crate::content::analyse(&dom, &[]);
        shape(&dom, &st)
    }

    #[test]
    fn title_words_lean_to_their_kind() {
        // article, service, listing, documentation, forum, model number, question/number
        assert_eq!(
            title_signals("How to prune roses: 7 tips"),
            [2, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            title_signals("Plumbing Services Near You | Acme Company"),
            [0, 3, 0, 0, 0, 0, 0]
        );
        assert_eq!(title_signals("Shop all sale shoes"), [0, 0, 3, 0, 0, 0, 0]);
        assert_eq!(
            title_signals("SELECT syntax — API reference"),
            [0, 0, 0, 3, 0, 0, 0]
        );
        assert_eq!(
            title_signals("Is the new router worth it? - Forum thread"),
            [0, 0, 0, 0, 2, 0, 1]
        );
        assert_eq!(title_signals("Sony WH-1000XM5 headphones")[5], 1);
        assert_eq!(title_signals("10 gardens to visit")[6], 1);
        // Not a model number: a year, an ordinal; not a kind word: part of a word.
        assert_eq!(title_signals("The 2024 season's 3rd race showcase"), [0; 7]);
    }

    #[test]
    fn pronouns_are_counted_as_whole_words() {
        let mut sh = Shape::default();
        count_words(
            "We help you. Our team and I; your home, my view. Wir beraten Sie. Usual ours",
            &mut sh,
        );
        assert_eq!(sh.words, 16);
        assert_eq!((sh.we, sh.you, sh.me), (3, 3, 2));
    }

    #[test]
    fn shape_counts_pagination_contacts_anchors_and_headings() {
        let page = "<html><head><title>x</title></head><body>\
            <p>Jump to <a href=\"#setup\">Setup</a> or read on.</p>\
            <section><h2>Why choose us?</h2><p>We have served the valley for thirty years \
            with honest work and fair prices. Call <a href=\"tel:+15550100\">555 0100</a>.</p>\
            </section>\
            <section><h2>Parameters</h2><p>Each parameter is described below in full, with \
            its type, its default value and an example of its use.</p></section>\
            <article><a href=\"/item/1\"><img src=\"a.jpg\"></a><h3><a href=\"/item/1\">An \
            item title that is long enough to be a title</a></h3></article>\
            <ul class=\"pagination\"><li><a href=\"?page=2\">2</a></li>\
            <li><a rel=\"next\" href=\"?page=2\">Next</a></li></ul>\
            </body></html>";
        let sh = shape_of(page);
        assert_eq!(sh.contact_links, 1);
        assert_eq!(sh.anchors, 1);
        assert_eq!(sh.questions, 1);
        assert_eq!(sh.sections, 2);
        assert_eq!(sh.articles, 1);
        assert_eq!(sh.linked_imgs, 1);
        assert_eq!(sh.long_links, 1);
        assert!(sh.pages >= 2, "{}", sh.pages);
        assert_eq!(sh.paras, 2);
        // article, service, listing, documentation, forum, product
        assert_eq!(sh.heads, [0, 1, 0, 1, 0, 0]);

        // A plain article: none of these.
        let plain = "<html><head><title>x</title></head><body><h1>News</h1>\
            <p>The council met on Monday and voted on the budget for the coming year.</p>\
            <h2>What happens next</h2><p>Short.</p><a href=\"/other\">Other</a></body></html>";
        let sh = shape_of(plain);
        assert_eq!(
            (
                sh.contact_links,
                sh.anchors,
                sh.questions,
                sh.sections,
                sh.articles,
                sh.linked_imgs,
                sh.long_links,
                sh.pages
            ),
            (0, 0, 0, 0, 0, 0, 0, 0)
        );
        assert_eq!(sh.paras, 1);
        assert_eq!(sh.heads, [0; 6]);
    }
}
