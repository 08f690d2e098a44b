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
}

/// Reads every `<outline xmlUrl="…">` (nested folders included). Lenient: a broken file yields
/// what can be read.
pub fn parse(text: &str) -> Vec<Outline> {
    // html5ever lowercases attribute names, so xmlUrl is read as xmlurl.
    let doc = scraper::Html::parse_document(text);
    let sel = scraper::Selector::parse("outline[xmlurl]").expect("static selector");
    let mut out: Vec<Outline> = Vec::new();
    for el in doc.select(&sel) {
        let v = el.value();
        let feed_url = v.attr("xmlurl").unwrap_or("").trim().to_string();
        if feed_url.is_empty() || out.iter().any(|o| o.feed_url == feed_url) {
            continue;
        }
        let title = v
            .attr("title")
            .or(v.attr("text"))
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        out.push(Outline { feed_url, title });
    }
    out
}

/// Writes the sources as an OPML 2.0 document.
pub fn export(sources: &[Source]) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n<head><title>Kurzgefasst – Quellen</title></head>\n<body>\n");
    for src in sources {
        let title = src.title.as_deref().unwrap_or(&src.url);
        s.push_str(&format!(
            "  <outline type=\"rss\" text=\"{t}\" title=\"{t}\" xmlUrl=\"{u}\"",
            t = xml_esc(title),
            u = xml_esc(&src.url)
        ));
        if let Some(site) = &src.site_url {
            s.push_str(&format!(" htmlUrl=\"{}\"", xml_esc(site)));
        }
        s.push_str("/>\n");
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
</body></opml>"#;
        let got = parse(opml);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[1].feed_url,
            "https://rss.golem.de/rss.php?feed=RSS2.0&a=1"
        );
        assert_eq!(got[1].title.as_deref(), Some("Golem & Co"));
        let src = Source {
            id: 1,
            url: got[1].feed_url.clone(),
            title: got[1].title.clone(),
            site_url: None,
            etag: None,
            last_modified: None,
            last_polled_at: None,
            last_success_at: None,
            last_error_kind: None,
            last_error: None,
            last_error_at: None,
            consecutive_failures: 0,
            next_poll_at: 0,
            article_count: 0,
            poll_interval_secs: 900,
        };
        assert_eq!(parse(&export(&[src])), vec![got[1].clone()]);
    }
}
