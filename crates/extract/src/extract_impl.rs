//! Puts the passes together: decode, parse, flatten, metadata, main text, teaser, dates.

use crate::content::{self, RawBlock, Stats};
use crate::dates;
use crate::dom::{Dom, Tag};
use crate::meta::{self, PageMeta};
use crate::title;
use crate::{Article, Block, BlockKind};
use chrono::{DateTime, FixedOffset, Timelike};
use std::sync::OnceLock;
use url::Url;

/// See [`crate::extract`].
pub(crate) fn extract(html: &[u8], url: Option<&str>, content_type: Option<&str>) -> Article {
    extract_variant(html, url, content_type, 0)
}

/// [`extract`] with a fixed candidate choice (development: 1 = explicit, 2 = scored).
pub(crate) fn extract_variant(
    html: &[u8],
    url: Option<&str>,
    content_type: Option<&str>,
    variant: u8,
) -> Article {
    let text = crate::charset::decode(html, content_type);
    let mut dom = Dom::build(&text);
    let mut meta = meta::collect(&dom);

    let Place {
        base,
        canonical,
        host_url,
        host,
    } = Place::of(&meta, url);
    let host_label = host.as_deref().and_then(title::host_label);

    let rule = host.as_deref().and_then(crate::rules::for_host);
    let strip = rule.map(|r| r.strip.as_slice()).unwrap_or(&[]);
    let mut st = content::analyse(&dom, strip);
    // The page's kind, decided before the main content is chosen: it says what counts as
    // content (a forum's posts, a shop's specifications, a ticker's entries).
    let page_type = crate::kind::decide(
        &meta,
        url.or(canonical.as_deref()),
        &crate::kind::shape(&dom, &st),
    );
    if streamed_in_place(&mut dom, page_type) {
        meta = meta::collect(&dom);
        st = content::analyse_for(&dom, strip, page_type);
    } else if page_type != crate::PageType::Article {
        st = content::analyse_for(&dom, strip, page_type);
    }
    let (mut blocks, mut roots) = content::main_blocks(
        &dom,
        &st,
        variant,
        rule.map(|r| r.body.as_slice()).unwrap_or(&[]),
        page_type,
    );
    let mut page_type = page_type;
    // Next to nothing left: a second try that weighs hidden containers and hard boilerplate
    // classes like weak evidence (see `content::analyse_with`).
    let shown: usize = blocks.iter().map(|b| b.text.len()).sum();
    if shown < 150 {
        let lst = content::analyse_with(&dom, strip, page_type, true);
        let (more, more_roots) = content::main_blocks(
            &dom,
            &lst,
            variant,
            rule.map(|r| r.body.as_slice()).unwrap_or(&[]),
            page_type,
        );
        let more_len: usize = more.iter().map(|b| b.text.len()).sum();
        if more_len >= 2 * shown + 300 {
            blocks = more;
            roots = more_roots;
            st = lst;
        }
    }
    // A page built by script that shows crawlers its content inside <noscript> (forum software
    // such as Discourse does): that markup is the page.
    let shown: usize = blocks.iter().map(|b| b.text.len()).sum();
    if shown < 300 {
        if let Some((more, kind)) =
            noscript_blocks(&dom, &meta, url.or(canonical.as_deref()), page_type)
        {
            let more_len: usize = more.iter().map(|b| b.text.len()).sum();
            if more_len > 2 * shown + 200 {
                blocks = more;
                page_type = kind;
            }
        }
    }

    let site_name = meta
        .get(&["og:site_name", "application-name", "twitter:site"])
        .map(|s| s.trim_start_matches('@').to_string())
        .or_else(|| meta.ld.publisher.clone());
    let mut site_names: Vec<String> = Vec::new();
    if let Some(s) = &site_name {
        site_names.push(s.clone());
    }
    if let Some(p) = &meta.ld.publisher {
        site_names.push(p.clone());
    }
    if let Some(s) = meta.get(&["application-name"]) {
        site_names.push(s.to_string());
    }

    let h1s: Vec<String> = meta.h1s.iter().map(|(_, t)| t.clone()).collect();
    let html_title = dom.title.as_deref().map(|t| {
        let mut s = String::new();
        crate::dom::push_collapsed(&mut s, t);
        s.trim().to_string()
    });
    let og_title = meta.get(&["og:title", "twitter:title"]);
    // The h1 inside the body container, else the last one before it.
    let main_h1 = roots.first().and_then(|&r0| {
        let inside = meta
            .h1s
            .iter()
            .find(|(i, _)| roots.iter().any(|&r| dom.contains(r, *i)));
        inside
            .or_else(|| meta.h1s.iter().rfind(|(i, _)| *i < r0))
            .map(|(_, t)| t.as_str())
    });
    let mut art_title = title::choose(
        meta.ld.headline.as_deref(),
        og_title,
        &h1s,
        main_h1,
        html_title.as_deref(),
        &site_names,
        host_label.as_deref(),
    );

    // Paywall markers in the title or the visible headline ("SPIEGEL+ …", "… - SZ Plus"): the
    // title is given without them.
    let mut plus_marker = false;
    if let Some(t) = art_title.as_mut() {
        if let Some(clean) = without_plus_marker(t) {
            plus_marker = true;
            if !clean.is_empty() {
                *t = clean;
            }
        }
    }
    if main_h1
        .or(h1s.first().map(String::as_str))
        .is_some_and(|h| without_plus_marker(h).is_some())
    {
        plus_marker = true;
    }

    let description = meta
        .get(&[
            "og:description",
            "description",
            "twitter:description",
            "dc.description",
        ])
        .map(|s| s.to_string())
        .or_else(|| meta.ld.description.clone())
        .filter(|s| !s.is_empty());

    // Headings repeating the title.
    if let Some(t) = &art_title {
        let tn = norm(t);
        // Also the headline shown in non-heading markup: a paragraph that is the title and
        // no sentence.
        let max_len = t.len() * 2 + 16;
        // A page of many `<h1>`s (a listing whose items each carry one) keeps those that are
        // not the title and are links (an item's title), not a box's label.
        let many_h1 = meta.h1s.len() >= 3;
        blocks.retain(|b| {
            let same = || !tn.is_empty() && norm_eq(&b.text, &tn);
            match b.kind {
                BlockKind::Heading => {
                    let item_title = many_h1 && b.mostly_linked();
                    !((b.level == 1 && !item_title) || same())
                }
                BlockKind::Paragraph => {
                    b.text.len() > max_len || b.text.trim_end().ends_with('.') || !same()
                }
                _ => true,
            }
        });
        // An opening heading that is the title without its kicker ("Wohnen in München: Warum
        // …" over "Warum …").
        if let Some(first) = blocks.first().filter(|b| b.kind == BlockKind::Heading) {
            let hn = norm(&first.text);
            if hn.len() >= 12 && hn.len() * 2 >= tn.len() && tn.ends_with(&hn) {
                blocks.remove(0);
            }
        }
    }
    let mut teaser = find_teaser(
        &dom,
        &st,
        &meta,
        &roots,
        &mut blocks,
        description.as_deref(),
        page_type,
    );
    // The page shows almost nothing (text loaded by script) but its JSON-LD carries the
    // article body: that is the text. Not for paywalled articles: their text is what the page
    // shows to everyone.
    let shown: usize =
        blocks.iter().map(|b| b.text.len()).sum::<usize>() + teaser.as_ref().map_or(0, |t| t.len());
    if shown < 500 && meta.ld.free != Some(false) {
        if let Some(mut body) = meta.ld.body.as_deref().map(ld_body_blocks) {
            let total: usize = body.iter().map(|b| b.text.len()).sum();
            if total > 500 && total > 2 * shown {
                if let (Some(t), Some(first)) = (teaser.as_deref(), body.first()) {
                    if same_text(t, &first.text) {
                        body.remove(0);
                    }
                }
                blocks = body;
            }
        }
    }
    // A thread that shows nothing at all (forum software that renders its posts by script
    // and sends crawlers no copy): its description is the opening of the first post.
    if page_type == crate::PageType::Forum && blocks.is_empty() && teaser.is_none() {
        teaser = description
            .clone()
            .filter(|d| d.split_whitespace().count() >= 12);
        // No description either: a link post's headline, when it is a sentence (eight words
        // or more), is what the thread shows of itself.
        if teaser.is_none() {
            teaser = h1s
                .first()
                .filter(|h| h.split_whitespace().count() >= 8)
                .cloned();
        }
    }

    let language = language(&meta, &blocks);
    let berlin = match language.as_deref() {
        Some("de") => true,
        Some(_) => host
            .as_deref()
            .map(|h| h.ends_with(".de") || h.ends_with(".at") || h.ends_with(".ch"))
            .unwrap_or(false),
        None => true,
    };
    let (published, modified) = find_dates(
        &dom,
        &st,
        &meta,
        &roots,
        url.or(canonical.as_deref()),
        berlin,
    );

    let author = author(&meta);
    if page_type == crate::PageType::Article {
        if let Some(name) = author.as_deref() {
            cut_author_bio(&mut blocks, name);
        }
    }
    let image = meta
        .get(&[
            "og:image",
            "og:image:url",
            "og:image:secure_url",
            "twitter:image",
            "twitter:image:src",
        ])
        .map(|s| s.to_string())
        .or_else(|| meta.ld.image.clone())
        .and_then(|i| resolve(base.as_ref().or(host_url.as_ref()), &i));

    let section = meta
        .get(&[
            "article:section",
            "og:article:section",
            "parsely-section",
            "section",
        ])
        .map(|s| s.to_string())
        .or_else(|| meta.ld.section.clone())
        .filter(|s| s.chars().count() <= 80);

    let body_len: usize = blocks.iter().map(|b| b.text.len()).sum();
    let paywalled = paywall(&dom, &st, &meta, plus_marker, body_len);

    Article {
        title: art_title,
        teaser,
        blocks: blocks
            .into_iter()
            .map(|b| Block {
                kind: b.kind,
                text: b.text,
            })
            .collect(),
        published,
        modified,
        author,
        language,
        canonical_url: canonical,
        site_name,
        image,
        paywalled,
        description,
        section,
        page_type,
    }
}

/// Where a page is, as its address and its markup say.
struct Place {
    /// The address the page was fetched from, parsed.
    base: Option<Url>,
    /// The page's canonical address (`<link rel=canonical>`, else `og:url`), made absolute.
    canonical: Option<String>,
    /// The address whose host the page is on: `base`, else the canonical address.
    host_url: Option<Url>,
    /// That host in lower case.
    host: Option<String>,
}

impl Place {
    /// The place of a page fetched from `url` with these meta tags.
    fn of(meta: &PageMeta, url: Option<&str>) -> Place {
        let base = url.and_then(|u| Url::parse(u).ok());
        let canonical = meta
            .canonical
            .as_deref()
            .or_else(|| meta.get(&["og:url"]))
            .and_then(|c| resolve(base.as_ref(), c));
        let host_url = base
            .clone()
            .or_else(|| canonical.as_deref().and_then(|c| Url::parse(c).ok()));
        let host = host_url
            .as_ref()
            .and_then(|u| u.host_str().map(|h| h.to_ascii_lowercase()));
        Place {
            base,
            canonical,
            host_url,
            host,
        }
    }
}

/// Puts React's streamed segments in place ([`Dom::splice_streamed_segments`]) on a page of a
/// kind whose text they are (an article, service, forum or documentation page; a shop's and a
/// listing's late segments are mostly rows of other products). The kind is decided on the
/// page as sent. True when the tree changed.
fn streamed_in_place(dom: &mut Dom<'_>, kind: crate::PageType) -> bool {
    matches!(
        kind,
        crate::PageType::Article
            | crate::PageType::Service
            | crate::PageType::Forum
            | crate::PageType::Documentation
    ) && dom.splice_streamed_segments()
}

/// The page-kind model's features of a page (development: fitting [`crate::kind_model`]).
pub(crate) fn kind_features(html: &[u8], url: Option<&str>) -> Vec<f32> {
    let text = crate::charset::decode(html, None);
    let dom = Dom::build(&text);
    let meta = meta::collect(&dom);
    let Place {
        canonical, host, ..
    } = Place::of(&meta, url);
    let rule = host.as_deref().and_then(crate::rules::for_host);
    let strip = rule.map(|r| r.strip.as_slice()).unwrap_or(&[]);
    let st = content::analyse(&dom, strip);
    crate::kind::features(
        &meta,
        url.or(canonical.as_deref()),
        &crate::kind::shape(&dom, &st),
    )
}

/// The main blocks of the largest `<noscript>` holding markup, parsed as a page of its own, and
/// the kind that page has (`kind` unless it is an article).
fn noscript_blocks(
    dom: &Dom<'_>,
    meta: &PageMeta,
    url: Option<&str>,
    kind: crate::PageType,
) -> Option<(Vec<RawBlock>, crate::PageType)> {
    let inner = (0..dom.len())
        .filter(|&i| dom.nodes[i].tag == Tag::NoScript)
        .filter_map(|i| {
            let t = dom
                .nodes
                .get(i + 1)
                .filter(|t| t.tag == Tag::Text && t.parent as usize == i)?;
            Some(&t.text)
        })
        .filter(|t| t.len() > 1000 && t.contains('<'))
        .max_by_key(|t| t.len())?;
    let idom = Dom::build(inner);
    let ist = content::analyse(&idom, &[]);
    let ikind = if kind == crate::PageType::Article {
        crate::kind::decide(meta, url, &crate::kind::shape(&idom, &ist))
    } else {
        kind
    };
    let ist = if ikind == crate::PageType::Article {
        ist
    } else {
        content::analyse_for(&idom, &[], ikind)
    };
    let (blocks, _) = content::main_blocks(&idom, &ist, 0, &[], ikind);
    Some((blocks, ikind))
}

/// Paywall markers that sites put before or after a headline.
const PLUS_MARKERS: &[&str] = &[
    "SPIEGEL+", "Z+", "F+", "FAZ+", "SZ Plus", "SZ-Plus", "WELTplus", "BILDplus",
];

/// The headline without the paywall marker at its start or end ("SPIEGEL+ Titel",
/// "Titel - SZ Plus", "Titel (SPIEGEL+)"), or `None` when it carries none. The marker must stand
/// apart from the headline's words ("FAZ+" is not "Z+" after "FA").
fn without_plus_marker(t: &str) -> Option<String> {
    let t = t.trim();
    let sep = |c: char| c.is_whitespace() || matches!(c, ':' | '|' | '-' | '–' | '—' | '·');
    for m in PLUS_MARKERS {
        if let Some(rest) = t.strip_prefix(m) {
            // "SPIEGEL+Titel" when the marker's markup leaves no space (not for short markers:
            // "F+E-Ausgaben" is research and development).
            let glued = m.len() >= 4 && rest.starts_with(char::is_uppercase);
            if rest.is_empty() || rest.starts_with(sep) || glued {
                return Some(rest.trim_start_matches(sep).to_string());
            }
        }
        let (body, in_parens) = match t.strip_suffix(')') {
            Some(b) => (b.trim_end(), true),
            None => (t, false),
        };
        if let Some(head) = body.strip_suffix(m) {
            let head = if in_parens {
                match head.trim_end().strip_suffix('(') {
                    Some(h) => h,
                    None => continue,
                }
            } else {
                head
            };
            if head.is_empty() || head.ends_with(sep) {
                return Some(head.trim_end_matches(sep).to_string());
            }
        }
    }
    None
}

/// JSON-LD `articleBody` as paragraphs: one per line, markup removed, whitespace collapsed.
fn ld_body_blocks(body: &str) -> Vec<RawBlock> {
    let mut plain = String::with_capacity(body.len());
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    plain
        .lines()
        .filter_map(|line| {
            let mut text = String::new();
            crate::dom::push_collapsed(&mut text, line);
            let text = text.trim().to_string();
            (!text.is_empty()).then_some(RawBlock {
                kind: BlockKind::Paragraph,
                text,
                link_len: 0,
                node: 0,
                level: 0,
            })
        })
        .collect()
}

fn resolve(base: Option<&Url>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    if let Ok(u) = Url::parse(href) {
        return Some(u.to_string());
    }
    base.and_then(|b| b.join(href).ok()).map(|u| u.to_string())
}

/// `s` lower-cased with everything but letters and digits dropped (see [`dom::alnum_lower`]).
fn norm(s: &str) -> String {
    crate::dom::alnum_lower(s)
}

/// Whether `norm(s) == n`, without building `norm(s)`: stops at the first difference.
fn norm_eq(s: &str, n: &str) -> bool {
    let mut rest = n.as_bytes();
    let mut lowered = String::with_capacity(8);
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                match rest.split_first() {
                    Some((&b, r)) if b == c.to_ascii_lowercase() as u8 => rest = r,
                    _ => return false,
                }
            }
        } else if crate::dom::is_alnum(c) {
            lowered.clear();
            crate::dom::push_lower(&mut lowered, c);
            match rest.strip_prefix(lowered.as_bytes()) {
                Some(r) => rest = r,
                None => return false,
            }
        }
    }
    rest.is_empty()
}

/// Similar enough to be the same teaser text (one is a prefix of the other, ignoring ellipses
/// and punctuation, or equal).
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (norm(a), norm(b));
    if a.len() < 20 || b.len() < 20 {
        return false;
    }
    if a == b {
        return true;
    }
    let (short, long) = if a.len() < b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    short.len() * 10 >= long.len() * 7 && long.starts_with(short.as_str())
}

/// The visible teaser: a lead element near the article body, or the first block when it matches
/// the meta description. The teaser block is removed from `blocks`. On a listing (`kind`), a
/// "teaser" element among the page's items is no lead: one holding several headings (a grid of
/// cards) or standing after a heading below the headline (an item's own teaser).
fn find_teaser(
    dom: &Dom<'_>,
    st: &Stats,
    meta: &PageMeta,
    roots: &[usize],
    blocks: &mut Vec<RawBlock>,
    description: Option<&str>,
    kind: crate::PageType,
) -> Option<String> {
    // First block equals the description.
    if let Some(d) = description {
        for k in 0..blocks.len().min(2) {
            if blocks[k].kind != BlockKind::Heading && same_text(&blocks[k].text, d) {
                let b = blocks.remove(k);
                return Some(b.text);
            }
        }
    }
    let first_root = *roots.first()?;
    let root_end = roots
        .iter()
        .map(|&r| dom.nodes[r].end as usize)
        .max()
        .unwrap_or(0);
    // Lead element between the h1 and the end of the body container.
    let start = meta
        .h1s
        .iter()
        .map(|(i, _)| *i)
        .filter(|&i| i < first_root + 1 || dom.contains(first_root, i))
        .min();
    let from = start.unwrap_or(first_root);
    let to = root_end.min(dom.len());
    // Search a limited window: the lead comes before the body's first paragraphs.
    let first_block_node = blocks.first().map(|b| b.node).unwrap_or(to);
    // Without a lead class: the first paragraph of sentences between the headline and the
    // body container (a hero or header text above the body) is the lead.
    let h1_end = start.map(|h| dom.nodes[h].end as usize);
    let mut plain_lead: Option<usize> = None;
    let mut i = from;
    let mut steps = 0;
    while i < to && steps < 4000 {
        steps += 1;
        let node = &dom.nodes[i];
        if plain_lead.is_none()
            && node.tag == Tag::P
            && h1_end.is_some_and(|e| i >= e)
            && i < first_block_node
            && st.alive[i]
            && !roots.iter().any(|&r| dom.contains(r, i))
        {
            let l = st.len[i] as usize;
            if (80..1200).contains(&l) && st.ld(i) < 0.2 {
                let t = dom.text_of(i);
                if t.trim_end().ends_with(['.', '!', '?', '“', '"', '…'])
                    && !crate::boilerplate::is_boilerplate_text(&t)
                {
                    plain_lead = Some(i);
                }
            }
        }
        if node.el.is_some()
            && matches!(
                node.tag,
                Tag::P | Tag::Div | Tag::Section | Tag::H2 | Tag::Span
            )
        {
            // A listing: a "teaser" container holding several headings is a list of teasers
            // of other pages (a topic page's cards), and one after a heading below the
            // headline is an item's own teaser; neither is the lead.
            let item = || {
                kind == crate::PageType::Listing
                    && ((i + 1..(node.end as usize).min(dom.len()))
                        .filter(|&k| dom.nodes[k].tag.is_heading())
                        .nth(1)
                        .is_some()
                        || (h1_end.unwrap_or(from)..i).any(|k| {
                            matches!(
                                dom.nodes[k].tag,
                                Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
                            )
                        }))
            };
            if st.cinfo[i].lead && !st.stripped[i] && !item() {
                let t = dom.text_of(i);
                let l = t.len();
                let ld = st.ld(i);
                if (40..1500).contains(&l) && ld < 0.3 {
                    // Remove the same text from the blocks.
                    let tn = norm(&t);
                    let before = blocks.len();
                    blocks.retain(|b| !norm_eq(&b.text, &tn));
                    if blocks.len() == before {
                        // The lead may have been split into several blocks; drop those inside it.
                        let end = node.end as usize;
                        blocks.retain(|b| !(b.node >= i && b.node < end));
                    }
                    return Some(t);
                }
            }
        }
        if i > first_block_node && i > from + 50 {
            break;
        }
        i += 1;
    }
    let lead = plain_lead?;
    let t = dom.text_of(lead);
    let tn = norm(&t);
    blocks.retain(|b| !norm_eq(&b.text, &tn));
    Some(t)
}

fn language(meta: &PageMeta, blocks: &[RawBlock]) -> Option<String> {
    let from_code = |s: &str| -> Option<String> {
        let code: String = s
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase();
        (code.len() == 2 || code.len() == 3).then_some(code)
    };
    if let Some(l) = meta.html_lang.as_deref().and_then(from_code) {
        return Some(l);
    }
    for k in [
        "og:locale",
        "content-language",
        "language",
        "dc.language",
        "inlanguage",
    ] {
        if let Some(l) = meta.get(&[k]).and_then(from_code) {
            return Some(l);
        }
    }
    if let Some(l) = meta.ld.language.as_deref().and_then(from_code) {
        return Some(l);
    }
    guess_language(blocks)
}

fn guess_language(blocks: &[RawBlock]) -> Option<String> {
    const DE: &[&str] = &[
        "der", "die", "und", "das", "ist", "nicht", "mit", "sich", "auf", "ein", "eine", "den",
        "dem", "auch", "wird", "für",
    ];
    const EN: &[&str] = &[
        "the", "and", "is", "of", "to", "in", "that", "it", "with", "for", "was", "on", "are",
        "this", "by", "be",
    ];
    let mut de = 0;
    let mut en = 0;
    let mut words = 0;
    for b in blocks {
        for w in b.text.split(|c: char| !c.is_alphabetic()) {
            if w.is_empty() {
                continue;
            }
            words += 1;
            let lw = crate::dom::lower(w);
            if DE.contains(&lw.as_str()) {
                de += 1;
            }
            if EN.contains(&lw.as_str()) {
                en += 1;
            }
            if words > 2000 {
                break;
            }
        }
    }
    if words < 10 || de + en < 3 {
        return None;
    }
    Some(if de >= en { "de" } else { "en" }.to_string())
}

/// Drops the author's biography at the end of an article: a paragraph among the last four,
/// in the text's last 40 %, that opens with the author's name (`author`, the first of several;
/// or their first name) and " is ", " has ", " was ", " holds " ("Karina Cohen is the owner
/// of …"), and everything after it.
fn cut_author_bio(blocks: &mut Vec<RawBlock>, author: &str) {
    let first = author
        .split([',', '&', '|', ';'])
        .next()
        .unwrap_or("")
        .split(" and ")
        .next()
        .unwrap_or("")
        .trim();
    if first.len() < 4 || first.split_whitespace().count() > 4 {
        return;
    }
    let given = first.split_whitespace().next().unwrap_or("");
    let total: usize = blocks.iter().map(|b| b.text.len()).sum();
    let n = blocks.len();
    let mut seen = 0usize;
    for k in 0..n {
        let b = &blocks[k];
        if k + 4 >= n
            && seen * 10 >= total * 6
            && b.kind == BlockKind::Paragraph
            && b.text.len() < 700
        {
            let t = b.text.trim_start();
            let t = t.strip_prefix("Dr. ").unwrap_or(t);
            let rest = t
                .strip_prefix(first)
                .or_else(|| (given.len() >= 3).then(|| t.strip_prefix(given)).flatten());
            if rest.is_some_and(|r| {
                [" is ", " has ", " was ", " holds "]
                    .iter()
                    .any(|v| r.starts_with(v))
            }) {
                blocks.truncate(k);
                return;
            }
        }
        seen += b.text.len();
    }
}

fn author(meta: &PageMeta) -> Option<String> {
    if !meta.ld.authors.is_empty() {
        let mut names: Vec<String> = Vec::new();
        for a in &meta.ld.authors {
            if !names.contains(a) {
                names.push(a.clone());
            }
        }
        return Some(names.join(", "));
    }
    let clean = |s: &str| -> Option<String> {
        let s = s.trim();
        let s = s
            .strip_prefix("Von ")
            .or_else(|| s.strip_prefix("von "))
            .or_else(|| s.strip_prefix("By "))
            .or_else(|| s.strip_prefix("by "))
            .unwrap_or(s);
        let s = s.trim();
        (!s.is_empty() && !s.starts_with("http") && s.len() < 150).then(|| s.to_string())
    };
    meta.get(&[
        "author",
        "article:author",
        "dc.creator",
        "sailthru.author",
        "parsely-author",
        "byl",
    ])
    .and_then(clean)
    .or_else(|| meta.micro_author.as_deref().and_then(clean))
    .or_else(|| meta.byline.as_deref().and_then(clean))
}

const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "published_time",
    "publish-date",
    "publish_date",
    "publishdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "date_published",
    "datepublished",
    "citation_publication_date",
    "cxenseparse:recs:publishtime",
    "originalpublicationdate",
    "article_date_original",
    "release_date",
    "displaydate",
    "dc.created",
    "created",
    "dc:date",
    "dcterms:issued",
    "citation_date",
    "citation_online_date",
    "bepress_citation_date",
];

/// Generic date metas: on many sites the page's build or indexing date. A date marked or shown
/// in the article (`<time>`) comes first.
const WEAK_PUBLISHED_KEYS: &[&str] = &["date", "dcterms.date", "pubdate"];

const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "modified_time",
    "dc.date.modified",
    "dcterms.modified",
    "datemodified",
    "last-modified",
    "lastmod",
];

fn find_dates(
    dom: &Dom<'_>,
    st: &Stats,
    meta: &PageMeta,
    roots: &[usize],
    url: Option<&str>,
    berlin: bool,
) -> (Option<DateTime<FixedOffset>>, Option<DateTime<FixedOffset>>) {
    // A German page serialising a moment in UTC ("…T23:00:00.000Z", as scripts write it)
    // publishes on the Berlin day of that moment. An explicit "+00:00" is the zone the site
    // set for itself and stays.
    let p = |s: &str| {
        let d = dates::parse_machine(s, berlin)?;
        Some(if berlin && s.trim_end().ends_with(['Z', 'z']) {
            dates::to_berlin(d)
        } else {
            d
        })
    };
    let modified = meta
        .ld
        .modified
        .as_deref()
        .and_then(p)
        .or_else(|| {
            MODIFIED_KEYS
                .iter()
                .find_map(|k| meta.get(&[k]).and_then(p))
        })
        .or_else(|| meta.micro_modified.as_deref().and_then(p));
    let anchor = date_anchor(dom, meta, roots);
    let main_end = roots
        .iter()
        .map(|&r| dom.nodes[r].end as usize)
        .max()
        .unwrap_or(dom.len());
    // Header meta tags first, then JSON-LD (the order htmldate uses); dates marked as the
    // publication date in the page (`<time pubdate>`, class "published") count first when
    // they sit near or in the article, not in a list of other articles after it.
    let near = |t: &&(usize, String, bool)| t.0 + 2000 >= anchor && t.0 < main_end;
    let mut published = PUBLISHED_KEYS
        .iter()
        .find_map(|k| meta.get(&[k]).and_then(p))
        .or_else(|| meta.ld.published.as_deref().and_then(p))
        .or_else(|| meta.micro_published.as_deref().and_then(p))
        .or_else(|| {
            meta.times
                .iter()
                .filter(|t| t.2)
                .filter(near)
                .find_map(|t| p(&t.1))
        })
        .or_else(|| meta.times.iter().filter(|t| t.2).find_map(|t| p(&t.1)));
    if published.is_none() {
        // First <time> near or in the article, not the page's clock in the navigation or the
        // time of a comment.
        published = meta
            .times
            .iter()
            .filter(|t| t.0 + 2000 >= anchor && !in_page_chrome(dom, st, t.0))
            .find_map(|t| p(&t.1))
            .or_else(|| {
                // A date shown near the headline in a date-like element ("Stand: …").
                class_text_date(dom, st, meta, roots, berlin)
                    .filter(|(at, _)| *at + 30 >= anchor && *at <= anchor + 300)
                    .map(|(_, d)| d)
            })
            .or_else(|| {
                WEAK_PUBLISHED_KEYS
                    .iter()
                    .find_map(|k| meta.get(&[k]).and_then(p))
            })
            .or_else(|| {
                meta.times
                    .iter()
                    .filter(|t| !in_page_chrome(dom, st, t.0))
                    .find_map(|t| p(&t.1))
            });
    }
    if published.is_none() {
        published = meta.hatom_published.as_deref().and_then(p);
    }
    let url_date = url.and_then(dates::from_url);
    if published.is_none() {
        published = url_date;
    }
    if published.is_none() {
        published = text_date(dom, st, meta, roots, berlin);
    }
    if published.is_none() {
        published = script_json_date(dom, berlin);
    }
    if published.is_none() {
        published = meta.hatom_updated.as_deref().and_then(p).or(modified);
    }
    if published.is_none() {
        published = link_url_date(dom, url);
    }
    if published.is_none() {
        published = any_text_date(dom, berlin);
    }
    if published.is_none() {
        // "… (Notizia del 14 Gennaio 2020)" in the description.
        published = meta
            .get(&["description", "og:description"])
            .and_then(|d| dates::parse_text_date(d, berlin));
    }
    let published = reconcile_with_url(published, url_date);
    // Without a machine-readable update time: an hAtom "updated" element, else an update
    // announced in the text. An "update" before the publication is some other date.
    let modified = modified.or_else(|| {
        meta.hatom_updated
            .as_deref()
            .and_then(p)
            .or_else(|| update_text_date(dom, st, meta, roots, berlin))
            .filter(|m| published.is_none_or(|p| *m >= p))
    });
    (published, modified)
}

/// A date in the article's URL is the day the site published it, in the site's own time zone.
/// A found date more than a day away from it is some other date (an update, a re-post): the
/// URL's day wins. A UTC time one day off names the same moment seen from the site's zone: it
/// is kept as that moment, written with the nearest whole-hour offset that puts it on the
/// URL's day.
fn reconcile_with_url(
    published: Option<DateTime<FixedOffset>>,
    url_date: Option<DateTime<FixedOffset>>,
) -> Option<DateTime<FixedOffset>> {
    let (Some(p), Some(u)) = (published, url_date) else {
        return published.or(url_date);
    };
    let days = (u.date_naive() - p.date_naive()).num_days();
    if days == 0 {
        return Some(p);
    }
    if days.abs() > 1 {
        return Some(u);
    }
    if p.offset().local_minus_utc() != 0 {
        return Some(p);
    }
    let secs = p.time().num_seconds_from_midnight() as i32;
    let offset = if days < 0 {
        // The site's day is the day before: a negative offset at least past midnight.
        -((secs / 3600) + 1) * 3600
    } else {
        ((86_400 - secs + 3599) / 3600) * 3600
    };
    if !(-12 * 3600..=14 * 3600).contains(&offset) {
        return Some(p);
    }
    FixedOffset::east_opt(offset)
        .map(|o| p.with_timezone(&o))
        .filter(|d| d.date_naive() == u.date_naive())
        .or(Some(p))
}

/// Where the article starts, to measure how near a date is: its headline (the `<h1>` in the
/// body container, else the last one before it; not a logo `<h1>` at the top of the page), or
/// the body container.
fn date_anchor(dom: &Dom<'_>, meta: &PageMeta, roots: &[usize]) -> usize {
    let Some(&first_root) = roots.first() else {
        return meta.h1s.first().map(|h| h.0).unwrap_or(0);
    };
    meta.h1s
        .iter()
        .find(|(i, _)| roots.iter().any(|&r| dom.contains(r, *i)))
        .or_else(|| meta.h1s.iter().rfind(|(i, _)| *i < first_root))
        .map(|h| h.0.min(first_root))
        .unwrap_or(first_root)
}

/// A date written in the page text: first in elements with date-like class names near the
/// headline, then anywhere before and in the body.
fn text_date(
    dom: &Dom<'_>,
    st: &Stats,
    meta: &PageMeta,
    roots: &[usize],
    berlin: bool,
) -> Option<DateTime<FixedOffset>> {
    class_text_date(dom, st, meta, roots, berlin)
        .map(|(_, d)| d)
        .or_else(|| scanned_text_date(dom, meta, roots, berlin))
}

/// The date in an element with a date-like class name ("datum", "stand", "byline") closest to
/// the headline, with the element's node index.
fn class_text_date(
    dom: &Dom<'_>,
    st: &Stats,
    meta: &PageMeta,
    roots: &[usize],
    berlin: bool,
) -> Option<(usize, DateTime<FixedOffset>)> {
    // Slash dates put the month first in US English only.
    let month_first = meta
        .html_lang
        .as_deref()
        .is_some_and(|l| l.trim().eq_ignore_ascii_case("en-us"));
    let anchor = date_anchor(dom, meta, roots);
    let n = dom.len();
    let mut best: Option<(usize, usize, DateTime<FixedOffset>)> = None;
    let mut checked = 0;
    for i in 1..n {
        let node = &dom.nodes[i];
        if node.el.is_none()
            || matches!(
                node.tag,
                Tag::Script | Tag::Style | Tag::Head | Tag::Body | Tag::Html
            )
        {
            continue;
        }
        if !st.cinfo[i].date_word {
            continue;
        }
        if node.end as usize - i > 40 {
            continue;
        }
        checked += 1;
        if checked > 300 {
            break;
        }
        let t = dom.text_of(i);
        if t.len() > 300 || is_clock_text(&t) {
            continue;
        }
        let found = publication_text_date(&t, berlin)
            .or_else(|| dates::parse_slash_date(&t, month_first, berlin));
        if let Some(d) = found {
            let dist = i.abs_diff(anchor);
            if best.as_ref().map(|b| dist < b.0).unwrap_or(true) {
                best = Some((dist, i, d));
            }
        }
    }
    best.map(|(_, i, d)| (i, d))
}

/// Text nodes from a bit before the headline/body to the end of the body.
fn scanned_text_date(
    dom: &Dom<'_>,
    meta: &PageMeta,
    roots: &[usize],
    berlin: bool,
) -> Option<DateTime<FixedOffset>> {
    let anchor = date_anchor(dom, meta, roots);
    let n = dom.len();
    let from = anchor.saturating_sub(200);
    let to = roots
        .iter()
        .map(|&r| dom.nodes[r].end as usize)
        .max()
        .unwrap_or(n)
        .min(n);
    let mut scanned = 0usize;
    let mut prev = "";
    for i in from..to {
        let node = &dom.nodes[i];
        if node.tag != Tag::Text {
            continue;
        }
        let t: &str = &node.text;
        if t.len() > 400 {
            continue;
        }
        scanned += t.len();
        if scanned > 200_000 {
            break;
        }
        let p = node.parent as usize;
        if matches!(dom.nodes[p].tag, Tag::Script | Tag::Style) || is_clock_text(t) {
            continue;
        }
        if let Some(d) = publication_text_date_after(prev, t, berlin) {
            return Some(d);
        }
        if !t.trim().is_empty() {
            prev = t;
        }
    }
    None
}

/// The first date in `t` that is not announced as an update or as another event ("Letzte
/// Änderung: 31.10.2023 – Erschienen am: 01.11.2023" gives the second; "Registriert:" is a
/// forum member's sign-up).
fn publication_text_date(t: &str, berlin: bool) -> Option<DateTime<FixedOffset>> {
    publication_text_date_after("", t, berlin)
}

/// Words announcing that the date after them is an update of the text.
const UPDATE_WORDS: &[&str] = &[
    "änderung",
    "geändert",
    "aktualisiert",
    "updated",
    "modified",
    "bearbeitet",
];

/// Words announcing that the date after them belongs to something else than the text (a forum
/// member's registration).
const OTHER_EVENT_WORDS: &[&str] = &[
    "registriert",
    "mitglied seit",
    "dabei seit",
    "joined",
    "member since",
];

/// [`publication_text_date`] for a text node whose preceding text node was `prev`
/// ("<strong>Registriert:</strong> 18.09.2008").
fn publication_text_date_after(prev: &str, t: &str, berlin: bool) -> Option<DateTime<FixedOffset>> {
    text_date_announced(prev, t, berlin, |before| {
        !UPDATE_WORDS
            .iter()
            .chain(OTHER_EVENT_WORDS)
            .any(|u| before.contains(u))
    })
}

/// The first date in `t` announced as an update ("Aktualisiert am 27.10.2025, 11.30 Uhr").
fn update_text_date_after(prev: &str, t: &str, berlin: bool) -> Option<DateTime<FixedOffset>> {
    text_date_announced(prev, t, berlin, |before| {
        UPDATE_WORDS.iter().any(|u| before.contains(u))
    })
}

/// The first of the first four dates in `t` for which `wanted` accepts the lower-cased words
/// before it (the end of `prev` when the date opens `t`).
fn text_date_announced(
    prev: &str,
    t: &str,
    berlin: bool,
    wanted: impl Fn(&str) -> bool,
) -> Option<DateTime<FixedOffset>> {
    let plain: String;
    let mut rest = t;
    if t.chars().any(|c| c.is_whitespace() && c != ' ') {
        plain = t
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        rest = &plain;
    }
    let mut lead_in = prev;
    for _ in 0..4 {
        let (d, pos) = dates::find_text_date(rest, berlin)?;
        let head = &rest[..pos];
        let mut before = lower_tail(head, 24);
        if head.trim().is_empty() {
            before = lower_tail(lead_in, 24) + &before;
        }
        lead_in = "";
        if wanted(&before) {
            return Some(d);
        }
        // Continue after this date's digits.
        let skip = rest[pos..]
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == '-' || *c == '/'))
            .map(|(k, _)| pos + k.max(1))
            .unwrap_or(rest.len());
        rest = rest.get(skip..)?;
    }
    None
}

/// The update words without their first letter, which may be upper case: a cheap test
/// before looking for dates.
const UPDATE_STEMS: &[&str] = &[
    "nderung",
    "eändert",
    "ktualisiert",
    "pdated",
    "odified",
    "earbeitet",
];

/// Whether `t` contains one of [`UPDATE_STEMS`]: each byte pair of `t` is looked up in a bit
/// table of the stems' first two bytes before a whole stem is compared.
fn announces_update(t: &str) -> bool {
    static PAIRS: OnceLock<Vec<u64>> = OnceLock::new();
    let pairs = PAIRS.get_or_init(|| {
        let mut m = vec![0u64; 1024];
        for s in UPDATE_STEMS {
            let b = s.as_bytes();
            let k = (b[0] as usize) << 8 | b[1] as usize;
            m[k >> 6] |= 1 << (k & 63);
        }
        m
    });
    let b = t.as_bytes();
    (1..b.len()).any(|i| {
        let k = (b[i - 1] as usize) << 8 | b[i] as usize;
        pairs[k >> 6] & (1 << (k & 63)) != 0
            && UPDATE_STEMS
                .iter()
                .any(|s| b[i - 1..].starts_with(s.as_bytes()))
    })
}

/// A date shown as the text's update ("Aktualisiert am …", "Letzte Änderung: …") from a bit
/// before the headline to the end of the body, outside navigation, footers and comments.
fn update_text_date(
    dom: &Dom<'_>,
    st: &Stats,
    meta: &PageMeta,
    roots: &[usize],
    berlin: bool,
) -> Option<DateTime<FixedOffset>> {
    let anchor = date_anchor(dom, meta, roots);
    let n = dom.len();
    let to = roots
        .iter()
        .map(|&r| dom.nodes[r].end as usize)
        .max()
        .unwrap_or(n)
        .min(n);
    let mut scanned = 0usize;
    let mut prev = "";
    let mut prev_announces = false;
    for i in anchor.saturating_sub(200)..to {
        let node = &dom.nodes[i];
        if node.tag != Tag::Text {
            continue;
        }
        let t: &str = &node.text;
        if t.len() > 400 || t.trim().is_empty() {
            continue;
        }
        scanned += t.len();
        if scanned > 200_000 {
            break;
        }
        let announces = announces_update(t);
        let p = node.parent as usize;
        if (announces || prev_announces)
            && !matches!(dom.nodes[p].tag, Tag::Script | Tag::Style)
            && !in_page_chrome(dom, st, i)
        {
            if let Some(d) = update_text_date_after(prev, t, berlin) {
                return Some(d);
            }
        }
        prev = t;
        prev_announces = announces;
    }
    None
}

/// The last `n` characters of `s`, lower-cased.
fn lower_tail(s: &str, n: usize) -> String {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map(|(k, _)| k)
        .unwrap_or(0);
    crate::dom::lower(&s[start..])
}

fn paywall(dom: &Dom<'_>, st: &Stats, meta: &PageMeta, plus_marker: bool, body_len: usize) -> bool {
    if meta.ld.free == Some(false) || plus_marker {
        return true;
    }
    if let Some(t) = meta.get(&["article:content_tier", "content_tier"]) {
        let t = t.to_ascii_lowercase();
        if t == "locked" || t == "metered" || t == "premium" {
            return true;
        }
    }
    if let Some(t) = meta.get(&["paywall", "ispaywalled", "article:paywall"]) {
        if matches!(t.to_ascii_lowercase().as_str(), "true" | "1" | "yes") {
            return true;
        }
    }
    let mut marker = false;
    let mut paywall_box = false;
    for i in 0..dom.len() {
        let info = &st.cinfo[i];
        // Only when the marker sits on a headline-like element or the article itself, not on
        // a link or teaser to another article.
        if info.plus_marker
            && !marker
            && !st.in_link[i]
            && !in_other_article_box(dom, st, i)
            && matches!(
                dom.nodes[i].tag,
                Tag::Article
                    | Tag::H1
                    | Tag::H2
                    | Tag::Span
                    | Tag::Header
                    | Tag::Div
                    | Tag::Body
                    | Tag::Main
            )
        {
            marker = true;
        }
        if info.paywall_box {
            paywall_box = true;
        }
    }
    if marker && body_len < 3000 {
        return true;
    }
    if paywall_box && body_len < 1500 {
        return true;
    }
    false
}

/// See [`crate::debug_candidates`].
pub(crate) fn debug(html: &[u8]) -> String {
    let text = crate::charset::decode(html, None);
    let dom = Dom::build(&text);
    let st = content::analyse(&dom, &[]);
    let a = content::explicit_candidate(&dom, &st);
    let b = content::scored_candidate(&dom, &st);
    let desc = |i: usize| {
        format!(
            "{}#{} <{:?} {}> len={} ld={:.2}",
            i,
            dom.nodes[i].end,
            dom.nodes[i].tag,
            st.ci[i],
            st.len[i],
            st.ld(i)
        )
    };
    let mut s = String::new();
    s += &format!(
        "nodes={} body_len={}\n",
        dom.len(),
        st.len[content::body_root(&dom)]
    );
    for r in &a {
        s += &format!("A: {}\n", desc(*r));
    }
    for r in &b {
        s += &format!("B: {}\n", desc(*r));
    }
    let ab = content::filter_blocks(content::emit(&dom, &st, &a, None));
    let bb = content::filter_blocks(content::emit(&dom, &st, &b, None));
    s += &format!(
        "A quality {:?} blocks {}\nB quality {:?} blocks {}\n",
        content::quality(&ab),
        ab.len(),
        content::quality(&bb),
        bb.len()
    );
    // Dead big text: removed elements holding much text
    for (i, t) in removed_with_text(&dom, &st) {
        s += &format!(
            "removed: {} <{:?} {}> {}\n",
            i,
            dom.nodes[i].tag,
            st.ci[i],
            &t.chars().take(100).collect::<String>()
        );
    }
    s
}

/// The elements pruning removed whose parent it kept and that hold more than 60 bytes of
/// text, with their text (for the debug dumps).
fn removed_with_text(dom: &Dom, st: &Stats) -> Vec<(usize, String)> {
    (0..dom.len())
        .filter(|&i| {
            let p = dom.nodes[i].parent;
            !st.alive[i]
                && p != crate::dom::NONE
                && st.alive[p as usize]
                && dom.nodes[i].el.is_some()
        })
        .map(|i| (i, dom.text_of(i)))
        .filter(|(_, t)| t.len() > 60)
        .collect()
}

/// [`crate::debug_kind`]: the kind, what the kind's pruning removes, the chosen roots.
pub(crate) fn debug_kind(html: &[u8], url: Option<&str>) -> String {
    let text = crate::charset::decode(html, None);
    let mut dom = Dom::build(&text);
    let meta = meta::collect(&dom);
    let st0 = content::analyse(&dom, &[]);
    let kind = crate::kind::decide(&meta, url, &crate::kind::shape(&dom, &st0));
    streamed_in_place(&mut dom, kind);
    let st = content::analyse_for(&dom, &[], kind);
    let (blocks, roots) = content::main_blocks(&dom, &st, 0, &[], kind);
    let mut s = format!(
        "kind={kind:?} body_len={}\n",
        st.len[content::body_root(&dom)]
    );
    for b in &blocks {
        s += &format!(
            "block {:?} link={} node={}: {}\n",
            b.kind,
            b.link_len,
            b.node,
            &b.text.chars().take(100).collect::<String>()
        );
    }
    let (_, art_roots) = content::main_blocks(&dom, &st, 1, &[], kind);
    if let Some(k) = crate::kind::kind_root(&dom, &st, kind, &art_roots) {
        s += &format!(
            "kind_root: {}#{} <{:?} {}> len={} ld={:.2}\n",
            k,
            dom.nodes[k].end,
            dom.nodes[k].tag,
            st.ci[k],
            st.len[k],
            st.ld(k)
        );
    }
    for &r in &roots {
        s += &format!(
            "root: {}#{} <{:?} {}> len={} ld={:.2}\n",
            r,
            dom.nodes[r].end,
            dom.nodes[r].tag,
            st.ci[r],
            st.len[r],
            st.ld(r)
        );
    }
    for (i, t) in removed_with_text(&dom, &st) {
        s += &format!(
            "removed: {}#{} ({} {:?}) <{:?} {}> {}\n",
            i,
            dom.nodes[i].end,
            t.len(),
            st.cinfo[i].verdict,
            dom.nodes[i].tag,
            st.ci[i],
            &t.chars().take(100).collect::<String>()
        );
    }
    s
}

/// `"datePublished": "…"`-like keys inside inline scripts (app state, analytics objects).
fn script_json_date(dom: &Dom<'_>, berlin: bool) -> Option<DateTime<FixedOffset>> {
    const KEYS: &[&str] = &[
        "\"datePublished\"",
        "\"published_at\"",
        "\"publishDate\"",
        "\"publishedDate\"",
        "\"pubDate\"",
        "\"date_published\"",
        "\"publicationDate\"",
        "\"firstPublished\"",
    ];
    let mut scanned = 0usize;
    for n in &dom.nodes {
        if n.tag != Tag::Text
            || n.parent == crate::dom::NONE
            || dom.nodes[n.parent as usize].tag != Tag::Script
        {
            continue;
        }
        let t: &str = &n.text;
        scanned += t.len();
        if scanned > 4_000_000 {
            break;
        }
        for k in KEYS {
            if let Some(pos) = t.find(k) {
                let rest = &t[pos + k.len()..];
                let rest = rest
                    .trim_start()
                    .trim_start_matches(':')
                    .trim_start()
                    .trim_start_matches('"');
                let end = rest.find('"').unwrap_or(rest.len());
                if end > 40 {
                    continue;
                }
                if let Some(d) = dates::parse_machine(&rest[..end], berlin) {
                    return Some(d);
                }
            }
        }
    }
    None
}

/// A date in the URL of a link to this same page (permalinks, share links).
fn link_url_date(dom: &Dom<'_>, url: Option<&str>) -> Option<DateTime<FixedOffset>> {
    let path = url
        .and_then(|u| Url::parse(u).ok())
        .map(|u| u.path().trim_end_matches('/').to_string());
    let path = path.filter(|p| p.len() > 8)?;
    let slug = path.rsplit('/').next().unwrap_or("").to_string();
    if slug.len() < 6 {
        return None;
    }
    for i in 0..dom.len() {
        if !matches!(dom.nodes[i].tag, Tag::A | Tag::Link | Tag::Other | Tag::Img) {
            continue;
        }
        let Some(el) = dom.el(i) else { continue };
        for key in ["href", "data-permalink"] {
            if let Some(h) = el.attr(key) {
                if h.contains(slug.as_str()) {
                    if let Some(d) = dates::from_url(h) {
                        return Some(d);
                    }
                }
            }
        }
    }
    None
}

/// True when node `i` sits in navigation, a footer, an aside or a comment (up to 16 levels up).
fn in_page_chrome(dom: &Dom<'_>, st: &Stats, i: usize) -> bool {
    let mut a = dom.nodes[i].parent;
    for _ in 0..16 {
        if a == crate::dom::NONE {
            return false;
        }
        let ai = a as usize;
        if matches!(dom.nodes[ai].tag, Tag::Nav | Tag::Footer | Tag::Aside) {
            return true;
        }
        let ci = &st.ci[ai];
        if ci.contains("comment")
            || ci
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w.starts_with("nav"))
        {
            return true;
        }
        a = dom.nodes[ai].parent;
    }
    false
}

/// True when node `i` sits in a teaser of or a box of links to other articles, or in the page's
/// navigation, footer or comments (up to 16 levels up).
fn in_other_article_box(dom: &Dom<'_>, st: &Stats, i: usize) -> bool {
    if in_page_chrome(dom, st, i) {
        return true;
    }
    let mut a = dom.nodes[i].parent;
    for _ in 0..16 {
        if a == crate::dom::NONE {
            return false;
        }
        let ai = a as usize;
        if st.in_link[ai] {
            return true;
        }
        let ci = &st.ci[ai];
        if ["teaser", "related", "recommend", "empfehl"]
            .iter()
            .any(|w| ci.contains(w))
        {
            return true;
        }
        a = dom.nodes[ai].parent;
    }
    false
}

/// The page's clock ("Aktuelle Zeit: 14.10.2020, 12:18" in forums), not a publication date.
fn is_clock_text(t: &str) -> bool {
    let head: String = t
        .trim_start()
        .chars()
        .take(24)
        .flat_map(|c| c.to_lowercase())
        .collect();
    [
        "aktuelle zeit",
        "current time",
        "it is currently",
        "es ist jetzt",
        "heute ist",
    ]
    .iter()
    .any(|p| head.starts_with(p))
}

/// Last resort: the first plausible date anywhere in the visible text.
fn any_text_date(dom: &Dom<'_>, berlin: bool) -> Option<DateTime<FixedOffset>> {
    let mut scanned = 0usize;
    let mut update = None;
    let mut prev = "";
    for n in &dom.nodes {
        if n.tag != Tag::Text || n.parent == crate::dom::NONE {
            continue;
        }
        if matches!(
            dom.nodes[n.parent as usize].tag,
            Tag::Script | Tag::Style | Tag::Title | Tag::NoScript | Tag::Template
        ) {
            continue;
        }
        let t: &str = &n.text;
        if t.len() > 300 || is_clock_text(t) {
            continue;
        }
        scanned += t.len();
        if scanned > 500_000 {
            break;
        }
        if let Some(d) = publication_text_date_after(prev, t, berlin) {
            return Some(d);
        }
        if !t.trim().is_empty() {
            prev = t;
        }
        if update.is_none() {
            update = dates::parse_text_date(t, berlin);
        }
    }
    // Only "Updated …" dates on the page: the first of them.
    update
}

/// See [`crate::debug_tree`].
pub(crate) fn debug_tree(html: &[u8], max_depth: usize) -> String {
    let text = crate::charset::decode(html, None);
    let dom = Dom::build(&text);
    let mut depth = vec![0usize; dom.len()];
    let mut s = String::new();
    for i in 1..dom.len() {
        let p = dom.nodes[i].parent;
        depth[i] = if p == crate::dom::NONE {
            0
        } else {
            depth[p as usize] + 1
        };
        if depth[i] <= max_depth && dom.nodes[i].el.is_some() {
            s += &format!(
                "{}{} <{}> class={:?} end={}\n",
                "  ".repeat(depth[i]),
                i,
                dom.nodes[i].name,
                dom.attr(i, "class").unwrap_or(""),
                dom.nodes[i].end
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {

    #[test]
    fn update_stems_are_found() {
        use super::{announces_update, UPDATE_STEMS};
        for t in [
            "",
            "A",
            "Aktualisiert am 3. Mai",
            "Letzte Änderung: heute",
            "geändert",
            "Updated",
            "last modified",
            "bearbeitet",
            "Aktualisier",
            "nderun",
            "Die Regierung hat am Montag entschieden",
        ] {
            let expect = UPDATE_STEMS.iter().any(|w| t.contains(w));
            assert_eq!(announces_update(t), expect, "{t:?}");
        }
    }

    #[test]
    fn norm_fast_path_matches_its_definition() {
        use super::{norm, norm_eq};
        let def = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(|c| c.to_lowercase())
                .collect()
        };
        let words = [
            "",
            "Ärger",
            "ÄRGER!",
            "Straße 12",
            "İstanbul",
            "\u{212a}elvin",
            "ΣΑΣ",
            "a-b c",
            "Ünd…",
            "x\u{ad}y",
            "ǅ",
            "Ⅻ",
            "١٢",
            "Größe, Übel",
        ];
        for a in words {
            assert_eq!(norm(a), def(a), "{a:?}");
            for b in words {
                assert_eq!(norm_eq(a, &norm(b)), def(a) == def(b), "{a:?} {b:?}");
            }
        }
    }
    use super::without_plus_marker;

    #[test]
    fn plus_markers_in_headlines() {
        let m = |t: &str| without_plus_marker(t);
        assert_eq!(
            m("SPIEGEL+ Wie ein Dorf plant").as_deref(),
            Some("Wie ein Dorf plant")
        );
        assert_eq!(
            m("SPIEGEL+Wie ein Dorf plant").as_deref(),
            Some("Wie ein Dorf plant")
        );
        assert_eq!(
            m("Wie ein Dorf plant (SPIEGEL+)").as_deref(),
            Some("Wie ein Dorf plant")
        );
        assert_eq!(
            m("Mieten steigen - SZ Plus").as_deref(),
            Some("Mieten steigen")
        );
        assert_eq!(m("Z+: Die Rente").as_deref(), Some("Die Rente"));
        assert_eq!(
            m("Bauzinsen sinken | FAZ+").as_deref(),
            Some("Bauzinsen sinken")
        );
        assert_eq!(m("F+E-Ausgaben steigen"), None);
        assert_eq!(m("Regierung stürzt"), None);
    }
}
