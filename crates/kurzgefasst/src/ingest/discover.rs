//! `discover`: from a URL a user gives to the feed to follow. A feed is taken as it is; an HTML
//! page is searched for `<link rel="alternate">` feeds, the first that parses wins.

use super::feed;
use super::fetch::{FetchError, Fetcher};

/// Why no feed could be found at a URL.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// The URL could not be fetched.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The page is neither a feed nor links to one.
    #[error("no feed found at {0} (neither a feed nor a page that links to one)")]
    NoFeed(String),
}

/// The feeds an HTML page advertises with `<link rel="alternate" type="…">`, absolute, in order.
pub fn alternate_feeds(html: &[u8], page_url: &str) -> Vec<String> {
    let text = String::from_utf8_lossy(html);
    let doc = scraper::Html::parse_document(&text);
    let sel = scraper::Selector::parse("link[rel~=alternate][href], link[rel~=ALTERNATE][href]")
        .expect("static selector");
    let base = url::Url::parse(page_url).ok();
    let mut out = Vec::new();
    for el in doc.select(&sel) {
        let ty = el.value().attr("type").unwrap_or("").to_ascii_lowercase();
        if !(ty.contains("rss")
            || ty.contains("atom")
            || ty.contains("feed+json")
            || ty.contains("rdf"))
        {
            continue;
        }
        let href = el.value().attr("href").unwrap_or("");
        let abs = match &base {
            Some(b) => b.join(href).map(|u| u.to_string()).unwrap_or_default(),
            None => href.to_string(),
        };
        if !abs.is_empty() && !out.contains(&abs) {
            out.push(abs);
        }
    }
    out
}

/// Finds the feed to follow for `url`: returns the feed's URL (after redirects) and its title.
pub async fn discover(
    fetcher: &Fetcher,
    url: &str,
) -> Result<(String, Option<String>), DiscoverError> {
    let page = fetcher.get(url, None, None).await?;
    if let Ok(f) = feed::parse(&page.body, &page.url, page.content_type.as_deref()) {
        return Ok((page.url, f.title));
    }
    for candidate in alternate_feeds(&page.body, &page.url).into_iter().take(5) {
        if let Ok(c) = fetcher.get(&candidate, None, None).await {
            if let Ok(f) = feed::parse(&c.body, &c.url, c.content_type.as_deref()) {
                return Ok((c.url, f.title));
            }
        }
    }
    Err(DiscoverError::NoFeed(url.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_alternate_links() {
        let html = br#"<html><head><link rel="stylesheet" href="/a.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.rss">
<link rel="alternate" type="application/atom+xml" href="https://cdn.example.org/atom.xml">
<link rel="alternate" hreflang="en" href="/en/"></head></html>"#;
        assert_eq!(
            alternate_feeds(html, "https://example.org/news/"),
            vec![
                "https://example.org/feed.rss".to_string(),
                "https://cdn.example.org/atom.xml".to_string()
            ]
        );
    }
}
