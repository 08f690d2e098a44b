//! `store`: where sources, articles and TLDRs live. Two engines behind one interface, [`Store`]:
//! SQLite ([`SqliteStore`], one file, WAL mode, the default) and PostgreSQL ([`PgStore`], for
//! several processes sharing one database). Each engine is boring explicit SQL; what does not
//! depend on the engine (row mapping, the decisions of `save_article`) lives once in `shared.rs`.
//! [`Store`] dispatches every public method to the engine with one line per method
//! (`dispatch!` below): a method added to both engines is routed by adding its line there.
//!
//! Invariants: every article is written in one transaction together with the feed entry that
//! led to it and its TLDR, so a crash never leaves half an article; times are stored as Unix
//! seconds (UTC) and converted for display only.

mod accounts;
pub mod backup;
mod clusters;
mod delivery;
mod llm_jobs;
pub mod migrate;
mod postgres;
mod readers;
mod reading;
mod search;
mod shared;
mod sqlite;
pub use delivery::{BriefingDelivery, BriefingSettings, DeliveryOutcome};
pub use llm_jobs::{LlmAttempt, LlmJob, LlmJobResult, LlmQueueCounts, LlmStatus};
pub use postgres::PgStore;
pub use readers::{clean_name, slugify, Category, Reader, Subscription, SubscriptionChange};
pub use reading::{
    Filters, Listed, ReadChange, ReaderCounts, ReaderPrefs, ReaderStamp, ReadingList, Rule,
    RuleAction, RuleField, Scope, Unread, UnreadCounter, VISIT_GAP_SECS,
};
pub use sqlite::SqliteStore;

pub use search::{
    Highlighted, ParsedQuery, Piece, SearchHit, SearchQuery, SearchResults, SearchSort,
};
pub use sqlite::SeedRow;

use serde::Serialize;

/// Where the database lives, parsed from `--db` / `KURZGEFASST_DB`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbUrl {
    /// An SQLite file at this path (`sqlite://PATH`, `sqlite:PATH` or a bare path).
    Sqlite(std::path::PathBuf),
    /// A PostgreSQL database (`postgres://user@host:port/dbname` or `postgresql://…`), as given.
    Postgres(String),
}

impl DbUrl {
    /// Parses a database URL; a bare path means an SQLite file.
    pub fn parse(s: &str) -> Result<DbUrl, StoreError> {
        if let Some(rest) = s
            .strip_prefix("sqlite://")
            .or_else(|| s.strip_prefix("sqlite:"))
        {
            if rest.is_empty() {
                return Err(StoreError::BadUrl(s.to_string()));
            }
            return Ok(DbUrl::Sqlite(rest.into()));
        }
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(DbUrl::Postgres(s.to_string()));
        }
        if s.contains("://") {
            return Err(StoreError::BadUrl(s.to_string()));
        }
        Ok(DbUrl::Sqlite(s.into()))
    }
}

/// What went wrong in the store, and where.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL could not be understood.
    #[error("invalid database URL {0:?} (expected sqlite://PATH or postgres://USER@HOST:PORT/DB)")]
    BadUrl(String),
    /// The URL names an engine this build does not support.
    #[error("{0}")]
    Unsupported(String),
    /// The database file's folder could not be created.
    #[error("cannot create the database folder {path}: {source}")]
    CreateDir {
        /// The folder.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A source with this URL is already subscribed.
    #[error("source already exists (id {0})")]
    DuplicateSource(i64),
    /// The name is taken (a reader, a category).
    #[error("the name {0:?} is taken / der Name {0:?} ist schon vergeben")]
    Duplicate(String),
    /// There is no such thing (a reader, a category).
    #[error("not found / nicht gefunden: {0:?}")]
    NotFound(String),
    /// A name that is empty or too long.
    #[error("not a usable name (1 to 100 characters) / kein brauchbarer Name (1 bis 100 Zeichen): {0:?}")]
    BadName(String),
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL (or the connection to it) reported an error: the server's message or the
    /// I/O error.
    #[error("database error (PostgreSQL): {message}")]
    Postgres {
        /// The server's message or the I/O error.
        message: String,
        /// The SQLSTATE code of a server error (e.g. `40P01` for a deadlock).
        sqlstate: Option<String>,
    },
    /// A stored JSON column could not be read back.
    #[error("stored JSON is damaged: {0}")]
    Json(#[from] serde_json::Error),
}

/// A subscribed feed and its health.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// Row id.
    pub id: i64,
    /// The feed URL polled.
    pub url: String,
    /// The feed's title, once polled.
    pub title: Option<String>,
    /// The site the feed links to.
    pub site_url: Option<String>,
    /// ETag of the last 200 response, for conditional GET.
    pub etag: Option<String>,
    /// Last-Modified of the last 200 response, for conditional GET.
    pub last_modified: Option<String>,
    /// When it was last polled (Unix seconds).
    pub last_polled_at: Option<i64>,
    /// When a poll last succeeded.
    pub last_success_at: Option<i64>,
    /// Kind of the last error (`http`, `network`, `parse`, …).
    pub last_error_kind: Option<String>,
    /// Message of the last error, with the HTTP status where there is one.
    pub last_error: Option<String>,
    /// When the last error happened.
    pub last_error_at: Option<i64>,
    /// Failures since the last success.
    pub consecutive_failures: i64,
    /// When the source is due next.
    pub next_poll_at: i64,
    /// Number of articles stored from this source.
    pub article_count: i64,
    /// Seconds between polls while healthy (adapted to the source's rhythm).
    pub poll_interval_secs: i64,
}

/// Where an article's publication time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// The article page itself.
    Page,
    /// The feed entry.
    Feed,
    /// Neither had one: the time it was fetched.
    Fetched,
}

impl DateSource {
    /// The value stored in the `date_source` column.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Page => "page",
            DateSource::Feed => "feed",
            DateSource::Fetched => "fetched",
        }
    }

    fn parse(s: &str) -> DateSource {
        match s {
            "page" => DateSource::Page,
            "feed" => DateSource::Feed,
            _ => DateSource::Fetched,
        }
    }
}

/// An article ready to be stored: the output of fetch, extract and summarise.
#[derive(Debug, Clone)]
pub struct NewArticle {
    /// The URL it was fetched from (after redirects, tracking parameters removed).
    pub url: String,
    /// The canonical URL the page declares.
    pub canonical_url: Option<String>,
    /// The headline.
    pub title: String,
    /// The teaser.
    pub teaser: Option<String>,
    /// The body blocks (without the teaser).
    pub blocks: Vec<kg_extract::Block>,
    /// The site's host name ("www.spiegel.de").
    pub site: String,
    /// Author(s).
    pub author: Option<String>,
    /// ISO 639-1 language.
    pub language: Option<String>,
    /// Lead image URL.
    pub image: Option<String>,
    /// Paywall flag.
    pub paywalled: bool,
    /// Publication time (Unix seconds).
    pub published_at: i64,
    /// Where `published_at` came from.
    pub date_source: DateSource,
    /// Fetch time (Unix seconds).
    pub fetched_at: i64,
    /// Why extraction fell back to the feed's text, if it did.
    pub extract_error: Option<String>,
    /// The Ressort it is filed under ([`crate::ressort::decide`]), if one is known.
    pub ressort: Option<crate::ressort::Ressort>,
    /// The page's kind as the extractor decided it (an article when extraction failed).
    pub page_type: kg_extract::PageType,
    /// The TLDR to show.
    pub tldr: kg_summarize::Tldr,
}

impl NewArticle {
    /// Inhalt as one line, the seed record's form: the teaser and every block, separated by
    /// single spaces (the web page keeps the block structure).
    pub fn content_line(&self) -> String {
        self.content().split("\n\n").collect::<Vec<_>>().join(" ")
    }

    /// Inhalt: the teaser and every block, separated by blank lines.
    pub fn content(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if let Some(t) = self.teaser.as_deref().filter(|t| !t.is_empty()) {
            parts.push(t);
        }
        parts.extend(self.blocks.iter().map(|b| b.text.as_str()));
        parts.join("\n\n")
    }
}

/// The feed entry an article is stored under: identity within its source, link, and a hash of
/// what the feed said about it (to notice changes).
#[derive(Debug, Clone, Copy)]
pub struct EntryRef<'a> {
    /// GUID/id, else link.
    pub key: &'a str,
    /// The entry's link.
    pub link: Option<&'a str>,
    /// The entry's title.
    pub title: Option<&'a str>,
    /// Hash of title, link and text.
    pub hash: &'a str,
}

/// What storing an article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// A new article row was written.
    New(i64),
    /// The article existed and its content changed: it was updated in place.
    Updated(i64),
    /// The article existed unchanged (e.g. from another feed): only the entry was linked.
    Linked(i64),
}

impl SaveOutcome {
    /// The article's id, whatever happened.
    pub fn id(self) -> i64 {
        match self {
            SaveOutcome::New(id) | SaveOutcome::Updated(id) | SaveOutcome::Linked(id) => id,
        }
    }
}

/// An article as listed and shown.
#[derive(Debug, Clone, Serialize)]
pub struct StoredArticle {
    /// Row id.
    pub id: i64,
    /// The URL it was fetched from.
    pub url: String,
    /// The headline.
    pub title: String,
    /// The teaser.
    pub teaser: Option<String>,
    /// Body blocks without the teaser.
    pub blocks: Vec<BlockOut>,
    /// Inhalt as plain text.
    pub content: String,
    /// Host name.
    pub site: String,
    /// Author(s).
    pub author: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// Paywall flag.
    pub paywalled: bool,
    /// Publication time (Unix seconds).
    pub published_at: i64,
    /// Where the publication time came from.
    pub date_source: DateSource,
    /// Why extraction fell back to the feed's text, if it did.
    pub extract_error: Option<String>,
    /// The accepted TLDR shown for the article.
    pub tldr: Option<StoredTldr>,
    /// The Ressort it is filed under, if one is known.
    pub ressort: Option<crate::ressort::Ressort>,
    /// The page's kind (`article`, `liveblog`, `gallery`, …; rows saved before kinds were
    /// stored are articles).
    pub page_type: kg_extract::PageType,
}

/// A body block read back from the store.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct BlockOut {
    /// `paragraph`, `heading`, `list_item`, `quote`, `table` or `preformatted`.
    pub kind: String,
    /// Plain text.
    pub text: String,
}

/// A TLDR read back from the store.
#[derive(Debug, Clone, Serialize)]
pub struct StoredTldr {
    /// `extractive` or `llm`.
    pub method: String,
    /// The model, for LLM TLDRs.
    pub model: Option<String>,
    /// The TLDR as one text.
    pub text: String,
    /// The sentences with their support.
    pub sentences: Vec<TldrSentenceOut>,
    /// When it was made (Unix seconds).
    pub created_at: i64,
}

/// One TLDR sentence read back from the store, with the indices of its supporting sentences.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct TldrSentenceOut {
    /// The sentence.
    pub text: String,
    /// Indices of the article sentences that support it.
    pub support: Vec<usize>,
}

/// A stable hash (FNV-1a, 64 bit, hex) of some strings, for change detection that must give the
/// same value across versions and machines.
pub fn stable_hash(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        let sep: &[u8] = if i == 0 { &[] } else { &[0u8] };
        for b in sep.iter().copied().chain(part.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// Another article of the same story cluster, for "Auch berichtet von".
#[derive(Debug, Clone, Serialize)]
pub struct ClusterSibling {
    /// Its id.
    pub id: i64,
    /// Its site's host name.
    pub site: String,
    /// Its headline.
    pub title: String,
    /// The agencies its text names, if any.
    pub agency: Option<String>,
}

// ---- Accounts, sessions, API tokens and reader state (issue 6) ----

/// A user who can log in (the admin).
#[derive(Debug, Clone, Serialize)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Login name.
    pub name: String,
    /// The argon2 hash in PHC form (`$argon2id$…`).
    #[serde(skip)]
    pub password_hash: String,
    /// May manage readers and the instance's settings.
    pub is_admin: bool,
    /// The reader's language (`de`, `en`), when chosen.
    pub language: Option<String>,
}

/// A logged-in browser session, found by the hash of its cookie.
#[derive(Debug, Clone)]
pub struct Session {
    /// The user.
    pub user_id: i64,
    /// The user's name.
    pub user_name: String,
    /// The user may manage readers and the instance's settings.
    pub is_admin: bool,
    /// The user's language, when chosen.
    pub language: Option<String>,
    /// The session's CSRF token, required in every form it posts.
    pub csrf_token: String,
    /// When it ends (Unix seconds).
    pub expires_at: i64,
}

/// An API token as listed (the secret itself is never stored).
#[derive(Debug, Clone, Serialize)]
pub struct ApiToken {
    /// Row id.
    pub id: i64,
    /// What the user called it.
    pub name: String,
    /// When it was made.
    pub created_at: i64,
    /// When it was last used, if ever.
    pub last_used_at: Option<i64>,
}

/// Which articles a reader stream holds (Google Reader API `stream/contents`, `stream/items/ids`).
#[derive(Debug, Clone, Default)]
pub struct ReaderFilter {
    /// Only articles carried by this source.
    pub source: Option<i64>,
    /// Only articles of sources in this category of the reader (a label stream).
    pub category: Option<i64>,
    /// Only starred articles.
    pub starred_only: bool,
    /// Leave out read articles (`xt=user/-/state/com.google/read`).
    pub exclude_read: bool,
    /// Only read articles (`s=user/-/state/com.google/read`).
    pub read_only: bool,
    /// Published at or after (Unix seconds, `ot`).
    pub newer_than: Option<i64>,
    /// Published before (Unix seconds, `nt`).
    pub older_than: Option<i64>,
    /// Oldest first (`r=o`) instead of newest first.
    pub oldest_first: bool,
    /// Continue after this `(published_at, id)` (exclusive, in the stream's order).
    pub after: Option<(i64, i64)>,
    /// At most this many.
    pub limit: usize,
}

impl ReaderFilter {
    /// How both engines page the stream: the comparison with the continuation key, the SQL
    /// order, and the `(published_at, id)` to continue after (the stream's start by default).
    pub(super) fn order(&self) -> (&'static str, &'static str, (i64, i64)) {
        if self.oldest_first {
            (">", "ASC", self.after.unwrap_or((i64::MIN, i64::MIN)))
        } else {
            ("<", "DESC", self.after.unwrap_or((i64::MAX, i64::MAX)))
        }
    }
}

/// An article's place in the reader streams: its time, source (one the user follows) and the
/// user's state of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReaderItem {
    /// The article's id.
    pub id: i64,
    /// Publication time (Unix seconds).
    pub published_at: i64,
    /// The (first) source carrying it, if any is still subscribed.
    pub source_id: Option<i64>,
    /// Marked read.
    pub read: bool,
    /// Starred.
    pub starred: bool,
}

/// Unread articles of one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UnreadCount {
    /// The source.
    pub source_id: i64,
    /// Unread articles.
    pub count: i64,
    /// Publication time of the newest unread one.
    pub newest: i64,
}

/// Totals read from the database for `/metrics` (valid across processes sharing the database).
#[derive(Debug, Clone, Default, Serialize)]
pub struct StoreCounts {
    /// Stored articles.
    pub articles: i64,
    /// Subscribed sources.
    pub sources: i64,
    /// Sources whose last poll failed, by error kind.
    pub failing_sources: Vec<(String, i64)>,
    /// Accepted TLDRs by method (`extractive`, `llm`).
    pub tldrs_by_method: Vec<(String, i64)>,
    /// TLDRs the faithfulness gate rejected, by reason (the stored verdict).
    pub tldr_rejections: Vec<(String, i64)>,
}

/// The database, on either engine. Every method has the same meaning on both; see the engines
/// ([`SqliteStore`], [`PgStore`]) for how. Cheap to share through an `Arc`; callers in async code
/// run its methods on a blocking thread (both engines block).
// One `Store` per process, behind an `Arc`: the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
pub enum Store {
    /// One SQLite file (one process).
    Sqlite(SqliteStore),
    /// A PostgreSQL database (one or many processes).
    Postgres(PgStore),
}

impl Store {
    /// Opens the database at `url` (creating an SQLite file if needed) and runs pending migrations.
    pub fn open(url: &DbUrl) -> Result<Store, StoreError> {
        Ok(match url {
            DbUrl::Sqlite(path) => Store::Sqlite(SqliteStore::open_path(path)?),
            DbUrl::Postgres(url) => Store::Postgres(PgStore::connect(url)?),
        })
    }

    /// Opens the SQLite file at `path`.
    pub fn open_path(path: &std::path::Path) -> Result<Store, StoreError> {
        Ok(Store::Sqlite(SqliteStore::open_path(path)?))
    }

    /// The newest articles, newest first; `before` pages by `(published_at, id)`.
    pub fn list_articles(
        &self,
        limit: usize,
        before: Option<(i64, i64)>,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        self.newest(None, limit, before)
    }

    /// The newest articles filed under `ressort` (a [`crate::ressort::Ressort::slug`]), paged
    /// as [`Store::list_articles`] pages.
    pub fn list_ressort(
        &self,
        ressort: &str,
        limit: usize,
        before: Option<(i64, i64)>,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        self.newest(Some(ressort), limit, before)
    }

    /// True when several processes may share this database (PostgreSQL): workers then claim
    /// sources with leases.
    pub fn is_shared(&self) -> bool {
        matches!(self, Store::Postgres(_))
    }

    /// The engine's name (`sqlite` or `postgres`), for logs and reports.
    pub fn engine(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }
}

/// Runs a call of the PostgreSQL engine from wherever the caller is. The `postgres` client
/// blocks on a runtime of its own, which must not happen on an async worker thread: there the
/// call runs under `block_in_place` (multi-thread runtime) or on a scoped thread (current-thread
/// runtime). From plain threads and `spawn_blocking` (where the app's handlers and the pipeline
/// call the store) it runs directly.
pub(super) fn pg_call<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current() {
        Ok(h) if h.runtime_flavor() == RuntimeFlavor::CurrentThread => std::thread::scope(|s| {
            s.spawn(f)
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))
        }),
        Ok(_) => tokio::task::block_in_place(f),
        Err(_) => f(),
    }
}

/// Routes each listed method to the engine: `fn name(args) -> Ret;`, one line per method.
macro_rules! dispatch {
    ($( $(#[$doc:meta])* fn $name:ident(&self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty; )*) => {
        impl Store {
            $(
                $(#[$doc])*
                #[allow(clippy::too_many_arguments)]
                pub fn $name(&self $(, $arg: $ty)*) -> $ret {
                    match self {
                        Store::Sqlite(s) => s.$name($($arg),*),
                        Store::Postgres(s) => pg_call(|| s.$name($($arg),*)),
                    }
                }
            )*
        }
    };
}

dispatch! {
    /// Subscribes to the feed at `url`; due at once.
    fn add_source(&self, url: &str) -> Result<Source, StoreError>;
    /// One source by id.
    fn source(&self, id: i64) -> Result<Option<Source>, StoreError>;
    /// Every source, oldest subscription first.
    fn list_sources(&self) -> Result<Vec<Source>, StoreError>;
    /// Sources due for a poll at `now` (leased or not).
    fn due_sources(&self, now: i64) -> Result<Vec<Source>, StoreError>;
    /// Unsubscribes a source; its articles stay. False when there was no such source.
    fn remove_source(&self, id: i64) -> Result<bool, StoreError>;
    /// Records a successful poll: validators, feed title, and the next poll time; with
    /// `lease_owner`, gives up that worker's lease on the source in the same statement (a
    /// worker killed after recording its poll leaves no lease behind). False when the source's
    /// lease is held by another worker (it expired and was taken over).
    fn record_poll_success(&self, id: i64, etag: Option<&str>, last_modified: Option<&str>, title: Option<&str>, site_url: Option<&str>, now: i64, poll_interval: i64, lease_owner: Option<&str>) -> Result<bool, StoreError>;
    /// Records a failed poll; the error stays visible on the source until the next success.
    /// `lease_owner` and the answer as for [`Store::record_poll_success`].
    fn record_poll_failure(&self, id: i64, kind: &str, message: &str, now: i64, next_poll_at: i64, lease_owner: Option<&str>) -> Result<bool, StoreError>;
    /// What `source_id` remembers of the entry `entry_key`: its article and entry hash.
    fn entry_state(&self, source_id: i64, entry_key: &str) -> Result<Option<(i64, Option<String>)>, StoreError>;
    /// The article stored for `url` (as fetched, as canonical URL, or as an entry's link).
    fn article_by_url(&self, url: &str) -> Result<Option<i64>, StoreError>;
    /// Lists an already stored article under another source's entry, without fetching it again.
    fn link_entry(&self, source_id: i64, entry: &EntryRef<'_>, article_id: i64) -> Result<(), StoreError>;
    /// Moves a source to a new URL after a permanent redirect; false when another source has it.
    fn update_source_url(&self, id: i64, url: &str) -> Result<bool, StoreError>;
    /// Stores an article, its TLDR and the entry that led to it, in one transaction.
    fn save_article(&self, source_id: i64, entry: &EntryRef<'_>, a: &NewArticle) -> Result<SaveOutcome, StoreError>;
    /// The newest articles, of one Ressort (its slug) or of all, newest first; `before` pages
    /// by `(published_at, id)`.
    fn newest(&self, ressort: Option<&str>, limit: usize, before: Option<(i64, i64)>) -> Result<Vec<StoredArticle>, StoreError>;
    /// One article by id.
    fn article(&self, id: i64) -> Result<Option<StoredArticle>, StoreError>;
    /// The sources (id, title or URL) that carried the article.
    fn article_sources(&self, id: i64) -> Result<Vec<(i64, String)>, StoreError>;
    /// Number of stored articles.
    fn article_count(&self) -> Result<i64, StoreError>;
    /// A setting's value.
    fn setting(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Sets a setting.
    fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError>;
    /// A consistency check of the database; `Ok("ok")` when sound.
    fn integrity_check(&self) -> Result<String, StoreError>;
    /// Whether the database can be reached now (the health check): a query answered, and on
    /// SQLite the file still the one opened.
    fn ping(&self) -> Result<(), StoreError>;
    /// The other articles of an article's story cluster, from other sites, oldest first.
    fn cluster_siblings(&self, id: i64) -> Result<Vec<ClusterSibling>, StoreError>;
    /// The agencies an article's text names as its source, if any.
    fn article_agency(&self, id: i64) -> Result<Option<String>, StoreError>;
    /// Searches the articles (same query language and ranking on both engines).
    fn search(&self, q: &SearchQuery) -> Result<SearchResults, StoreError>;
    /// Sets the size of the recent window of search statistics (tests and tuning).
    fn set_search_recent_window(&self, window: i64) -> Result<(), StoreError>;
    /// Leases up to `limit` due sources to `owner` for `lease_secs` (SQLite: one process, no
    /// lease needed: the due sources themselves).
    fn claim_due_sources(&self, owner: &str, now: i64, lease_secs: i64, limit: usize) -> Result<Vec<Source>, StoreError>;
    /// Extends every lease `owner` holds to `until` (heartbeat); how many it holds.
    fn renew_leases(&self, owner: &str, until: i64) -> Result<u64, StoreError>;
    /// Gives up `owner`'s lease on a source; false when `owner` did not hold it.
    fn release_lease(&self, source_id: i64, owner: &str) -> Result<bool, StoreError>;
    /// Every source's id and name (title, else URL), oldest first: the light list for forms.
    fn source_names(&self) -> Result<Vec<(i64, String)>, StoreError>;
    /// The articles of a reader stream for `user_id`, in the stream's order.
    fn reader_items(&self, user_id: i64, f: &ReaderFilter) -> Result<Vec<ReaderItem>, StoreError>;
    /// The reader state of the given articles for `user_id` (unknown ids are left out).
    fn reader_items_by_id(&self, user_id: i64, ids: &[i64]) -> Result<Vec<ReaderItem>, StoreError>;
    /// Sets read and/or starred (`None`: unchanged) on articles for `user_id`; how many changed.
    fn set_item_state(&self, user_id: i64, ids: &[i64], read: Option<bool>, starred: Option<bool>) -> Result<usize, StoreError>;
    /// Marks every article (of `source`, when given) published up to `until` as read for `user_id`.
    fn mark_all_read(&self, user_id: i64, source: Option<i64>, until: i64) -> Result<usize, StoreError>;
    /// Unread articles per source for `user_id`.
    fn unread_counts(&self, user_id: i64) -> Result<Vec<UnreadCount>, StoreError>;
    /// Unread articles in all for `user_id` (each once) and the newest one's time.
    fn unread_total(&self, user_id: i64) -> Result<(i64, i64), StoreError>;
    /// Totals for `/metrics`: articles, sources, failing sources, TLDRs by method, gate rejections.
    fn store_counts(&self) -> Result<StoreCounts, StoreError>;
    /// Queues the articles saved or changed since `since` that have no LLM job for their text.
    fn enqueue_llm_jobs(&self, since: i64, now: i64) -> Result<usize, StoreError>;
    /// Leases up to `limit` due LLM jobs to `owner` until `now + lease_secs`, newest first.
    fn claim_llm_jobs(&self, owner: &str, now: i64, lease_secs: i64, limit: usize) -> Result<Vec<LlmJob>, StoreError>;
    /// Finishes `owner`'s LLM job; false (nothing written) when the lease was lost or the text changed.
    fn finish_llm_job(&self, job: &LlmJob, owner: &str, result: LlmJobResult<'_>, now: i64) -> Result<bool, StoreError>;
    /// The LLM side of an article: its job and latest LLM TLDR for the current text.
    fn llm_status(&self, article_id: i64) -> Result<Option<LlmStatus>, StoreError>;
    /// Jobs per state.
    fn llm_queue_counts(&self) -> Result<LlmQueueCounts, StoreError>;
}

impl Store {
    /// Writes prepared articles in bulk, without dedup or clusters (`bench serve`'s seeding).
    /// SQLite only: on PostgreSQL it is refused.
    pub fn seed_articles(&self, source_id: i64, rows: &[SeedRow]) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(s) => s.seed_articles(source_id, rows),
            Store::Postgres(_) => Err(StoreError::Unsupported(
                "seeding articles in bulk (bench serve) needs SQLite".into(),
            )),
        }
    }
}

/// An article with everything saving it writes that needs no database (Inhalt, content hash,
/// stemmed index text, cluster signature, JSON), made by [`Store::prepare`] on any thread so
/// that [`Store::save_batch`] holds the writer only for its SQL.
pub struct PreparedArticle {
    /// The article.
    pub article: NewArticle,
    derived: shared::Derived,
}

/// One article of a [`Store::save_batch`]: the source and feed entry it came through.
#[derive(Clone, Copy)]
pub struct BatchItem<'a> {
    /// The source whose entry led to the article.
    pub source_id: i64,
    /// The feed entry.
    pub entry: EntryRef<'a>,
    /// The article, prepared.
    pub article: &'a PreparedArticle,
}

impl PreparedArticle {
    /// Attaches the embedding of the article's title and lead ([`crate::cluster::embedding_text`]),
    /// made by an embeddings server before the article is saved: the store keeps it and uses
    /// it as a same-event signal for the article's story cluster.
    pub fn set_embedding(&mut self, embedding: crate::cluster::Embedding) {
        self.derived.embedding = Some(embedding);
    }

    /// The text an embeddings server is given for this article (title and lead); `None` for
    /// an article that is not clustered (its extraction failed).
    pub fn embedding_text(&self) -> Option<String> {
        self.derived.signature.as_ref()?;
        Some(crate::cluster::embedding_text(
            &self.article.title,
            &self.derived.content,
        ))
    }
}

impl Store {
    /// Prepares `article` for [`Store::save_batch`] (CPU work only, no database).
    pub fn prepare(article: NewArticle) -> Result<PreparedArticle, StoreError> {
        let derived = shared::Derived::new(&article)?;
        Ok(PreparedArticle { article, derived })
    }

    /// Saves several articles as [`Store::save_article`] would, one result per item in order,
    /// each article atomically. SQLite writes them in one transaction (group commit; the
    /// batch's search index rows last; a batch with an article that fails is rolled back and
    /// saved again article by article); PostgreSQL saves each in a
    /// transaction of its own, since its savers run in parallel under per-article locks.
    pub fn save_batch(&self, items: &[BatchItem<'_>]) -> Vec<Result<SaveOutcome, StoreError>> {
        match self {
            Store::Sqlite(s) => {
                let rows: Vec<_> = items
                    .iter()
                    .map(|i| (i.source_id, i.entry, &i.article.article, &i.article.derived))
                    .collect();
                s.save_batch(&rows)
            }
            Store::Postgres(s) => items
                .iter()
                .map(|i| {
                    pg_call(|| {
                        s.save_prepared(
                            i.source_id,
                            &i.entry,
                            &i.article.article,
                            &i.article.derived,
                        )
                    })
                })
                .collect(),
        }
    }
}
