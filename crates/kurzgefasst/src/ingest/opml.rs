//! `opml`: import and export of subscription lists (OPML 1.0/2.0), the format every feed reader
//! speaks.

use crate::store::Source;

/// One subscription read from an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// The feed URL (`xmlUrl`).
    pub feed_url: String,
    /// The title (`title` or `text`).
    pub title: Option<String>,
    /// Its folder: the nearest enclosing outline without a feed (as Miniflux and FreshRSS
    /// export categories), else the `category` attribute (OPML 2.0: comma-separated,
    /// slash-delimited; the first one's last part).
    pub category: Option<String>,
}

/// Reads every `<outline xmlUrl="…">` with its folder (nested folders: the innermost).
/// Lenient: a broken file yields what can be read; a feed listed twice counts once (the
/// first).
pub fn parse(text: &str) -> Vec<Outline> {
    let mut out: Vec<Outline> = Vec::new();
    // The open outlines: the folder name of each (None for a feed's own outline).
    let mut open: Vec<Option<String>> = Vec::new();
    for tag in tags(text) {
        match tag {
            Tag::Close => {
                open.pop();
            }
            Tag::Open { attrs, empty } => {
                let get = |k: &str| {
                    attrs
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case(k))
                        .map(|(_, v)| v.trim())
                        .filter(|v| !v.is_empty())
                };
                let title = get("title").or(get("text")).map(str::to_string);
                match get("xmlurl") {
                    Some(url) => {
                        let folder = open.iter().rev().find_map(|f| f.clone());
                        let category = folder.or_else(|| {
                            get("category").and_then(|c| {
                                let first = c.split(',').next()?.trim().trim_matches('/');
                                let last = first.rsplit('/').next()?.trim();
                                (!last.is_empty()).then(|| last.to_string())
                            })
                        });
                        if !out.iter().any(|o| o.feed_url == url) {
                            out.push(Outline {
                                feed_url: url.to_string(),
                                title,
                                category,
                            });
                        }
                        if !empty {
                            open.push(None);
                        }
                    }
                    None if !empty => open.push(title),
                    None => {}
                }
            }
        }
    }
    out
}

/// An `<outline>` start tag (with its attributes, entities decoded; `empty` for `<…/>`) or an
/// end tag.
enum Tag {
    Open {
        attrs: Vec<(String, String)>,
        empty: bool,
    },
    Close,
}

/// The outline tags of an OPML text in order, skipping comments, CDATA and declarations.
fn tags(text: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.find("-->").map_or("", |j| &r[j + 3..]);
            continue;
        }
        if let Some(r) = rest.strip_prefix("<![CDATA[") {
            rest = r.find("]]>").map_or("", |j| &r[j + 3..]);
            continue;
        }
        let Some(end) = tag_end(rest) else { break };
        let inner = &rest[1..end];
        rest = &rest[end + 1..];
        // The name ends at a space or at the `/` of `<name/>` (a closing tag's `/` leads).
        let name_end = inner
            .char_indices()
            .skip(1)
            .find(|(_, c)| c.is_whitespace() || *c == '/')
            .map_or(inner.len(), |(i, _)| i);
        let name = &inner[..name_end];
        if name.eq_ignore_ascii_case("outline") {
            let empty = inner.trim_end().ends_with('/');
            out.push(Tag::Open {
                attrs: attributes(inner[name_end..].trim_end_matches('/')),
                empty,
            });
        } else if name.eq_ignore_ascii_case("/outline") {
            out.push(Tag::Close);
        }
    }
    out
}

/// Where the tag starting at `s[0] == '<'` ends (its `>`, outside quoted values).
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The `name="value"` pairs of a tag, values with their entities decoded.
fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        rest = rest.trim_start();
        let Some(eq) = rest.find('=') else { break };
        let name = rest[..eq].trim().to_string();
        let after = rest[eq + 1..].trim_start();
        let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let Some(close) = after[1..].find(q) else {
            break;
        };
        out.push((name, decode_entities(&after[1..1 + close])));
        rest = &after[close + 2..];
    }
    out
}

/// XML's entities and character references decoded (an unknown one is kept as written).
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest.find(';').filter(|j| *j <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..semi];
        let decoded = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => ent
                .strip_prefix("#x")
                .or_else(|| ent.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// One feed to write into an OPML document.
#[derive(Debug, Clone)]
pub struct OpmlFeed<'a> {
    /// The feed URL.
    pub url: &'a str,
    /// The title to show (the reader's own, else the feed's, else the URL).
    pub title: &'a str,
    /// The site the feed links to.
    pub site_url: Option<&'a str>,
    /// Its category (folder), if any.
    pub category: Option<&'a str>,
}

impl<'a> OpmlFeed<'a> {
    /// A source without a category (as anonymous readers and the instance see it).
    pub fn from_source(src: &'a Source) -> OpmlFeed<'a> {
        OpmlFeed {
            url: &src.url,
            title: src.title.as_deref().unwrap_or(&src.url),
            site_url: src.site_url.as_deref(),
            category: None,
        }
    }

    /// A reader's subscription, in its category.
    pub fn from_subscription(sub: &'a crate::store::Subscription) -> OpmlFeed<'a> {
        OpmlFeed {
            url: &sub.source.url,
            title: sub.name(),
            site_url: sub.source.site_url.as_deref(),
            category: sub.category_name(),
        }
    }
}

/// Writes the feeds as an OPML 2.0 document: feeds without a category at the top, each
/// category as a folder (an outline holding its feeds, as Miniflux and FreshRSS write them).
pub fn export(feeds: &[OpmlFeed<'_>]) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n<head><title>Kurzgefasst – Quellen</title></head>\n<body>\n");
    let feed_line = |s: &mut String, f: &OpmlFeed<'_>, indent: &str| {
        s.push_str(&format!(
            "{indent}<outline type=\"rss\" text=\"{t}\" title=\"{t}\" xmlUrl=\"{u}\"",
            t = xml_esc(f.title),
            u = xml_esc(f.url)
        ));
        if let Some(site) = f.site_url {
            s.push_str(&format!(" htmlUrl=\"{}\"", xml_esc(site)));
        }
        s.push_str("/>\n");
    };
    for f in feeds.iter().filter(|f| f.category.is_none()) {
        feed_line(&mut s, f, "  ");
    }
    let mut folders: Vec<&str> = feeds.iter().filter_map(|f| f.category).collect();
    folders.sort_unstable();
    folders.dedup();
    for folder in folders {
        s.push_str(&format!(
            "  <outline text=\"{n}\" title=\"{n}\">\n",
            n = xml_esc(folder)
        ));
        for f in feeds.iter().filter(|f| f.category == Some(folder)) {
            feed_line(&mut s, f, "    ");
        }
        s.push_str("  </outline>\n");
    }
    s.push_str("</body>\n</opml>\n");
    s
}

fn xml_esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_outlines_and_round_trips() {
        let opml = r#"<?xml version="1.0"?><opml version="1.0"><body>
<outline text="Nachrichten"><outline text="tagesschau" xmlUrl="https://www.tagesschau.de/index~rss2.xml"/>
<outline title="Golem &amp; Co" text="x" xmlUrl="https://rss.golem.de/rss.php?feed=RSS2.0&amp;a=1"/></outline>
<outline text="ohne Feed" htmlUrl="https://example.org/"/>
<outline text="doppelt" xmlUrl="https://www.tagesschau.de/index~rss2.xml"/>
<!-- <outline xmlUrl="https://auskommentiert.example/"/> -->
<outline text="Attribut" category="/Sport/Fußball,/Anderes" xmlUrl="https://sport.example/feed"/>
<outline text="lose" xmlUrl="https://lose.example/feed"></outline>
</body></opml>"#;
        let got = parse(opml);
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[0].category.as_deref(), Some("Nachrichten"));
        assert_eq!(
            got[1].feed_url,
            "https://rss.golem.de/rss.php?feed=RSS2.0&a=1"
        );
        assert_eq!(got[1].title.as_deref(), Some("Golem & Co"));
        assert_eq!(got[1].category.as_deref(), Some("Nachrichten"));
        assert_eq!(got[2].category.as_deref(), Some("Fußball"));
        assert_eq!(got[3].category, None);
        let feeds: Vec<OpmlFeed<'_>> = got
            .iter()
            .map(|o| OpmlFeed {
                url: &o.feed_url,
                title: o.title.as_deref().unwrap_or(&o.feed_url),
                site_url: None,
                category: o.category.as_deref(),
            })
            .collect();
        let back = parse(&export(&feeds));
        let mut want = got.clone();
        want.sort_by(|a, b| a.feed_url.cmp(&b.feed_url));
        let mut back_sorted = back.clone();
        back_sorted.sort_by(|a, b| a.feed_url.cmp(&b.feed_url));
        assert_eq!(back_sorted, want);
    }

    #[test]
    fn entities_and_broken_files() {
        assert_eq!(
            decode_entities("a &amp; b &#228; &#xFC; &bogus; &"),
            "a & b ä ü &bogus; &"
        );
        // Cut off in the middle: what was read stays.
        let got = parse(
            r#"<opml><body><outline text="A"><outline xmlUrl="https://a.example/f"/><outline xmlUrl="https://b.exa"#,
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].category.as_deref(), Some("A"));
    }
}
