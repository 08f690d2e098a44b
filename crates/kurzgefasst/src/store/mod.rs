//! `store`: where sources, articles and TLDRs live. SQLite today (one file, WAL mode); the
//! interface is the set of methods on [`Store`], written as boring explicit SQL.
//!
//! Invariants: every article is written in one transaction together with the feed entry that
//! led to it and its TLDR, so a crash never leaves half an article; times are stored as Unix
//! seconds (UTC) and converted for display only.

mod clusters;
mod postgres;
mod search;
mod sqlite;
pub use postgres::PgStore;

pub use search::{
    Highlighted, ParsedQuery, Piece, SearchHit, SearchQuery, SearchResults, SearchSort,
};
pub use sqlite::{SeedRow, Store};

use serde::Serialize;

/// Where the database lives, parsed from `--db` / `KURZGEFASST_DB`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbUrl {
    /// An SQLite file at this path (`sqlite://PATH`, `sqlite:PATH` or a bare path).
    Sqlite(std::path::PathBuf),
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
            return Err(StoreError::Unsupported(
                "PostgreSQL is not supported by this build yet / PostgreSQL wird von dieser Version noch nicht unterstützt".into(),
            ));
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
    #[error("invalid database URL {0:?} (expected sqlite://PATH)")]
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
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
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
}

/// A logged-in browser session, found by the hash of its cookie.
#[derive(Debug, Clone)]
pub struct Session {
    /// The user.
    pub user_id: i64,
    /// The user's name.
    pub user_name: String,
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

/// An article's place in the reader streams: its time, source and the user's state of it.
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
