//! Sources: the bundled default feeds subscribed on first start, and subscribing (by feed or
//! site URL, or from OPML) as the command line and the web pages share it.

/// (name, feed URL) of the sources `serve` subscribes to on first start with an empty database.
pub const DEFAULT_SOURCES: &[(&str, &str)] = &[
    ("tagesschau", "https://www.tagesschau.de/index~rss2.xml"),
    (
        "DER SPIEGEL",
        "https://www.spiegel.de/schlagzeilen/index.rss",
    ),
    ("ZEIT ONLINE", "https://newsfeed.zeit.de/index"),
    ("FAZ", "https://www.faz.net/rss/aktuell/"),
    (
        "Süddeutsche Zeitung",
        "https://rss.sueddeutsche.de/rss/Topthemen",
    ),
    (
        "Deutschlandfunk",
        "https://www.deutschlandfunk.de/nachrichten-100.rss",
    ),
    ("DW", "https://rss.dw.com/rdf/rss-de-all"),
    ("heise online", "https://www.heise.de/rss/heise-atom.xml"),
    ("Golem", "https://rss.golem.de/rss.php?feed=RSS2.0"),
    ("netzpolitik.org", "https://netzpolitik.org/feed/"),
    ("taz", "https://taz.de/!p4608;rss/"),
    (
        "tagesspiegel",
        "https://www.tagesspiegel.de/contentexport/feed/home",
    ),
];

/// The setting that records that defaults were offered once (so removing them all is final).
pub const DEFAULTS_SETTING: &str = "default_sources_added";

use crate::ingest::discover::{discover, DiscoverError};
use crate::ingest::fetch::Fetcher;
use crate::store::{Source, Store, StoreError};

/// Why a source could not be added.
#[derive(Debug, thiserror::Error)]
pub enum AddSourceError {
    /// Not an http(s) URL.
    #[error("not a valid http(s) URL / keine gültige http(s)-URL: {0:?}")]
    BadUrl(String),
    /// Nothing to subscribe to there (or it could not be fetched, or it is a private address).
    #[error(transparent)]
    Discover(#[from] DiscoverError),
    /// Already subscribed.
    #[error("source already exists / Quelle existiert bereits (id {0})")]
    Duplicate(i64),
    /// The store failed.
    #[error(transparent)]
    Store(StoreError),
}

/// Subscribes to `url`, the way both `sources add` and the web page do it: the URL must be
/// http(s); unless `no_check`, it is fetched through `fetcher` (so the private-address guard
/// applies to it and every redirect) and a site page is replaced by the feed it advertises.
pub async fn subscribe(
    store: &Store,
    fetcher: &Fetcher,
    url: &str,
    no_check: bool,
) -> Result<Source, AddSourceError> {
    let parsed = url::Url::parse(url.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| AddSourceError::BadUrl(url.to_string()))?;
    let feed_url = if no_check {
        parsed.to_string()
    } else {
        let (found, _title) = discover(fetcher, parsed.as_str()).await?;
        url::Url::parse(&found)
            .map(|u| u.to_string())
            .unwrap_or(found)
    };
    match store.add_source(&feed_url) {
        Ok(s) => Ok(s),
        Err(StoreError::DuplicateSource(id)) => Err(AddSourceError::Duplicate(id)),
        Err(e) => Err(AddSourceError::Store(e)),
    }
}

/// What an OPML import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// Newly subscribed.
    pub added: usize,
    /// Subscribed already.
    pub skipped: usize,
    /// Not an http(s) URL.
    pub invalid: usize,
}

/// Subscribes to every feed of an OPML document (without fetching them: the first poll checks
/// them); `progress` is called after each outline.
pub fn import_opml(
    store: &Store,
    text: &str,
    mut progress: impl FnMut(),
) -> Result<ImportReport, StoreError> {
    let mut r = ImportReport::default();
    for o in crate::ingest::opml::parse(text) {
        let ok = url::Url::parse(&o.feed_url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"));
        match ok {
            None => r.invalid += 1,
            Some(u) => match store.add_source(u.as_str()) {
                Ok(_) => r.added += 1,
                Err(StoreError::DuplicateSource(_)) => r.skipped += 1,
                Err(e) => return Err(e),
            },
        }
        progress();
    }
    Ok(r)
}
