//! `feed`: RSS, Atom and JSON Feed documents to a list of [`FeedEntry`] (through feed-rs).

use chrono::{DateTime, Utc};

/// A parsed feed: its title, its site, and its entries in document order.
#[derive(Debug, Clone)]
pub struct ParsedFeed {
    /// The feed's title.
    pub title: Option<String>,
    /// The site the feed belongs to.
    pub site_url: Option<String>,
    /// The entries.
    pub entries: Vec<FeedEntry>,
    /// The feed's `<ttl>` in minutes (RSS).
    pub ttl_minutes: Option<u32>,
}

/// One feed entry: what identifies it and what the feed says about the article.
#[derive(Debug, Clone)]
pub struct FeedEntry {
    /// Identity within its source: the GUID/id, else the link.
    pub key: String,
    /// The article's URL (absolute).
    pub link: Option<String>,
    /// The entry's title, as plain text.
    pub title: Option<String>,
    /// The entry's publication (else update) time.
    pub published: Option<DateTime<Utc>>,
    /// The entry's summary or content, as plain text.
    pub summary: Option<String>,
    /// The entry's categories (`<category>`, Atom `term`/`label`), at most a few.
    pub categories: Vec<String>,
}

/// Why a feed could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not a readable feed: {0}")]
pub struct FeedError(pub String);

/// Parses `body`, fetched from `url` with `content_type`; relative links are resolved against
/// `url`, and the bytes are decoded after the header, BOM or XML declaration first.
pub fn parse(body: &[u8], url: &str, content_type: Option<&str>) -> Result<ParsedFeed, FeedError> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(FeedError("empty response".into()));
    }
    let utf8 = normalize_quirks(super::charset::feed_to_utf8(body, content_type));
    let parser = feed_rs::parser::Builder::new().base_uri(Some(url)).build();
    let feed = parser
        .parse(utf8.as_slice())
        .map_err(|e| FeedError(e.to_string()))?;
    let base = url::Url::parse(url).ok();
    let absolute = |href: &str| -> String {
        match &base {
            Some(b) => b
                .join(href.trim())
                .map(|u| u.to_string())
                .unwrap_or_else(|_| href.trim().to_string()),
            None => href.trim().to_string(),
        }
    };
    let site_url = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| absolute(&l.href));
    let entries = feed
        .entries
        .into_iter()
        .map(|e| {
            let link = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or_else(|| e.links.first())
                .map(|l| absolute(&l.href));
            let key = if e.id.trim().is_empty() {
                link.clone().unwrap_or_default()
            } else {
                e.id.trim().to_string()
            };
            // RSS 2.0: a <guid> is a permalink unless it says otherwise, so an entry without
            // <link> whose GUID is an http(s) URL links there.
            let link = link.or_else(|| {
                (key.starts_with("http://") || key.starts_with("https://")).then(|| absolute(&key))
            });
            let summary = e
                .summary
                .as_ref()
                .map(|t| html_to_text(&t.content))
                .or_else(|| {
                    e.content
                        .as_ref()
                        .and_then(|c| c.body.as_deref())
                        .map(html_to_text)
                })
                .filter(|s| !s.is_empty());
            let categories = e
                .categories
                .iter()
                .filter_map(|c| {
                    let t = c.label.as_deref().unwrap_or(&c.term).trim();
                    (!t.is_empty() && t.chars().count() <= 80).then(|| html_to_text(t))
                })
                .take(5)
                .collect();
            FeedEntry {
                key,
                categories,
                link,
                title: e
                    .title
                    .map(|t| html_to_text(&t.content))
                    .filter(|s| !s.is_empty()),
                published: e.published.or(e.updated),
                summary,
            }
        })
        // An item with neither link, title nor text carries nothing to follow.
        .filter(|e: &FeedEntry| e.link.is_some() || e.title.is_some() || e.summary.is_some())
        .collect();
    Ok(ParsedFeed {
        ttl_minutes: feed.ttl,
        title: feed
            .title
            .map(|t| html_to_text(&t.content))
            .filter(|s| !s.is_empty()),
        site_url,
        entries,
    })
}

/// Rewrites dialects feed-rs does not know into ones it does: RSS 0.90 (Netscape's RDF
/// namespace) into RSS 1.0, and an `<rss>` root without `version` into RSS 2.0.
fn normalize_quirks(mut xml: Vec<u8>) -> Vec<u8> {
    const NETSCAPE: &[u8] = b"http://my.netscape.com/rdf/simple/0.9/";
    const RSS1: &[u8] = b"http://purl.org/rss/1.0/";
    let head_len = xml.len().min(4096);
    if let Some(pos) = xml[..head_len]
        .windows(NETSCAPE.len())
        .position(|w| w == NETSCAPE)
    {
        xml.splice(pos..pos + NETSCAPE.len(), RSS1.iter().copied());
    }
    let head_len = xml.len().min(4096);
    if let Some(pos) = xml[..head_len].windows(4).position(|w| w == b"<rss") {
        let end = xml[pos..head_len]
            .iter()
            .position(|&b| b == b'>')
            .map(|e| pos + e);
        if let Some(end) = end {
            let tag = &xml[pos..end];
            if matches!(tag.get(4), Some(b' ' | b'\t' | b'\r' | b'\n') | None)
                && !tag.windows(8).any(|w| w == b"version=")
            {
                xml.splice(pos + 4..pos + 4, b" version=\"2.0\"".iter().copied());
            }
        }
    }
    xml
}

/// Plain text of an HTML fragment (tags dropped, entities decoded, whitespace collapsed).
pub fn html_to_text(fragment: &str) -> String {
    if !fragment.contains('<') && !fragment.contains('&') {
        return collapse(fragment);
    }
    let doc = scraper::Html::parse_fragment(fragment);
    let text: String = doc.root_element().text().collect::<Vec<_>>().join(" ");
    collapse(&text)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_with_entities_cdata_and_relative_links() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test &amp; Co</title><link>https://example.org/</link>
<item><title><![CDATA[Gr&uuml;ne <b>fordern</b> mehr]]></title><link>/a/1.html</link>
<guid isPermaLink="false">id-1</guid><pubDate>Thu, 25 Dec 2025 14:17:00 +0100</pubDate>
<description>&lt;p&gt;Kurzer &amp;amp; klarer Text&lt;/p&gt;</description></item>
<item><title>Ohne Datum</title><link>https://example.org/a/2.html</link></item>
</channel></rss>"#;
        let f = parse(xml.as_bytes(), "https://example.org/feed.xml", None).unwrap();
        assert_eq!(f.title.as_deref(), Some("Test & Co"));
        assert_eq!(f.entries.len(), 2);
        let e = &f.entries[0];
        assert_eq!(e.key, "id-1");
        assert_eq!(e.link.as_deref(), Some("https://example.org/a/1.html"));
        assert_eq!(e.title.as_deref(), Some("Grüne fordern mehr"));
        assert_eq!(
            e.published.unwrap().to_rfc3339(),
            "2025-12-25T13:17:00+00:00"
        );
        assert_eq!(e.summary.as_deref(), Some("Kurzer & klarer Text"));
        assert!(f.entries[1].published.is_none());
        assert_eq!(
            f.entries[1].link.as_deref(),
            Some("https://example.org/a/2.html")
        );
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse(
            b"<html><body>Nope</body></html>",
            "https://example.org/",
            None
        )
        .is_err());
        assert!(parse(b"", "https://example.org/", None).is_err());
        assert!(parse(
            b"<rss><channel><item><title>kaputt</item>",
            "https://example.org/",
            None
        )
        .is_err());
    }
}
