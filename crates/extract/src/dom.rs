//! A flat, document-ordered view of the parsed tree: every node knows its parent and the end of
//! its subtree, so all later passes are plain loops (no recursion, no stack overflow on deep
//! pages) and subtree statistics are computed bottom-up in one reverse sweep.

use scraper::node::Element;
use scraper::{Html, Node};

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
    Other,
}

impl Tag {
    fn of(name: &str) -> Tag {
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
            _ => Tag::Other,
        }
    }

    /// Headings h1–h6.
    pub(crate) fn is_heading(self) -> bool {
        matches!(self, Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6)
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

/// One node of the flat tree.
pub(crate) struct N<'a> {
    /// Index of the parent, [`NONE`] for the document.
    pub parent: u32,
    /// One past the last index of this node's subtree.
    pub end: u32,
    /// The tag (or [`Tag::Text`]).
    pub tag: Tag,
    /// The element, for attribute access.
    pub el: Option<&'a Element>,
    /// The text of a text node (raw, not collapsed).
    pub text: &'a str,
}

/// The flat tree plus things collected while building it.
pub(crate) struct Dom<'a> {
    /// All nodes in document order; index 0 is the document.
    pub nodes: Vec<N<'a>>,
    /// Bodies of `<script type="application/ld+json">`.
    pub ld_json: Vec<&'a str>,
    /// Text of the first `<title>`.
    pub title: Option<&'a str>,
}

impl<'a> Dom<'a> {
    /// Flattens `html`. Contents of script, style, template, svg and similar are not descended
    /// into (JSON-LD script bodies are kept aside).
    pub(crate) fn build(html: &'a Html) -> Dom<'a> {
        let mut nodes: Vec<N<'a>> = Vec::with_capacity(html.tree.values().size_hint().0.max(64));
        let mut ld_json = Vec::new();
        let mut title = None;
        let root = html.tree.root();
        nodes.push(N { parent: NONE, end: 0, tag: Tag::Document, el: None, text: "" });
        let mut stack: Vec<u32> = vec![0];
        let mut cur = root.first_child();
        while let Some(node) = cur {
            let parent = *stack.last().unwrap_or(&0);
            let mut descend = false;
            match node.value() {
                Node::Element(el) => {
                    let tag = Tag::of(el.name());
                    let idx = nodes.len() as u32;
                    nodes.push(N { parent, end: idx + 1, tag, el: Some(el), text: "" });
                    match tag {
                        Tag::Script => {
                            let is_ld = el
                                .attr("type")
                                .map(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
                                .unwrap_or(false);
                            if is_ld {
                                for c in node.children() {
                                    if let Node::Text(t) = c.value() {
                                        ld_json.push(&**t);
                                    }
                                }
                            }
                        }
                        Tag::Title => {
                            if title.is_none() {
                                for c in node.children() {
                                    if let Node::Text(t) = c.value() {
                                        title = Some(&**t);
                                    }
                                }
                            }
                        }
                        Tag::Style | Tag::NoScript | Tag::Template | Tag::Svg | Tag::Math => {}
                        _ => descend = node.has_children(),
                    }
                    if descend {
                        stack.push(idx);
                    }
                }
                Node::Text(t) => {
                    let idx = nodes.len() as u32;
                    nodes.push(N { parent, end: idx + 1, tag: Tag::Text, el: None, text: t });
                }
                _ => {}
            }
            if descend {
                cur = node.first_child();
                continue;
            }
            // Next sibling, or climb up closing elements.
            let mut n = node;
            cur = None;
            loop {
                if let Some(s) = n.next_sibling() {
                    cur = Some(s);
                    break;
                }
                match n.parent() {
                    Some(p) if p.parent().is_some() => {
                        if let Some(open) = stack.pop() {
                            let end = nodes.len() as u32;
                            nodes[open as usize].end = end;
                        }
                        n = p;
                    }
                    _ => break,
                }
            }
        }
        while let Some(open) = stack.pop() {
            let end = nodes.len() as u32;
            nodes[open as usize].end = end;
        }
        Dom { nodes, ld_json, title }
    }

    /// Number of nodes.
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Attribute `name` of node `i`.
    pub(crate) fn attr(&self, i: usize, name: &str) -> Option<&'a str> {
        self.nodes[i].el.and_then(|e| e.attr(name))
    }

    /// Lower-cased `class` and `id`, space-separated (empty when neither is present).
    pub(crate) fn class_id(&self, i: usize) -> String {
        let mut s = String::new();
        if let Some(e) = self.nodes[i].el {
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

    /// The whitespace-collapsed text of the subtree at `i`.
    pub(crate) fn text_of(&self, i: usize) -> String {
        let mut out = String::new();
        let end = self.nodes[i].end as usize;
        for n in &self.nodes[i..end.min(self.nodes.len())] {
            if n.tag == Tag::Text {
                push_collapsed(&mut out, n.text);
            } else if n.tag == Tag::Br {
                push_collapsed(&mut out, " ");
            }
        }
        let t = out.trim_end().len();
        out.truncate(t);
        out
    }

    /// True when `anc` is `i` or an ancestor of `i`.
    pub(crate) fn contains(&self, anc: usize, i: usize) -> bool {
        anc <= i && i < self.nodes[anc].end as usize
    }
}

/// Appends `text` to `out` with runs of whitespace collapsed to one space (no leading space
/// at the start of `out`).
pub(crate) fn push_collapsed(out: &mut String, text: &str) {
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
            if c == '\u{200b}' || c == '\u{feff}' {
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
