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

/// Whose subscription an added source becomes, and how they file it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Follow<'a> {
    /// The reader who follows it; `None` only while there is no reader at all (the first
    /// admin adopts such sources).
    pub user: Option<i64>,
    /// The reader's category (made when they have none of that name).
    pub category: Option<&'a str>,
    /// The reader's own title for it.
    pub title: Option<&'a str>,
}

/// Subscribes to `url`, the way both `sources add` and the web page do it: the URL must be
/// http(s); unless `no_check`, it is fetched through `fetcher` (so the private-address guard
/// applies to it and every redirect) and a site page is replaced by the feed it advertises.
/// A feed another reader follows already is not added again: the reader subscribes to the
/// shared source. [`AddSourceError::Duplicate`] when the reader follows it already.
pub async fn subscribe(
    store: &Store,
    fetcher: &Fetcher,
    url: &str,
    no_check: bool,
    follow: Follow<'_>,
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
    follow_url(store, &feed_url, follow)
}

/// Adds the source at `feed_url` (or takes the existing one) and subscribes the reader to it.
fn follow_url(store: &Store, feed_url: &str, follow: Follow<'_>) -> Result<Source, AddSourceError> {
    let source = match store.add_source(feed_url) {
        Ok(s) => s,
        Err(StoreError::DuplicateSource(id)) if follow.user.is_some() => store
            .source(id)
            .map_err(AddSourceError::Store)?
            .ok_or(AddSourceError::Duplicate(id))?,
        Err(StoreError::DuplicateSource(id)) => return Err(AddSourceError::Duplicate(id)),
        Err(e) => return Err(AddSourceError::Store(e)),
    };
    let Some(user) = follow.user else {
        return Ok(source);
    };
    let category = match follow.category.filter(|c| !c.trim().is_empty()) {
        Some(name) => Some(
            store
                .ensure_category(user, name)
                .map_err(AddSourceError::Store)?
                .id,
        ),
        None => None,
    };
    let title = follow.title.map(str::trim).filter(|t| !t.is_empty());
    if store
        .subscribe(user, source.id, category, title)
        .map_err(AddSourceError::Store)?
    {
        Ok(source)
    } else {
        Err(AddSourceError::Duplicate(source.id))
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

/// Subscribes `user` (see [`Follow::user`]) to every feed of an OPML document, each in its
/// folder's category (without fetching them: the first poll checks them); `progress` is
/// called after each outline.
pub fn import_opml(
    store: &Store,
    text: &str,
    user: Option<i64>,
    mut progress: impl FnMut(),
) -> Result<ImportReport, StoreError> {
    let mut r = ImportReport::default();
    for o in crate::ingest::opml::parse(text) {
        let ok = url::Url::parse(&o.feed_url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"));
        match ok {
            None => r.invalid += 1,
            Some(u) => {
                let follow = Follow {
                    user,
                    category: o.category.as_deref(),
                    title: None,
                };
                match follow_url(store, u.as_str(), follow) {
                    Ok(_) => r.added += 1,
                    Err(AddSourceError::Duplicate(_)) => r.skipped += 1,
                    Err(AddSourceError::Store(e)) => return Err(e),
                    Err(_) => r.invalid += 1,
                }
            }
        }
        progress();
    }
    Ok(r)
}
