//! A flat, document-ordered view of the parsed tree: every node knows its parent and the end of
//! its subtree, so all later passes are plain loops (no recursion, no stack overflow on deep
//! pages) and subtree statistics are computed bottom-up in one reverse sweep.

use std::borrow::Cow;

/// Marker for "no parent".
pub(crate) const NONE: u32 = u32::MAX;

/// The tags the extractor distinguishes; everything else is [`Tag::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub(crate) enum Tag {
    Document,
    Text,
    Html,
    Head,
    Body,
    Title,
    Meta,
    Link,
    Script,
    Style,
    NoScript,
    Template,
    Svg,
    Math,
    Iframe,
    Object,
    Canvas,
    Video,
    Audio,
    Nav,
    Header,
    Footer,
    Aside,
    Form,
    Button,
    Input,
    Select,
    Textarea,
    Label,
    Figure,
    Figcaption,
    Picture,
    Img,
    Main,
    Article,
    Section,
    Div,
    P,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Blockquote,
    Pre,
    Table,
    Thead,
    Tbody,
    Tr,
    Td,
    Th,
    Caption,
    A,
    Br,
    Hr,
    Time,
    Span,
    Address,
    Center,
    Font,
    Details,
    Summary,
    Dialog,
    Menu,
    /// Ruby annotations (`<rt>`, `<rp>`): pronunciation glyphs over the base text, not text.
    RubyText,
    Other,
}

impl Tag {
    pub(crate) fn of(name: &str) -> Tag {
        match name {
            "html" => Tag::Html,
            "head" => Tag::Head,
            "body" => Tag::Body,
            "title" => Tag::Title,
            "meta" => Tag::Meta,
            "link" => Tag::Link,
            "script" => Tag::Script,
            "style" => Tag::Style,
            "noscript" => Tag::NoScript,
            "template" => Tag::Template,
            "svg" => Tag::Svg,
            "math" => Tag::Math,
            "iframe" => Tag::Iframe,
            "object" | "embed" => Tag::Object,
            "canvas" => Tag::Canvas,
            "video" => Tag::Video,
            "audio" => Tag::Audio,
            "nav" => Tag::Nav,
            "header" => Tag::Header,
            "footer" => Tag::Footer,
            "aside" => Tag::Aside,
            "form" => Tag::Form,
            "button" => Tag::Button,
            "input" => Tag::Input,
            "select" | "option" | "optgroup" => Tag::Select,
            "textarea" => Tag::Textarea,
            "label" => Tag::Label,
            "figure" => Tag::Figure,
            "figcaption" => Tag::Figcaption,
            "picture" => Tag::Picture,
            "img" => Tag::Img,
            "main" => Tag::Main,
            "article" => Tag::Article,
            "section" => Tag::Section,
            "div" => Tag::Div,
            "p" => Tag::P,
            "h1" => Tag::H1,
            "h2" => Tag::H2,
            "h3" => Tag::H3,
            "h4" => Tag::H4,
            "h5" => Tag::H5,
            "h6" => Tag::H6,
            "ul" => Tag::Ul,
            "ol" => Tag::Ol,
            "li" => Tag::Li,
            "dl" => Tag::Dl,
            "dt" => Tag::Dt,
            "dd" => Tag::Dd,
            "blockquote" => Tag::Blockquote,
            "pre" => Tag::Pre,
            "table" => Tag::Table,
            "thead" | "tfoot" => Tag::Thead,
            "tbody" => Tag::Tbody,
            "tr" => Tag::Tr,
            "td" => Tag::Td,
            "th" => Tag::Th,
            "caption" => Tag::Caption,
            "a" => Tag::A,
            "br" => Tag::Br,
            "hr" => Tag::Hr,
            "time" => Tag::Time,
            "span" => Tag::Span,
            "address" => Tag::Address,
            "center" => Tag::Center,
            "font" => Tag::Font,
            "details" => Tag::Details,
            "summary" => Tag::Summary,
            "dialog" => Tag::Dialog,
            "menu" => Tag::Menu,
            "rt" | "rp" => Tag::RubyText,
            _ => Tag::Other,
        }
    }

    /// Headings h1–h6.
    pub(crate) fn is_heading(self) -> bool {
        matches!(
            self,
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
        )
    }

    /// Elements that start a new block of text.
    pub(crate) fn is_block(self) -> bool {
        matches!(
            self,
            Tag::P
                | Tag::Div
                | Tag::Section
                | Tag::Article
                | Tag::Main
                | Tag::H1
                | Tag::H2
                | Tag::H3
                | Tag::H4
                | Tag::H5
                | Tag::H6
                | Tag::Ul
                | Tag::Ol
                | Tag::Li
                | Tag::Dl
                | Tag::Dt
                | Tag::Dd
                | Tag::Blockquote
                | Tag::Pre
                | Tag::Table
                | Tag::Tr
                | Tag::Td
                | Tag::Th
                | Tag::Thead
                | Tag::Tbody
                | Tag::Caption
                | Tag::Header
                | Tag::Footer
                | Tag::Aside
                | Tag::Nav
                | Tag::Form
                | Tag::Figure
                | Tag::Figcaption
                | Tag::Address
                | Tag::Center
                | Tag::Details
                | Tag::Summary
                | Tag::Hr
                | Tag::Body
                | Tag::Html
                | Tag::Menu
                | Tag::Dialog
        )
    }
}

/// Attribute range of an element in [`Dom::attrs`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct El {
    /// First attribute index.
    pub start: u32,
    /// One past the last attribute index.
    pub end: u32,
}

/// One node of the flat tree.
pub(crate) struct N<'a> {
    /// Index of the parent, [`NONE`] for the document.
    pub parent: u32,
    /// One past the last index of this node's subtree.
    pub end: u32,
    /// The tag (or [`Tag::Text`]).
    pub tag: Tag,
    /// Attribute range, for elements.
    pub el: Option<El>,
    /// Lower-case tag name of elements (source spelling for unknown upper-case names).
    pub name: &'a str,
    /// The text of a text node (entities decoded, whitespace not collapsed).
    pub text: Cow<'a, str>,
}

/// Attribute access for one element.
pub(crate) struct ElRef<'d, 'a> {
    attrs: &'d [(Cow<'a, str>, Cow<'a, str>)],
}

impl<'d, 'a> ElRef<'d, 'a> {
    /// The value of attribute `name` (lower-case).
    pub(crate) fn attr(&self, name: &str) -> Option<&'d str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| &**v)
    }
}

/// The flat tree plus things collected while building it.
pub(crate) struct Dom<'a> {
    /// All nodes in document order; index 0 is the document.
    pub nodes: Vec<N<'a>>,
    /// Attributes of all elements (name lower-cased, value decoded).
    pub attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// Bodies of `<script type="application/ld+json">`.
    pub ld_json: Vec<Cow<'a, str>>,
    /// Text of the first `<title>`.
    pub title: Option<Cow<'a, str>>,
}

impl<'a> Dom<'a> {
    /// Parses `html` (see [`crate::parser`]).
    pub(crate) fn build(html: &'a str) -> Dom<'a> {
        crate::parser::parse(html)
    }

    /// Attribute access for element `i`.
    pub(crate) fn el(&self, i: usize) -> Option<ElRef<'_, 'a>> {
        self.nodes[i].el.map(|e| ElRef {
            attrs: &self.attrs[e.start as usize..e.end as usize],
        })
    }

    /// Number of nodes.
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Attribute `name` of node `i`.
    pub(crate) fn attr(&self, i: usize, name: &str) -> Option<&str> {
        self.el(i).and_then(|e| e.attr(name))
    }

    /// Puts the segments of React's streamed rendering where they belong. The server sends a
    /// part that finished late as `<div hidden id="S:1f">` at the end of the body and a script
    /// moves it to the placeholder `<template id="B:1f">` (or `"P:1f"`) inside the page: each
    /// segment whose
    /// placeholder exists takes the placeholder's place (no longer hidden), so the article's
    /// sections come in their order and inside its container. Linear; the tree is unchanged
    /// when the page has no such placeholder. True when it changed.
    pub(crate) fn splice_streamed_segments(&mut self) -> bool {
        fn key<'s>(id: &'s str, prefix: &str) -> Option<&'s str> {
            id.strip_prefix(prefix)
                .filter(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_hexdigit()))
        }
        let n = self.nodes.len();
        let mut holders: std::collections::HashMap<&str, usize> = Default::default();
        for i in 0..n {
            if self.nodes[i].tag == Tag::Template {
                if let Some(k) = self
                    .attr(i, "id")
                    .and_then(|id| key(id, "B:").or_else(|| key(id, "P:")))
                {
                    holders.insert(k, i);
                }
            }
        }
        if holders.is_empty() {
            return false;
        }
        // Placeholder → segment, for segments that are hidden and outside their placeholder.
        let mut segment_at: Vec<u32> = vec![NONE; n];
        let mut moved = vec![false; n];
        let mut unhide: Vec<usize> = Vec::new();
        for (i, node) in self.nodes.iter().enumerate() {
            if node.tag != Tag::Div || self.attr(i, "hidden").is_none() {
                continue;
            }
            let Some(&h) = self
                .attr(i, "id")
                .and_then(|id| key(id, "S:"))
                .and_then(|k| holders.get(k))
            else {
                continue;
            };
            if self.contains(i, h) || self.contains(h, i) || segment_at[h] != NONE {
                continue;
            }
            segment_at[h] = i as u32;
            moved[i] = true;
            unhide.push(i);
        }
        if unhide.is_empty() {
            return false;
        }
        // The new document order: a walk that skips moved segments where they stand and
        // enters a segment in place of its placeholder (a segment can hold placeholders too).
        let mut order: Vec<u32> = Vec::with_capacity(n);
        let mut new_parent: Vec<u32> = Vec::with_capacity(n);
        let mut new_index = vec![NONE; n];
        let mut stack: Vec<(usize, usize)> = vec![(0, n)];
        let mut entered = vec![false; n];
        // Puts old node `k` next in the new order, under the new place of node `at`'s parent.
        let mut place = |k: usize, at: usize| {
            new_index[k] = order.len() as u32;
            order.push(k as u32);
            let p = self.nodes[at].parent;
            new_parent.push(if p == NONE {
                NONE
            } else {
                new_index[p as usize]
            });
        };
        while let Some(top) = stack.last_mut() {
            let (i, end) = *top;
            if i >= end {
                stack.pop();
                continue;
            }
            let node_end = (self.nodes[i].end as usize).max(i + 1);
            if moved[i] {
                // Where it stood: skipped (it is entered at its placeholder).
                top.0 = node_end;
                continue;
            }
            let seg = segment_at[i];
            if seg != NONE && !entered[seg as usize] {
                // The placeholder: the segment's subtree instead, under the placeholder's parent.
                top.0 = node_end;
                let s = seg as usize;
                entered[s] = true;
                let s_end = (self.nodes[s].end as usize).max(s + 1);
                // The segment's root gets the placeholder's parent; its subtree is walked like
                // any other range.
                place(s, i);
                stack.push((s + 1, s_end));
                continue;
            }
            top.0 = i + 1;
            place(i, i);
        }
        // Rebuild the nodes in the new order, with their parents and subtree ends.
        let mut old: Vec<Option<N<'a>>> = std::mem::take(&mut self.nodes)
            .into_iter()
            .map(Some)
            .collect();
        let mut nodes: Vec<N<'a>> = Vec::with_capacity(order.len());
        for (k, &o) in order.iter().enumerate() {
            let mut node = old[o as usize].take().expect("each node once");
            node.parent = new_parent[k];
            node.end = k as u32 + 1;
            nodes.push(node);
        }
        for k in (1..nodes.len()).rev() {
            let p = nodes[k].parent;
            if p != NONE {
                let e = nodes[k].end;
                let pe = &mut nodes[p as usize].end;
                *pe = (*pe).max(e);
            }
        }
        self.nodes = nodes;
        // No longer hidden: the script would have shown it.
        for i in unhide {
            if let Some(e) = old_el(&self.nodes, new_index[i]) {
                for a in &mut self.attrs[e.start as usize..e.end as usize] {
                    if a.0 == "hidden" {
                        a.0 = Cow::Borrowed("data-streamed-hidden");
                    }
                }
            }
        }
        true
    }

    /// Lower-cased `class` and `id`, space-separated (empty when neither is present).
    pub(crate) fn class_id(&self, i: usize) -> String {
        let mut s = String::new();
        if let Some(e) = self.el(i) {
            if let Some(c) = e.attr("class") {
                s.push_str(c);
            }
            if let Some(id) = e.attr("id") {
                s.push(' ');
                s.push_str(id);
            }
        }
        s.make_ascii_lowercase();
        s
    }

    /// The whitespace-collapsed text of the subtree at `i`, without the raw text of scripts,
    /// styles, templates and `<noscript>` inside it (`<noscript><img …>` after a lazy image).
    pub(crate) fn text_of(&self, i: usize) -> String {
        let mut out = String::new();
        let end = self.nodes[i].end as usize;
        for n in &self.nodes[i..end.min(self.nodes.len())] {
            let raw = || {
                n.parent != NONE
                    && matches!(
                        self.nodes[n.parent as usize].tag,
                        Tag::Script | Tag::Style | Tag::NoScript | Tag::Template
                    )
                    && n.parent as usize != i
            };
            if n.tag == Tag::Text && !raw() {
                push_collapsed(&mut out, &n.text);
            } else if n.tag == Tag::Br {
                push_collapsed(&mut out, " ");
            }
        }
        let t = out.trim_end().len();
        out.truncate(t);
        out
    }

    /// The text of a headline element without kicker/overline children ("Dachzeile").
    pub(crate) fn headline_text(&self, i: usize) -> String {
        const KICKER: &[&str] = &[
            "kicker",
            "dachzeile",
            "overline",
            "topline",
            "roofline",
            "eyebrow",
            "spitzmarke",
            "headline-intro",
            "supertitle",
            "pretitle",
            "label",
            "date",
            "time",
        ];
        let mut out = String::new();
        let end = (self.nodes[i].end as usize).min(self.nodes.len());
        let mut k = i + 1;
        while k < end {
            let n = &self.nodes[k];
            if n.el.is_some() {
                let c = self.attr(k, "class").unwrap_or("").to_ascii_lowercase();
                if !c.is_empty() && KICKER.iter().any(|w| c.contains(w)) {
                    k = (n.end as usize).max(k + 1);
                    continue;
                }
                if n.tag == Tag::Br || n.tag.is_block() || n.tag == Tag::Span {
                    push_collapsed(&mut out, " ");
                }
            } else if n.tag == Tag::Text {
                push_collapsed(&mut out, &n.text);
            }
            k += 1;
        }
        let t = out
            .trim()
            .trim_start_matches(['-', '–', '—', ':', '|', '•', ' '])
            .trim_end_matches(['-', '–', '—', ':', '|', '•', ' '])
            .to_string();
        if t.is_empty() {
            self.text_of(i)
        } else {
            t
        }
    }

    /// True when `anc` is `i` or an ancestor of `i`.
    pub(crate) fn contains(&self, anc: usize, i: usize) -> bool {
        anc <= i && i < self.nodes[anc].end as usize
    }

    /// The children of node `p` (elements and text nodes), in document order.
    pub(crate) fn children(&self, p: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.nodes[p].end as usize;
        std::iter::successors(Some(p + 1).filter(|&c| c < end), move |&c| {
            Some((self.nodes[c].end as usize).max(c + 1)).filter(|&n| n < end)
        })
    }

    /// True when node `i`'s `role` attribute, without surrounding whitespace, is `role` (in
    /// any case).
    pub(crate) fn has_role(&self, i: usize, role: &str) -> bool {
        self.attr(i, "role")
            .is_some_and(|r| r.trim().eq_ignore_ascii_case(role))
    }
}

/// Appends `text` to `out` with runs of whitespace collapsed to one space (no leading space
/// at the start of `out`).
pub(crate) fn push_collapsed(out: &mut String, text: &str) {
    // A whitespace character adds a space unless `out` is empty or ends with one (the same as
    // adding it before the next kept character or at the end); zero-width characters and soft
    // hyphens are dropped; runs of kept characters and single spaces are copied as slices.
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let (kind, n) = char_kind(text, i);
        match kind {
            Kind::Space => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                i += n;
            }
            Kind::Dropped => i += n,
            Kind::Kept => {
                let start = i;
                i += n;
                while i < b.len() {
                    let c = b[i];
                    if c < 0x80 {
                        // A space after a kept character is kept as it is.
                        if (c == b' ' && b[i - 1] == b' ') || (0x09..=0x0d).contains(&c) {
                            break;
                        }
                        i += 1;
                    } else if matches!(c, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF) {
                        // The lead bytes of all non-ASCII whitespace and dropped characters.
                        let (kind, n) = char_kind(text, i);
                        if kind != Kind::Kept {
                            break;
                        }
                        i += n;
                    } else {
                        i += 1;
                    }
                }
                out.push_str(&text[start..i]);
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Kept,
    Space,
    Dropped,
}

/// What [`push_collapsed`] does with the character at byte `i` of `text`, and its length.
#[inline]
fn char_kind(text: &str, i: usize) -> (Kind, usize) {
    let c = text.as_bytes()[i];
    if c < 0x80 {
        let kind = if c == b' ' || (0x09..=0x0d).contains(&c) {
            Kind::Space
        } else {
            Kind::Kept
        };
        return (kind, 1);
    }
    let ch = text[i..].chars().next().unwrap_or(' ');
    let kind = if ch.is_whitespace() {
        Kind::Space
    } else if matches!(
        ch,
        '\u{200b}' | '\u{feff}' | '\u{ad}' | '\u{200c}' | '\u{200d}'
    ) {
        Kind::Dropped
    } else {
        Kind::Kept
    };
    (kind, ch.len_utf8())
}

/// `s.to_lowercase()`, faster on mostly-ASCII text with a few umlauts: runs of ASCII are
/// copied and lower-cased as slices. Same result as `str::to_lowercase` (which it defers to
/// for text with a capital sigma, whose lower case depends on its neighbours).
pub(crate) fn lower(s: &str) -> String {
    if s.contains('Σ') {
        return s.to_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i] < 0x80 {
            i += 1;
        }
        if i > start {
            let from = out.len();
            out.push_str(&s[start..i]);
            out[from..].make_ascii_lowercase();
        }
        if i < b.len() {
            let c = s[i..].chars().next().unwrap_or(' ');
            match c {
                'ä' | 'ö' | 'ü' | 'ß' | 'é' => out.push(c),
                _ => out.extend(c.to_lowercase()),
            }
            i += c.len_utf8();
        }
    }
    out
}

/// `char::is_alphanumeric`, with Latin-1 (umlauts, ß, accented letters) and the General
/// Punctuation block (dashes, „quotes“, thin spaces) answered without Unicode's tables.
pub(crate) fn is_alnum(c: char) -> bool {
    match c {
        '\u{C0}'..='\u{FF}' => c != '×' && c != '÷',
        '\u{80}'..='\u{BF}' => matches!(c, 'ª' | '²' | '³' | 'µ' | '¹' | 'º' | '¼'..='¾'),
        '\u{2000}'..='\u{206F}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// Pushes the lower case of `c` (`char::to_lowercase`) onto `out`, Latin-1 without tables.
pub(crate) fn push_lower(out: &mut String, c: char) {
    match c {
        'À'..='Þ' if c != '×' => out.push(char::from_u32(u32::from(c) + 32).unwrap_or(c)),
        'ß'..='ÿ' => out.push(c),
        _ => out.extend(c.to_lowercase()),
    }
}

/// `s` lower-cased with everything but letters and digits dropped: the same as filtering
/// `char::is_alphanumeric` and mapping `char::to_lowercase`, with ASCII and Latin-1 on fast
/// paths. Texts are compared in this form (teasers, titles, site names).
pub(crate) fn alnum_lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            if x.is_ascii_alphanumeric() {
                out.push(char::from(x.to_ascii_lowercase()));
            }
            i += 1;
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            if is_alnum(c) {
                push_lower(&mut out, c);
            }
            i += c.len_utf8();
        }
    }
    out
}

/// The attribute range of the node at new index `k` (`NONE`: none).
fn old_el(nodes: &[N<'_>], k: u32) -> Option<El> {
    if k == NONE {
        None
    } else {
        nodes[k as usize].el
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tags and texts in document order, with each node's parent's tag.
    fn outline(dom: &Dom<'_>) -> Vec<String> {
        (1..dom.len())
            .map(|i| {
                let n = &dom.nodes[i];
                let p = dom.nodes[n.parent as usize].name;
                if n.tag == Tag::Text {
                    format!("{p}>'{}'", n.text.trim())
                } else {
                    format!("{p}>{}", n.name)
                }
            })
            .collect()
    }

    #[test]
    fn streamed_segments_take_their_placeholders_place() {
        let html = "<html><body><main><p>Intro</p><template id=\"B:a\"></template>\
                    <p>Middle</p><template id=\"P:2\"></template></main>\
                    <div hidden id=\"S:2\"><p>Late two</p></div>\
                    <div hidden id=\"S:a\"><h2>Part</h2><p>Late a</p></div></body></html>";
        let mut dom = Dom::build(html);
        assert!(dom.splice_streamed_segments());
        let o = outline(&dom);
        let at = |s: &str| {
            o.iter()
                .position(|x| x == s)
                .unwrap_or_else(|| panic!("{s}: {o:?}"))
        };
        assert!(
            at("p>'Intro'") < at("div>h2") && at("div>h2") < at("p>'Middle'"),
            "{o:?}"
        );
        assert!(at("p>'Middle'") < at("p>'Late two'"), "{o:?}");
        // Both segments now sit in <main> and are no longer hidden; the subtree ends agree.
        let segs: Vec<usize> = (0..dom.len())
            .filter(|&i| dom.attr(i, "id").is_some_and(|id| id.starts_with("S:")))
            .collect();
        assert_eq!(segs.len(), 2);
        for &s in &segs {
            assert_eq!(dom.nodes[dom.nodes[s].parent as usize].tag, Tag::Main);
            assert!(dom.attr(s, "hidden").is_none());
        }
        for i in 1..dom.len() {
            let p = dom.nodes[i].parent as usize;
            assert!(dom.contains(p, i), "{i} outside its parent {p}");
        }
        assert_eq!(dom.nodes[0].end as usize, dom.len());
    }

    #[test]
    fn a_hidden_div_without_its_placeholder_stays_where_it_is() {
        // The other way: "S:3" with no "B:3"/"P:3" placeholder, and an id that is no hex
        // number, are left alone (still hidden, still at the end).
        let html = "<html><body><main><p>Intro</p><template id=\"B:1\"></template></main>\
                    <div hidden id=\"S:3\"><p>Other</p></div>\
                    <div hidden id=\"S:xyz\"><p>Not a segment</p></div></body></html>";
        let mut dom = Dom::build(html);
        assert!(!dom.splice_streamed_segments());
        let o = outline(&dom);
        assert!(o.contains(&"main>template".to_string()), "{o:?}");
        assert!(o.contains(&"p>'Other'".to_string()), "{o:?}");
        let s3 = (0..dom.len())
            .find(|&i| dom.attr(i, "id") == Some("S:3"))
            .unwrap();
        assert_eq!(dom.nodes[dom.nodes[s3].parent as usize].tag, Tag::Body);
        assert!(dom.attr(s3, "hidden").is_some());
    }

    #[test]
    fn latin1_fast_paths_agree_with_the_unicode_tables() {
        for n in (0..=0x3FFu32).chain(0x1FF0..=0x20FF) {
            let c = char::from_u32(n).unwrap();
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "U+{n:04X}");
            let mut out = String::new();
            push_lower(&mut out, c);
            assert_eq!(out, c.to_lowercase().collect::<String>(), "U+{n:04X}");
        }
        for s in samples() {
            let expect: String = s
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(alnum_lower(&s), expect, "{s:?}");
        }
        assert_eq!(alnum_lower("Größe: ÄÖÜ-Straße × 2½"), "größeäöüstraße2½");
    }

    /// Strings over an alphabet of the characters the fast paths treat specially.
    fn samples() -> Vec<String> {
        const ALPHABET: &[char] = &[
            'a', 'B', 'z', '1', '.', '-', ' ', ' ', ' ', '\t', '\n', '\r', 'ä', 'Ä', 'ß', 'é', 'Σ',
            'İ', '\u{212a}', '\u{ad}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{feff}', '\u{a0}',
            '\u{2009}', '\u{85}', '\u{3000}', '€',
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..50_000)
            .map(|_| {
                let n = (next() % 24) as usize;
                (0..n)
                    .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    /// The character-by-character definition of [`push_collapsed`].
    fn push_collapsed_reference(out: &mut String, text: &str) {
        let mut pending_space = false;
        for c in text.chars() {
            if c.is_whitespace()
                || matches!(
                    c,
                    '\u{200b}' | '\u{feff}' | '\u{ad}' | '\u{200c}' | '\u{200d}'
                )
            {
                if !c.is_whitespace() {
                    continue;
                }
                pending_space = true;
            } else {
                if pending_space && !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            }
        }
        if pending_space && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }

    #[test]
    fn fast_text_helpers_match_their_definitions() {
        let samples = samples();
        for (k, s) in samples.iter().enumerate() {
            assert_eq!(lower(s), s.to_lowercase(), "{s:?}");
            let prefix = samples[(k + 1) % samples.len()].as_str();
            let (mut a, mut b) = (prefix.to_string(), prefix.to_string());
            push_collapsed(&mut a, s);
            push_collapsed_reference(&mut b, s);
            assert_eq!(a, b, "{prefix:?} + {s:?}");
        }
    }
}
