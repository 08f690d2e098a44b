//! Metadata sources: `<meta>` tags, `<link>` tags, JSON-LD, microdata and `<time>` elements.

use crate::dom::{push_collapsed, Dom, Tag};
use serde_json::Value;

/// Everything the page states about itself, before choosing.
#[derive(Debug, Default)]
pub(crate) struct PageMeta {
    /// `<meta>` values keyed by lower-cased property/name/itemprop/http-equiv, first wins.
    pub metas: Vec<(String, String)>,
    /// `<link rel=canonical>`.
    pub canonical: Option<String>,
    /// `<html lang>`.
    pub html_lang: Option<String>,
    /// JSON-LD facts.
    pub ld: LdInfo,
    /// Microdata `itemprop=datePublished` on visible elements (content/datetime attribute or text).
    pub micro_published: Option<String>,
    /// Microdata `itemprop=dateModified`.
    pub micro_modified: Option<String>,
    /// Microdata author names.
    pub micro_author: Option<String>,
    /// `<time datetime>` values with their node index and whether they are marked as publication
    /// dates (pubdate attribute, class/itemprop names).
    pub times: Vec<(usize, String, bool)>,
    /// Text of the first `<h1>` elements (node, text), up to a few.
    pub h1s: Vec<(usize, String)>,
    /// hAtom `class="published"` element's title/datetime attribute.
    pub hatom_published: Option<String>,
    /// hAtom `class="updated"` element's title/datetime attribute.
    pub hatom_updated: Option<String>,
    /// `rel=author` / class author elements' text.
    pub byline: Option<String>,
    /// Microdata `itemtype`s, lower-cased without the schema.org prefix, with their node.
    pub itemtypes: Vec<(usize, String)>,
}

/// Facts from JSON-LD.
#[derive(Debug, Default)]
pub(crate) struct LdInfo {
    pub headline: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub image: Option<String>,
    pub free: Option<bool>,
    pub description: Option<String>,
    pub language: Option<String>,
    pub body: Option<String>,
    /// `articleSection` of the article object.
    pub section: Option<String>,
    /// True when the facts came from an article-type object.
    pub is_article: bool,
    /// Every object's `@type`, lower-cased without the schema.org prefix, with repeats (the
    /// page-kind decision counts them).
    pub types: Vec<String>,
}

impl PageMeta {
    /// First `<meta>` value for any of `keys` (lower-case), in key order.
    pub(crate) fn get(&self, keys: &[&str]) -> Option<&str> {
        for k in keys {
            if let Some((_, v)) = self
                .metas
                .iter()
                .find(|(kk, v)| kk == k && !v.trim().is_empty())
            {
                return Some(v.trim());
            }
        }
        None
    }
}

/// Collects the metadata of the page.
pub(crate) fn collect(dom: &Dom<'_>) -> PageMeta {
    let mut m = PageMeta::default();
    for i in 0..dom.len() {
        let node = &dom.nodes[i];
        let Some(el) = dom.el(i) else { continue };
        if let Some(t) = el.attr("itemtype") {
            if m.itemtypes.len() < 500 {
                for t in t.split_whitespace() {
                    let t = t.trim_end_matches('/');
                    let t = t.rsplit('/').next().unwrap_or(t).to_ascii_lowercase();
                    m.itemtypes.push((i, t));
                }
            }
        }
        match node.tag {
            Tag::Html if m.html_lang.is_none() => {
                m.html_lang = el
                    .attr("lang")
                    .or_else(|| el.attr("xml:lang"))
                    .map(|s| s.to_string());
            }
            Tag::Meta => {
                let content = el.attr("content").or_else(|| el.attr("value"));
                let Some(content) = content else { continue };
                for key in [
                    el.attr("property"),
                    el.attr("name"),
                    el.attr("itemprop"),
                    el.attr("http-equiv"),
                ]
                .into_iter()
                .flatten()
                {
                    let k = key.trim().to_ascii_lowercase();
                    if k.is_empty() || m.metas.len() > 2000 {
                        continue;
                    }
                    if k == "datepublished" && m.micro_published.is_none() {
                        m.micro_published = Some(content.to_string());
                    }
                    if k == "datemodified" && m.micro_modified.is_none() {
                        m.micro_modified = Some(content.to_string());
                    }
                    m.metas.push((k, decode_entities_lite(content)));
                }
            }
            Tag::Link => {
                let rel = el.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && m.canonical.is_none() {
                    if let Some(h) = el.attr("href") {
                        m.canonical = Some(h.trim().to_string());
                    }
                }
            }
            Tag::Time => {
                let dt = el
                    .attr("datetime")
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| dom.text_of(i));
                if dt.is_empty() || m.times.len() > 50 {
                    continue;
                }
                let ip = el.attr("itemprop").unwrap_or("").to_ascii_lowercase();
                let ci = dom.class_id(i);
                let marked = el.attr("pubdate").is_some()
                    || ip.contains("datepublished")
                    || ci.contains("publish")
                    || ci.contains("pubdate")
                    || ci.contains("created");
                let modified = ip.contains("datemodified")
                    || ci.contains("modified")
                    || ci.contains("updated");
                if ip.contains("datemodified") && m.micro_modified.is_none() {
                    m.micro_modified = Some(dt.clone());
                }
                if !modified {
                    m.times.push((i, dt, marked));
                }
            }
            Tag::H1 if m.h1s.len() < 8 => {
                let t = dom.headline_text(i);
                if !t.is_empty() {
                    m.h1s.push((i, t));
                }
            }
            _ => {}
        }
        if m.hatom_published.is_none() || m.hatom_updated.is_none() {
            if let Some(t) = el
                .attr("title")
                .or_else(|| el.attr("datetime"))
                .or_else(|| el.attr("content"))
            {
                if t.len() >= 8 && t.len() <= 40 && t.as_bytes()[0].is_ascii_digit() {
                    let c = el.attr("class").unwrap_or("");
                    if c.contains("published") && m.hatom_published.is_none() {
                        m.hatom_published = Some(t.to_string());
                    } else if c.contains("updated") && m.hatom_updated.is_none() {
                        m.hatom_updated = Some(t.to_string());
                    }
                }
            }
        }
        // hAtom and WordPress publication dates written as text ("<span class=published>31.
        // Oktober 2023</span>"): a marked date like `<time pubdate>`.
        if node.tag != Tag::Time && m.times.len() <= 50 && (node.end as usize) < i + 40 {
            if let Some(c) = el.attr("class") {
                if c.split_ascii_whitespace().any(|w| {
                    matches!(
                        w,
                        "published"
                            | "entry-date"
                            | "post-date"
                            | "publish-date"
                            | "date-published"
                    )
                }) && el.attr("title").or_else(|| el.attr("datetime")).is_none()
                {
                    let t = dom.text_of(i);
                    if (6..80).contains(&t.len()) && t.bytes().any(|b| b.is_ascii_digit()) {
                        m.times.push((i, t, true));
                    }
                }
            }
        }
        if let Some(ip) = el.attr("itemprop") {
            let ip = ip.to_ascii_lowercase();
            if node.tag != Tag::Meta && node.tag != Tag::Time {
                if ip.contains("datepublished") && m.micro_published.is_none() {
                    let v = el
                        .attr("content")
                        .or_else(|| el.attr("datetime"))
                        .or_else(|| {
                            el.attr("title")
                                .filter(|t| t.len() >= 8 && t.as_bytes()[0].is_ascii_digit())
                        })
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| dom.text_of(i));
                    m.micro_published = Some(v);
                } else if ip.contains("datemodified") && m.micro_modified.is_none() {
                    let v = el
                        .attr("content")
                        .or_else(|| el.attr("datetime"))
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| dom.text_of(i));
                    m.micro_modified = Some(v);
                } else if ip == "author" && m.micro_author.is_none() {
                    let t = dom.text_of(i);
                    if !t.is_empty() && t.len() < 120 {
                        m.micro_author = Some(t);
                    }
                }
            }
        }
        if m.byline.is_none()
            && matches!(
                node.tag,
                Tag::A | Tag::Span | Tag::Div | Tag::P | Tag::Address
            )
        {
            let is_author = el
                .attr("rel")
                .map(|r| r.contains("author"))
                .unwrap_or(false)
                || {
                    let c = el.attr("class").unwrap_or("");
                    c.contains("author-name")
                        || c.contains("byline__author")
                        || c.contains("author__name")
                };
            if is_author {
                let t = dom.text_of(i);
                if !t.is_empty() && t.len() < 100 {
                    m.byline = Some(t);
                }
            }
        }
    }
    for src in &dom.ld_json {
        parse_ld(src, &mut m.ld);
    }
    m
}

/// Decodes the few entities html5ever leaves in attribute values (none normally); trims.
fn decode_entities_lite(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_collapsed(&mut out, s);
    out.trim().to_string()
}

const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "techarticle",
    "scholarlyarticle",
    "report",
    "posting",
    "review",
];

fn type_is_article(v: &Value) -> bool {
    let check = |s: &str| {
        let s = s.rsplit('/').next().unwrap_or(s).to_ascii_lowercase();
        ARTICLE_TYPES.contains(&s.as_str())
    };
    match v.get("@type") {
        Some(Value::String(s)) => check(s),
        Some(Value::Array(a)) => a.iter().any(|x| x.as_str().map(check).unwrap_or(false)),
        _ => false,
    }
}

fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => {
            let mut out = String::new();
            push_collapsed(&mut out, s);
            let t = out.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        Value::Array(a) => a.iter().find_map(str_of),
        Value::Object(o) => o
            .get("name")
            .and_then(str_of)
            .or_else(|| o.get("url").and_then(str_of))
            .or_else(|| o.get("@value").and_then(str_of)),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn names_of(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            let s = s.trim();
            if !s.is_empty() && !s.starts_with("http") && s.len() < 120 {
                out.push(s.to_string());
            }
        }
        Value::Array(a) => {
            for x in a.iter().take(10) {
                names_of(x, out);
            }
        }
        Value::Object(o) => {
            if let Some(n) = o.get("name") {
                names_of(n, out);
            }
        }
        _ => {}
    }
}

fn image_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(image_of),
        Value::Object(o) => o
            .get("url")
            .or_else(|| o.get("contentUrl"))
            .and_then(image_of),
        _ => None,
    }
}

fn bool_of(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Parses one JSON-LD script and merges what it says into `ld` (article objects win over
/// others, earlier wins over later).
fn parse_ld(src: &str, ld: &mut LdInfo) {
    if src.len() > 2_000_000 {
        return;
    }
    let s = src.trim();
    let s = s.trim_start_matches("<!--").trim_end_matches("-->").trim();
    let s = s
        .trim_start_matches("//<![CDATA[")
        .trim_end_matches("//]]>")
        .trim();
    let v: Value = match serde_json::from_str(s) {
        Ok(v) => v,
        Err(_) => {
            // Some pages put several objects or trailing semicolons in one script.
            let t = s.trim_end_matches(';');
            match serde_json::from_str(t) {
                Ok(v) => v,
                Err(_) => {
                    let mut de = serde_json::Deserializer::from_str(t).into_iter::<Value>();
                    match de.next() {
                        Some(Ok(v)) => v,
                        _ => return,
                    }
                }
            }
        }
    };
    // Iterative walk over objects (depth-limited).
    let mut stack: Vec<(&Value, usize)> = vec![(&v, 0)];
    let mut objects: Vec<&Value> = Vec::new();
    while let Some((x, d)) = stack.pop() {
        if d > 12 || objects.len() > 500 {
            continue;
        }
        match x {
            Value::Array(a) => {
                for y in a.iter().rev() {
                    stack.push((y, d + 1));
                }
            }
            Value::Object(o) => {
                objects.push(x);
                if let Some(g) = o.get("@graph") {
                    stack.push((g, d + 1));
                }
                if let Some(m) = o.get("mainEntity") {
                    stack.push((m, d + 1));
                }
                if let Some(m) = o.get("mainEntityOfPage") {
                    if m.is_object() {
                        stack.push((m, d + 1));
                    }
                }
            }
            _ => {}
        }
    }
    // Article objects first.
    let mut ordered: Vec<&Value> = objects
        .iter()
        .copied()
        .filter(|o| type_is_article(o))
        .collect();
    let has_article = !ordered.is_empty();
    ordered.extend(objects.iter().copied().filter(|o| !type_is_article(o)));
    for o in &objects {
        let mut push = |t: &str| {
            if ld.types.len() < 500 {
                let t = t.rsplit('/').next().unwrap_or(t).to_ascii_lowercase();
                ld.types.push(t);
            }
        };
        match o.get("@type") {
            Some(Value::String(t)) => push(t),
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).for_each(push),
            _ => {}
        }
    }
    if has_article && !ld.is_article {
        // Facts from non-article objects seen before are weaker: let article ones replace them.
        *ld = LdInfo {
            is_article: true,
            types: std::mem::take(&mut ld.types),
            ..LdInfo::default()
        };
    } else if !has_article && ld.is_article {
        // Only fill gaps.
    }
    for o in ordered {
        let art = type_is_article(o);
        let typ = o
            .get("@type")
            .and_then(str_of)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let is_pagelike = art || typ.contains("webpage") || typ.is_empty();
        if ld.headline.is_none() && (art || typ.contains("webpage")) {
            ld.headline = o.get("headline").and_then(str_of).or_else(|| {
                if art {
                    o.get("name").and_then(str_of)
                } else {
                    None
                }
            });
        }
        if is_pagelike {
            if ld.published.is_none() {
                ld.published = o.get("datePublished").and_then(str_of).or_else(|| {
                    if art {
                        o.get("dateCreated").and_then(str_of)
                    } else {
                        None
                    }
                });
            }
            if ld.modified.is_none() {
                ld.modified = o.get("dateModified").and_then(str_of);
            }
        }
        if art || typ.contains("webpage") {
            if ld.authors.is_empty() {
                if let Some(a) = o.get("author").or_else(|| o.get("creator")) {
                    names_of(a, &mut ld.authors);
                }
            }
            if ld.publisher.is_none() {
                ld.publisher = o
                    .get("publisher")
                    .and_then(|p| p.get("name"))
                    .and_then(str_of);
            }
            if ld.image.is_none() {
                ld.image = o
                    .get("image")
                    .or_else(|| o.get("thumbnailUrl"))
                    .and_then(image_of);
            }
            if ld.free.is_none() {
                ld.free = o.get("isAccessibleForFree").and_then(bool_of).or_else(|| {
                    o.get("hasPart").and_then(|p| match p {
                        Value::Array(a) => a
                            .iter()
                            .find_map(|x| x.get("isAccessibleForFree").and_then(bool_of)),
                        x => x.get("isAccessibleForFree").and_then(bool_of),
                    })
                });
            }
            if ld.description.is_none() {
                ld.description = o.get("description").and_then(str_of);
            }
            if ld.language.is_none() {
                ld.language = o.get("inLanguage").and_then(str_of);
            }
            if ld.section.is_none() && art {
                ld.section = o.get("articleSection").and_then(str_of);
            }
            if ld.body.is_none() && art {
                // Kept as written: its line breaks separate the paragraphs.
                ld.body = o
                    .get("articleBody")
                    .and_then(Value::as_str)
                    .filter(|b| !b.trim().is_empty())
                    .map(str::to_string);
            }
        }
        if ld.publisher.is_none()
            && (typ == "organization" || typ == "newsmediaorganization" || typ == "website")
        {
            ld.publisher = o.get("name").and_then(str_of);
        }
    }
}
