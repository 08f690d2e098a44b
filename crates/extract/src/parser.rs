//! A small, fast, forgiving HTML parser that builds the flat [`Dom`] directly.
//!
//! It is not a full HTML5 tree builder: it implements the parts that matter for text extraction
//! (void elements, raw-text elements, implied end tags of `p`, `li`, `dt`/`dd`, table parts and
//! headings, misnested end tags ignored or closing through, entities) in one linear pass.
//! End-tag matching looks at most [`MAX_SEARCH`] open elements deep, so pathological nesting
//! stays linear.

use crate::dom::{Dom, El, Tag, N, NONE};
use std::borrow::Cow;

/// How many open elements an end tag or implied close searches.
const MAX_SEARCH: usize = 64;

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "basefont"
            | "bgsound"
            | "frame"
    )
}

fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "noembed"
            | "noframes"
            | "iframe"
            | "noscript"
            | "plaintext"
    )
}

/// Start tags that close an open `<p>`.
fn closes_p(tag: Tag, name: &str) -> bool {
    matches!(
        tag,
        Tag::Address
            | Tag::Article
            | Tag::Aside
            | Tag::Blockquote
            | Tag::Details
            | Tag::Dialog
            | Tag::Div
            | Tag::Dl
            | Tag::Figcaption
            | Tag::Figure
            | Tag::Footer
            | Tag::Form
            | Tag::H1
            | Tag::H2
            | Tag::H3
            | Tag::H4
            | Tag::H5
            | Tag::H6
            | Tag::Header
            | Tag::Hr
            | Tag::Main
            | Tag::Menu
            | Tag::Nav
            | Tag::Ol
            | Tag::P
            | Tag::Pre
            | Tag::Section
            | Tag::Table
            | Tag::Ul
            | Tag::Li
            | Tag::Dd
            | Tag::Dt
            | Tag::Center
            | Tag::Summary
    ) || matches!(name, "fieldset" | "hgroup" | "listing")
}

struct Builder<'a> {
    nodes: Vec<N<'a>>,
    attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    stack: Vec<u32>,
    ld_json: Vec<Cow<'a, str>>,
    title: Option<Cow<'a, str>>,
    /// A `<head>` element is open.
    head_open: bool,
    /// A `<body>` element (written or implied) exists.
    body_seen: bool,
    /// The `<body>` was implied by content before the `<body>` tag.
    body_implied: bool,
}

impl<'a> Builder<'a> {
    /// Closes an open `<head>` (body content appeared without `</head>`).
    fn leave_head(&mut self) {
        if self.head_open {
            self.close_nearest(|t, _| t == Tag::Head, |_| false);
            self.head_open = false;
        }
    }

    fn top(&self) -> u32 {
        *self.stack.last().unwrap_or(&0)
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            if let Some(i) = self.stack.pop() {
                let end = self.nodes.len() as u32;
                self.nodes[i as usize].end = end;
            }
        }
    }

    /// Pops through the nearest open element matching `want`, unless a `stop` element comes
    /// first (or the search depth runs out).
    fn close_nearest(
        &mut self,
        want: impl Fn(Tag, &str) -> bool,
        stop: impl Fn(Tag) -> bool,
    ) -> bool {
        let len = self.stack.len();
        let mut found = None;
        for k in (1..len).rev().take(MAX_SEARCH) {
            let n = &self.nodes[self.stack[k] as usize];
            if want(n.tag, n.name) {
                found = Some(k);
                break;
            }
            if stop(n.tag) {
                break;
            }
        }
        if let Some(k) = found {
            while self.stack.len() > k {
                self.pop();
            }
            true
        } else {
            false
        }
    }

    fn text(&mut self, raw: &'a str) {
        if raw.is_empty() {
            return;
        }
        if self.head_open && !raw.trim().is_empty() {
            self.leave_head();
        }
        let idx = self.nodes.len() as u32;
        let parent = self.top();
        self.nodes.push(N {
            parent,
            end: idx + 1,
            tag: Tag::Text,
            el: None,
            name: "",
            text: decode_entities(raw),
        });
    }
}

/// Parses `html` into the flat tree.
pub(crate) fn parse<'a>(html: &'a str) -> Dom<'a> {
    let b = html.as_bytes();
    let n = b.len();
    let mut bd = Builder {
        nodes: Vec::with_capacity(n / 40 + 16),
        attrs: Vec::with_capacity(n / 60 + 16),
        stack: vec![0],
        ld_json: Vec::new(),
        title: None,
        head_open: false,
        body_seen: false,
        body_implied: false,
    };
    bd.nodes.push(N {
        parent: NONE,
        end: 0,
        tag: Tag::Document,
        el: None,
        name: "",
        text: Cow::Borrowed(""),
    });
    let mut i = 0;
    let mut text_start = 0;
    while i < n {
        // Find next '<'.
        let Some(off) = memchr(b'<', &b[i..]) else {
            break;
        };
        let lt = i + off;
        let next = b.get(lt + 1).copied().unwrap_or(0);
        if next.is_ascii_alphabetic() {
            bd.text(&html[text_start..lt]);
            let (end, name_lc, self_closing, attr_range) =
                parse_start_tag(html, lt + 1, &mut bd.attrs);
            i = end;
            text_start = end;
            let name: &'a str = name_lc;
            let tag = Tag::of(name);
            open_element(&mut bd, tag, name, attr_range, self_closing);
            if is_raw_text(name) && !self_closing {
                // Raw text up to the matching end tag.
                let close = find_end_tag(b, i, name.as_bytes());
                let content = &html[i..close.0];
                if !content.is_empty() {
                    let idx = bd.nodes.len() as u32;
                    let parent = bd.top();
                    let text: Cow<'a, str> = if matches!(name, "title" | "textarea") {
                        decode_entities(content)
                    } else {
                        Cow::Borrowed(content)
                    };
                    if name == "title" && bd.title.is_none() {
                        bd.title = Some(text.clone());
                    }
                    if name == "script" {
                        let el_idx = bd.top() as usize;
                        let is_ld = bd.nodes[el_idx]
                            .el
                            .map(|e| {
                                attr_in(&bd.attrs, e, "type")
                                    .map(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
                                    .unwrap_or(false)
                            })
                            .unwrap_or(false);
                        if is_ld {
                            bd.ld_json.push(Cow::Borrowed(content));
                        }
                    }
                    bd.nodes.push(N {
                        parent,
                        end: idx + 1,
                        tag: Tag::Text,
                        el: None,
                        name: "",
                        text,
                    });
                }
                bd.pop();
                i = close.1;
                text_start = i;
            }
        } else if next == b'/' {
            let c2 = b.get(lt + 2).copied().unwrap_or(0);
            if c2.is_ascii_alphabetic() {
                bd.text(&html[text_start..lt]);
                let mut j = lt + 2;
                while j < n && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
                    j += 1;
                }
                let raw_name = &html[lt + 2..j];
                let gt = memchr(b'>', &b[j..]).map(|p| j + p + 1).unwrap_or(n);
                i = gt;
                text_start = gt;
                let lc = lower_cow(raw_name);
                close_element(&mut bd, &lc);
            } else if c2 == b'>' {
                bd.text(&html[text_start..lt]);
                i = lt + 3;
                text_start = i;
            } else {
                // Bogus comment.
                bd.text(&html[text_start..lt]);
                let gt = memchr(b'>', &b[lt..]).map(|p| lt + p + 1).unwrap_or(n);
                i = gt;
                text_start = gt;
            }
        } else if next == b'!' {
            bd.text(&html[text_start..lt]);
            let end = if b[lt..].starts_with(b"<!--") {
                find_sub(b, lt + 4, b"-->").map(|p| p + 3).unwrap_or(n)
            } else if b[lt..].starts_with(b"<![CDATA[")
                && bd
                    .stack
                    .iter()
                    .any(|&k| matches!(bd.nodes[k as usize].tag, Tag::Svg | Tag::Math))
            {
                // A CDATA section exists only inside SVG and MathML; in HTML `<![CDATA[` opens
                // a bogus comment that ends at the first `>` (as browsers read it).
                let e = find_sub(b, lt + 9, b"]]>").unwrap_or(n);
                bd.text(&html[lt + 9..e]);
                (e + 3).min(n)
            } else {
                memchr(b'>', &b[lt..]).map(|p| lt + p + 1).unwrap_or(n)
            };
            i = end;
            text_start = end;
        } else if next == b'?' {
            bd.text(&html[text_start..lt]);
            let gt = memchr(b'>', &b[lt..]).map(|p| lt + p + 1).unwrap_or(n);
            i = gt;
            text_start = gt;
        } else {
            // A literal '<'.
            i = lt + 1;
        }
    }
    if text_start < n {
        bd.text(&html[text_start..]);
    }
    while bd.stack.len() > 1 {
        bd.pop();
    }
    let total = bd.nodes.len() as u32;
    bd.nodes[0].end = total;
    Dom {
        nodes: bd.nodes,
        attrs: bd.attrs,
        ld_json: bd.ld_json,
        title: bd.title,
    }
}

/// Whether an element of this tag (and name) belongs in `<head>`: any other closes the head.
fn head_element(tag: Tag, name: &str) -> bool {
    matches!(
        tag,
        Tag::Meta
            | Tag::Link
            | Tag::Title
            | Tag::Style
            | Tag::Script
            | Tag::NoScript
            | Tag::Template
    ) || name == "base"
}

fn open_element<'a>(
    bd: &mut Builder<'a>,
    tag: Tag,
    name: &'a str,
    attr_range: (u32, u32),
    self_closing: bool,
) {
    if bd.head_open && !head_element(tag, name) {
        bd.leave_head();
    }
    // Implied end tags.
    match tag {
        Tag::Li => {
            bd.close_nearest(
                |t, _| t == Tag::Li,
                |t| {
                    matches!(
                        t,
                        Tag::Ul | Tag::Ol | Tag::Menu | Tag::Div | Tag::Table | Tag::Td | Tag::Th
                    )
                },
            );
        }
        Tag::Dt | Tag::Dd => {
            bd.close_nearest(
                |t, _| matches!(t, Tag::Dt | Tag::Dd),
                |t| matches!(t, Tag::Dl | Tag::Div | Tag::Table),
            );
        }
        Tag::Tr => {
            bd.close_nearest(
                |t, _| t == Tag::Tr,
                |t| matches!(t, Tag::Table | Tag::Tbody | Tag::Thead),
            );
        }
        Tag::Td | Tag::Th => {
            bd.close_nearest(
                |t, _| matches!(t, Tag::Td | Tag::Th),
                |t| matches!(t, Tag::Tr | Tag::Table),
            );
        }
        Tag::Tbody | Tag::Thead => {
            bd.close_nearest(
                |t, _| matches!(t, Tag::Tbody | Tag::Thead),
                |t| t == Tag::Table,
            );
        }
        Tag::A => {
            // Nested links are not allowed: close an open one in the same block.
            let top = bd.nodes[bd.top() as usize].tag;
            if top == Tag::A {
                bd.pop();
            }
        }
        Tag::Select if name == "option" => {
            let top = bd.nodes[bd.top() as usize].name;
            if top == "option" {
                bd.pop();
            }
        }
        _ => {}
    }
    if tag.is_heading() {
        let top = bd.nodes[bd.top() as usize].tag;
        if top.is_heading() {
            bd.pop();
        }
    }
    if closes_p(tag, name) {
        bd.close_nearest(
            |t, _| t == Tag::P,
            |t| {
                matches!(
                    t,
                    Tag::Td
                        | Tag::Th
                        | Tag::Table
                        | Tag::Button
                        | Tag::Object
                        | Tag::Html
                        | Tag::Div
                        | Tag::Li
                        | Tag::Blockquote
                        | Tag::Section
                        | Tag::Article
                )
            },
        );
    }
    if matches!(tag, Tag::Html | Tag::Body) {
        // Repeated html/body tags only add attributes in browsers; ignore repeats.
        if (tag == Tag::Body && bd.body_implied) || bd.nodes.iter().take(64).any(|n| n.tag == tag) {
            return;
        }
    }
    if tag == Tag::Body {
        bd.body_seen = true;
    } else if !bd.body_seen
        && bd.nodes[bd.top() as usize].tag == Tag::Html
        && !matches!(tag, Tag::Html | Tag::Head)
        && !head_element(tag, name)
    {
        // Content before `<body>` (a stray `<div>` after the head) opens the body, as in
        // browsers; the `<body>` tag that follows only repeats it. Without this the page's
        // real `<body>` would sit inside that `<div>` and end with it.
        let idx = bd.nodes.len() as u32;
        bd.nodes.push(N {
            parent: bd.top(),
            end: idx + 1,
            tag: Tag::Body,
            el: Some(El { start: 0, end: 0 }),
            name: "body",
            text: Cow::Borrowed(""),
        });
        bd.stack.push(idx);
        bd.body_seen = true;
        bd.body_implied = true;
    }
    let idx = bd.nodes.len() as u32;
    let parent = bd.top();
    let el = Some(El {
        start: attr_range.0,
        end: attr_range.1,
    });
    bd.nodes.push(N {
        parent,
        end: idx + 1,
        tag,
        el,
        name,
        text: Cow::Borrowed(""),
    });
    if tag == Tag::Head {
        bd.head_open = true;
    }
    // `<div/>`, `<svg/>`, … written self-closing are closed at once, like void elements.
    let closed_by_slash = self_closing
        && matches!(
            tag,
            Tag::Svg
                | Tag::Math
                | Tag::Other
                | Tag::Div
                | Tag::Span
                | Tag::A
                | Tag::Iframe
                | Tag::Script
        );
    if !is_void(name) && !closed_by_slash {
        bd.stack.push(idx);
    }
}

fn close_element(bd: &mut Builder<'_>, name: &str) {
    match name {
        "body" | "html" => {}
        "head" => bd.leave_head(),
        "br" => {
            let idx = bd.nodes.len() as u32;
            let parent = bd.top();
            bd.nodes.push(N {
                parent,
                end: idx + 1,
                tag: Tag::Br,
                el: Some(El { start: 0, end: 0 }),
                name: "br",
                text: Cow::Borrowed(""),
            });
        }
        "p" => {
            bd.close_nearest(
                |t, _| t == Tag::P,
                |t| {
                    matches!(
                        t,
                        Tag::Td | Tag::Th | Tag::Table | Tag::Button | Tag::Html | Tag::Body
                    )
                },
            );
        }
        "li" => {
            bd.close_nearest(|t, _| t == Tag::Li, |t| matches!(t, Tag::Ul | Tag::Ol));
        }
        _ => {
            let tag = Tag::of(name);
            if tag.is_heading() {
                bd.close_nearest(|t, _| t.is_heading(), |_| false);
            } else if tag == Tag::Other {
                bd.close_nearest(|_, n| n.eq_ignore_ascii_case(name), |_| false);
            } else {
                // Block-level end tags do not close table cells from inside.
                let cell = matches!(
                    tag,
                    Tag::Table | Tag::Tr | Tag::Td | Tag::Th | Tag::Tbody | Tag::Thead
                );
                bd.close_nearest(
                    |t, _| t == tag,
                    |t| !cell && matches!(t, Tag::Td | Tag::Th) && tag.is_block(),
                );
            }
        }
    }
}

fn attr_in<'x>(attrs: &'x [(Cow<'_, str>, Cow<'_, str>)], el: El, name: &str) -> Option<&'x str> {
    attrs[el.start as usize..el.end as usize]
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| &**v)
}

/// Parses a start tag beginning at `i` (just after '<'). Returns the index after '>', the
/// lower-cased name, whether it ended in "/>", and the attribute range pushed to `attrs`.
fn parse_start_tag<'a>(
    html: &'a str,
    i: usize,
    attrs: &mut Vec<(Cow<'a, str>, Cow<'a, str>)>,
) -> (usize, &'a str, bool, (u32, u32)) {
    let b = html.as_bytes();
    let n = b.len();
    let mut j = i;
    while j < n && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
        j += 1;
    }
    let name = intern_lower(&html[i..j]);
    let a0 = attrs.len() as u32;
    let mut self_closing = false;
    loop {
        while j < n && (b[j].is_ascii_whitespace() || b[j] == b'/') {
            if b[j] == b'/' {
                self_closing = true;
            }
            j += 1;
        }
        if j >= n {
            break;
        }
        if b[j] == b'>' {
            j += 1;
            break;
        }
        self_closing = false;
        let ns = j;
        j += 1;
        while j < n && !b[j].is_ascii_whitespace() && b[j] != b'=' && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let aname = &html[ns..j];
        while j < n && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value: &str = "";
        if j < n && b[j] == b'=' {
            j += 1;
            while j < n && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < n && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                let vs = j + 1;
                let ve = memchr(q, &b[vs..]).map(|p| vs + p).unwrap_or(n);
                value = &html[vs..ve];
                j = (ve + 1).min(n);
            } else {
                let vs = j;
                while j < n && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                    j += 1;
                }
                value = &html[vs..j];
            }
        }
        if attrs.len() - a0 as usize <= 64 {
            let key = lower_cow(aname);
            if !attrs[a0 as usize..].iter().any(|(k, _)| *k == key) {
                attrs.push((key, decode_entities(value)));
            }
        }
    }
    // Keep attribute data on char boundaries: `html` is valid UTF-8 and all cuts are at ASCII.
    (j, name, self_closing, (a0, attrs.len() as u32))
}

/// Finds `</name` (case-insensitive) from `i`; returns (content end, index after '>').
fn find_end_tag(b: &[u8], i: usize, name: &[u8]) -> (usize, usize) {
    let n = b.len();
    let mut k = i;
    while let Some(p) = memchr(b'<', &b[k..]) {
        let lt = k + p;
        if b.get(lt + 1) == Some(&b'/')
            && lt + 2 + name.len() <= n
            && b[lt + 2..lt + 2 + name.len()].eq_ignore_ascii_case(name)
        {
            let after = b.get(lt + 2 + name.len()).copied().unwrap_or(b'>');
            if after == b'>' || after.is_ascii_whitespace() || after == b'/' {
                let gt = memchr(b'>', &b[lt..]).map(|q| lt + q + 1).unwrap_or(n);
                return (lt, gt);
            }
        }
        k = lt + 1;
    }
    (n, n)
}

fn find_sub(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    let mut k = from;
    while let Some(p) = memchr(needle[0], &b[k..]) {
        let s = k + p;
        if b[s..].starts_with(needle) {
            return Some(s);
        }
        k = s + 1;
    }
    None
}

/// The index of the first `c` in `hay`, eight bytes at a time.
#[inline]
fn memchr(c: u8, hay: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let rep = LO * c as u64;
    let mut chunks = hay.chunks_exact(8);
    let mut base = 0;
    for ch in &mut chunks {
        let w = u64::from_le_bytes(ch.try_into().unwrap_or([0; 8])) ^ rep;
        // The lowest flagged byte is the first zero byte of `w`, the first `c`.
        let z = w.wrapping_sub(LO) & !w & HI;
        if z != 0 {
            return Some(base + (z.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&x| x == c)
        .map(|p| base + p)
}

fn lower_cow(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|c| c.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Tag names: the source slice when already lower-case, the lower-case spelling of known tags,
/// else the source slice (compared case-insensitively).
fn intern_lower(s: &str) -> &str {
    const KNOWN: &[&str] = &[
        "html",
        "head",
        "body",
        "title",
        "meta",
        "link",
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "video",
        "audio",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "input",
        "select",
        "option",
        "optgroup",
        "textarea",
        "label",
        "figure",
        "figcaption",
        "picture",
        "img",
        "main",
        "article",
        "section",
        "div",
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tfoot",
        "tbody",
        "tr",
        "td",
        "th",
        "caption",
        "a",
        "br",
        "hr",
        "time",
        "span",
        "address",
        "center",
        "font",
        "details",
        "summary",
        "dialog",
        "menu",
        "b",
        "i",
        "em",
        "strong",
        "u",
        "small",
        "sup",
        "sub",
        "abbr",
        "cite",
        "code",
        "q",
        "s",
        "mark",
        "wbr",
        "source",
        "area",
        "base",
        "col",
        "param",
        "track",
        "xmp",
        "noembed",
        "noframes",
        "plaintext",
        "fieldset",
        "hgroup",
        "listing",
        "keygen",
        "basefont",
        "bgsound",
        "frame",
        "rt",
        "rp",
    ];
    if !s.bytes().any(|c| c.is_ascii_uppercase()) {
        return s;
    }
    for k in KNOWN {
        if k.eq_ignore_ascii_case(s) {
            return k;
        }
    }
    s
}

/// Windows-1252 meanings of numeric references 0x80–0x9F.
const CP1252: [u32; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
];

/// Latin-1 entity names for U+00A0..U+00FF, in order.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

const OTHER_ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("hellip", '…'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("euro", '€'),
    ("trade", '™'),
    ("bull", '•'),
    ("prime", '′'),
    ("Prime", '″'),
    ("dagger", '†'),
    ("Dagger", '‡'),
    ("permil", '‰'),
    ("thinsp", '\u{2009}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("zwnj", '\u{200c}'),
    ("zwj", '\u{200d}'),
    ("lrm", '\u{200e}'),
    ("rlm", '\u{200f}'),
    ("OElig", 'Œ'),
    ("oelig", 'œ'),
    ("Scaron", 'Š'),
    ("scaron", 'š'),
    ("Yuml", 'Ÿ'),
    ("fnof", 'ƒ'),
    ("circ", 'ˆ'),
    ("tilde", '˜'),
    ("larr", '←'),
    ("rarr", '→'),
    ("uarr", '↑'),
    ("darr", '↓'),
    ("harr", '↔'),
    ("minus", '−'),
    ("le", '≤'),
    ("ge", '≥'),
    ("ne", '≠'),
    ("asymp", '≈'),
    ("infin", '∞'),
    ("hearts", '♥'),
    ("check", '✓'),
    ("star", '☆'),
    ("nbsp", '\u{a0}'),
    ("NewLine", '\n'),
    ("Tab", '\t'),
    ("alpha", 'α'),
    ("beta", 'β'),
    ("gamma", 'γ'),
    ("delta", 'δ'),
    ("mu", 'μ'),
    ("pi", 'π'),
    ("sigma", 'σ'),
    ("omega", 'ω'),
    ("Delta", 'Δ'),
    ("Omega", 'Ω'),
];

fn named_entity(name: &str) -> Option<char> {
    if let Some(p) = LATIN1.iter().position(|n| *n == name) {
        return char::from_u32(0xA0 + p as u32);
    }
    OTHER_ENTITIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| *c)
}

/// Decodes character references; borrows when there are none.
pub(crate) fn decode_entities(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let Some(first) = memchr(b'&', b) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut i = first;
    let n = b.len();
    while i < n {
        if b[i] != b'&' {
            let next = memchr(b'&', &b[i..]).map(|p| i + p).unwrap_or(n);
            out.push_str(&s[i..next]);
            i = next;
            continue;
        }
        // b[i] == '&'
        let mut j = i + 1;
        if j < n && b[j] == b'#' {
            j += 1;
            let hex = j < n && (b[j] == b'x' || b[j] == b'X');
            if hex {
                j += 1;
            }
            let ds = j;
            while j < n
                && (if hex {
                    b[j].is_ascii_hexdigit()
                } else {
                    b[j].is_ascii_digit()
                })
                && j - ds < 8
            {
                j += 1;
            }
            if j > ds {
                let v = u32::from_str_radix(&s[ds..j], if hex { 16 } else { 10 }).unwrap_or(0xFFFD);
                let v = if (0x80..0xA0).contains(&v) {
                    CP1252[(v - 0x80) as usize]
                } else {
                    v
                };
                let c = if v == 0 {
                    '\u{FFFD}'
                } else {
                    char::from_u32(v).unwrap_or('\u{FFFD}')
                };
                out.push(c);
                if j < n && b[j] == b';' {
                    j += 1;
                }
                i = j;
                continue;
            }
            out.push('&');
            i += 1;
            continue;
        }
        while j < n && b[j].is_ascii_alphanumeric() && j - i <= 32 {
            j += 1;
        }
        let name = &s[i + 1..j];
        let semi = j < n && b[j] == b';';
        if let Some(c) = named_entity(name) {
            if semi
                || matches!(
                    name,
                    "amp"
                        | "lt"
                        | "gt"
                        | "quot"
                        | "nbsp"
                        | "copy"
                        | "reg"
                        | "auml"
                        | "ouml"
                        | "uuml"
                        | "Auml"
                        | "Ouml"
                        | "Uuml"
                        | "szlig"
                )
            {
                out.push(c);
                i = if semi { j + 1 } else { j };
                continue;
            }
        }
        out.push('&');
        i += 1;
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn memchr_finds_the_first_byte() {
        let hay: Vec<u8> = (0..200u32).map(|k| (k * 7 % 13) as u8 + b'a').collect();
        for c in [b'a', b'f', b'm', b'z', 0x80, 0] {
            for from in 0..40 {
                for len in [0, 1, 7, 8, 9, 15, 16, 17, 100, 160] {
                    let h = &hay[from..(from + len).min(hay.len())];
                    assert_eq!(memchr(c, h), h.iter().position(|&x| x == c));
                }
            }
        }
    }

    use super::*;

    #[test]
    fn cdata_is_text_only_in_svg_and_math() {
        // In HTML `<![CDATA[` is a bogus comment to the first `>`: the markup after it is
        // markup, not text.
        let dom = crate::dom::Dom::build(
            "<html><body><![CDATA[\n<div id=x></div><div class=post><p>Hello there</p></div>\
             </body></html>",
        );
        let body = (0..dom.len())
            .find(|&i| dom.nodes[i].tag == Tag::Body)
            .unwrap();
        assert_eq!(dom.text_of(body).trim(), "Hello there");
        assert!((0..dom.len()).any(|i| dom.nodes[i].tag == Tag::P));
        // Inside SVG it is the section's text.
        let dom = crate::dom::Dom::build(
            "<html><body><svg><text><![CDATA[a < b]]></text></svg></body></html>",
        );
        let svg = (0..dom.len())
            .find(|&i| dom.nodes[i].tag == Tag::Svg)
            .unwrap();
        assert_eq!(dom.text_of(svg), "a < b");
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &auml;&#252;&#x00DF; &#150; &nbsp;x &unknown; &"),
            "a & b äüß – \u{a0}x &unknown; &"
        );
    }

    #[test]
    fn tree_shapes() {
        let d = parse("<html><body><p>a<p>b<ul><li>x<li>y</ul><div>c</span>d</div><script>if (a<b) {}</script></body>");
        let tags: Vec<Tag> = d.nodes.iter().map(|n| n.tag).collect();
        assert!(tags.contains(&Tag::Script));
        // the two <p> are siblings
        let ps: Vec<usize> = (0..d.len()).filter(|&i| d.nodes[i].tag == Tag::P).collect();
        assert_eq!(d.nodes[ps[0]].parent, d.nodes[ps[1]].parent);
        let lis: Vec<usize> = (0..d.len())
            .filter(|&i| d.nodes[i].tag == Tag::Li)
            .collect();
        assert_eq!(d.nodes[lis[0]].parent, d.nodes[lis[1]].parent);
        let div = (0..d.len()).find(|&i| d.nodes[i].tag == Tag::Div).unwrap();
        assert_eq!(d.text_of(div), "cd");
    }

    #[test]
    fn deep_nesting_is_linear() {
        let mut s = String::new();
        for _ in 0..100_000 {
            s.push_str("<div>");
        }
        s.push_str("text");
        for _ in 0..100_000 {
            s.push_str("</span>");
        }
        let d = parse(&s);
        assert!(d.len() > 100_000);
    }
}
