//! The PostgreSQL engine of the store: [`PgStore`], for several processes sharing one database
//! (issue 7). Its public methods have the names, signatures and behaviour of [`super::Store`]'s
//! (SQLite), plus source leases for worker processes: [`PgStore::claim_due_sources`],
//! [`PgStore::renew_leases`], [`PgStore::release_lease`].
//!
//! Migrations live in `migrations/postgres/` and carry the SQLite migrations' version numbers
//! (0001 init, 0002 ingest, 0003 search, 0004 clusters), plus 0005 for leases. They run on
//! [`PgStore::connect`], each in its own transaction under an advisory lock, so processes
//! starting together apply each migration once.
//!
//! One connection per `PgStore`, behind a mutex (as SQLite's one connection), reopened when the
//! server closed it. The client is the synchronous `postgres` crate, which runs its own small
//! runtime: callers in async code run these methods on a blocking thread, as for SQLite.
//! No TLS: the server is expected on loopback or a private network.
//!
//! Articles are saved under one transaction-scoped advisory lock ([`SAVE_LOCK`]), so concurrent
//! savers behave as SQLite's `BEGIN IMMEDIATE` writers do: the dedup look-ups and the cluster
//! assignment of one save always see every earlier save. Reads, polls and leases do not take it.

use std::ops::{Deref, DerefMut};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Client, Config, NoTls, Row, Transaction};

use super::search::{ParsedQuery, SearchHit, SearchQuery, SearchResults, SearchSort};
use super::{
    BlockOut, ClusterSibling, DateSource, EntryRef, NewArticle, SaveOutcome, Source, StoreError,
    StoredArticle, StoredTldr, TldrSentenceOut,
};
use crate::ingest::cluster::{self, Signature};

/// The migrations, in order; each runs once, in its own transaction. The version numbers match
/// the SQLite migrations of the same content.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/postgres/0001_init.sql")),
    (2, include_str!("../../migrations/postgres/0002_ingest.sql")),
    (3, include_str!("../../migrations/postgres/0003_search.sql")),
    (
        4,
        include_str!("../../migrations/postgres/0004_clusters.sql"),
    ),
    (5, include_str!("../../migrations/postgres/0005_leases.sql")),
    (
        7,
        include_str!("../../migrations/postgres/0007_accounts.sql"),
    ),
    (
        10,
        include_str!("../../migrations/postgres/0010_serving.sql"),
    ),
];

/// Advisory lock held while a migration is checked and applied ("kg" + 1).
const MIGRATE_LOCK: i64 = 0x6b67_0001;
/// Advisory lock held by every `save_article` transaction ("kg" + 2): one article writer at a
/// time, as in SQLite.
const SAVE_LOCK: i64 = 0x6b67_0002;

/// The text search configuration made by migration 0003 (`german` with `unaccent`).
const TS_CONFIG: &str = "kg_german";

const SOURCE_COLUMNS: &str = "s.id, s.url, s.title, s.site_url, s.etag, s.last_modified, \
    s.last_polled_at, s.last_success_at, s.last_error_kind, s.last_error, s.last_error_at, \
    s.consecutive_failures, s.next_poll_at, \
    (SELECT COUNT(DISTINCT e.article_id) FROM entries e WHERE e.source_id = s.id), s.poll_interval_secs";

const ARTICLE_COLUMNS: &str = "a.id, a.url, a.title, a.teaser, a.blocks_json, a.content, a.site, \
    a.author, a.language, a.paywalled, a.published_at, a.date_source, a.extract_error, \
    t.method, t.model, t.text, t.sentences_json, t.created_at";

/// Joins the TLDR to show: an accepted LLM TLDR wins over the extractive one, newest first.
const TLDR_JOIN: &str = "LEFT JOIN tldrs t ON t.id = (SELECT t2.id FROM tldrs t2 \
    WHERE t2.article_id = a.id AND t2.accepted \
    ORDER BY (t2.method = 'llm') DESC, t2.id DESC LIMIT 1)";

/// Errors of the PostgreSQL client become store errors. `StoreError` has no PostgreSQL variant
/// yet, so the message is carried as text; when one is added (`Postgres(#[from] postgres::Error)`),
/// this impl goes away and every `?` below keeps working.
impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> StoreError {
        // The client's own message is only the kind ("db error"); the server's error or the
        // I/O error comes from `as_db_error` or the error's source.
        let detail = match (e.as_db_error(), std::error::Error::source(&e)) {
            (Some(db), _) => format!("{e}: {db}"),
            (None, Some(source)) => format!("{e}: {source}"),
            (None, None) => e.to_string(),
        };
        StoreError::Unsupported(format!("database error (PostgreSQL): {detail}"))
    }
}

/// The database: one PostgreSQL connection behind a mutex, reopened when the server closed it.
/// Cheap to share through an `Arc`; callers in async code run its methods on a blocking thread.
pub struct PgStore {
    config: Config,
    client: Mutex<Option<Client>>,
}

/// The locked connection of a [`PgStore`]; always open while held.
struct Conn<'a>(MutexGuard<'a, Option<Client>>);

impl Deref for Conn<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        self.0.as_ref().expect("connection opened in PgStore::conn")
    }
}

impl DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.0.as_mut().expect("connection opened in PgStore::conn")
    }
}

impl PgStore {
    /// Connects to the PostgreSQL database at `url` (`postgres://user@host:port/dbname` or a
    /// `key=value` string) without TLS, and runs pending migrations.
    pub fn connect(url: &str) -> Result<PgStore, StoreError> {
        let mut config: Config = url
            .parse()
            .map_err(|_| StoreError::BadUrl(url.to_string()))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("kurzgefasst");
        }
        let client = config.connect(NoTls)?;
        let store = PgStore {
            config,
            client: Mutex::new(Some(client)),
        };
        store.migrate()?;
        Ok(store)
    }

    /// The connection, reopened first when the server closed it (restart, idle timeout).
    fn conn(&self) -> Result<Conn<'_>, StoreError> {
        // A panic while holding the lock cannot leave the database inconsistent (an open
        // transaction is rolled back when dropped), so a poisoned lock is safe to reuse.
        let mut guard = self.client.lock().unwrap_or_else(|e| e.into_inner());
        if guard.as_ref().is_none_or(Client::is_closed) {
            *guard = None;
            *guard = Some(self.config.connect(NoTls)?);
        }
        Ok(Conn(guard))
    }

    /// Applies the migrations not applied yet; safe to run again and from several processes at
    /// once (each migration is checked and applied under an advisory lock).
    pub fn migrate(&self) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        {
            let mut tx = conn.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])?;
            tx.batch_execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
            )?;
            tx.commit()?;
        }
        for (version, sql) in MIGRATIONS {
            let mut tx = conn.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])?;
            let done: bool = tx
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)",
                    &[version],
                )?
                .get(0);
            if !done {
                tx.batch_execute(sql)?;
                tx.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                    &[version, &now()],
                )?;
            }
            tx.commit()?;
        }
        Ok(())
    }

    /// Subscribes to the feed at `url`; due at once.
    pub fn add_source(&self, url: &str) -> Result<Source, StoreError> {
        let mut conn = self.conn()?;
        // Another process may add or remove the same URL meanwhile: retry the pair a few times.
        let mut inserted = None;
        for _ in 0..3 {
            let row = conn.query_opt(
                "INSERT INTO sources (url, created_at, next_poll_at) VALUES ($1, $2, 0) \
                 ON CONFLICT (url) DO NOTHING RETURNING id",
                &[&url, &now()],
            )?;
            if let Some(row) = row {
                inserted = Some(row.get::<_, i64>(0));
                break;
            }
            if let Some(row) = conn.query_opt("SELECT id FROM sources WHERE url = $1", &[&url])? {
                return Err(StoreError::DuplicateSource(row.get(0)));
            }
        }
        let Some(id) = inserted else {
            return Err(StoreError::Unsupported(format!(
                "source {url} could not be added (concurrent changes)"
            )));
        };
        drop(conn);
        Ok(self.source(id)?.expect("source just inserted"))
    }

    /// One source by id.
    pub fn source(&self, id: i64) -> Result<Option<Source>, StoreError> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.id = $1");
        let row = self.conn()?.query_opt(&sql, &[&id])?;
        Ok(row.as_ref().map(source_from_row))
    }

    /// Every source, oldest subscription first.
    pub fn list_sources(&self) -> Result<Vec<Source>, StoreError> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources s ORDER BY s.id");
        let rows = self.conn()?.query(&sql, &[])?;
        Ok(rows.iter().map(source_from_row).collect())
    }

    /// Sources due for a poll at `now`, leased or not (workers use
    /// [`PgStore::claim_due_sources`] instead).
    pub fn due_sources(&self, now: i64) -> Result<Vec<Source>, StoreError> {
        let sql = format!(
            "SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.next_poll_at <= $1 ORDER BY s.next_poll_at, s.id"
        );
        let rows = self.conn()?.query(&sql, &[&now])?;
        Ok(rows.iter().map(source_from_row).collect())
    }

    /// Unsubscribes a source; its articles stay. Returns false when there was no such source.
    pub fn remove_source(&self, id: i64) -> Result<bool, StoreError> {
        Ok(self
            .conn()?
            .execute("DELETE FROM sources WHERE id = $1", &[&id])?
            > 0)
    }

    /// Records a successful poll: validators, feed title, and the next poll time.
    #[allow(clippy::too_many_arguments)]
    pub fn record_poll_success(
        &self,
        id: i64,
        etag: Option<&str>,
        last_modified: Option<&str>,
        title: Option<&str>,
        site_url: Option<&str>,
        now: i64,
        poll_interval: i64,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE sources SET etag = COALESCE($2, etag), last_modified = COALESCE($3, last_modified), \
             title = COALESCE($4, title), site_url = COALESCE($5, site_url), \
             last_polled_at = $6, last_success_at = $6, consecutive_failures = 0, \
             poll_interval_secs = $7, next_poll_at = $6::BIGINT + $7::BIGINT \
             WHERE id = $1",
            &[&id, &etag, &last_modified, &title, &site_url, &now, &poll_interval],
        )?;
        Ok(())
    }

    /// Records a failed poll; the error stays visible on the source until the next success.
    pub fn record_poll_failure(
        &self,
        id: i64,
        kind: &str,
        message: &str,
        now: i64,
        next_poll_at: i64,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE sources SET last_polled_at = $4, last_error_kind = $2, last_error = $3, \
             last_error_at = $4, consecutive_failures = consecutive_failures + 1, next_poll_at = $5 \
             WHERE id = $1",
            &[&id, &kind, &message, &now, &next_poll_at],
        )?;
        Ok(())
    }

    /// What `source_id` remembers of the entry `entry_key`: its article and entry hash.
    pub fn entry_state(
        &self,
        source_id: i64,
        entry_key: &str,
    ) -> Result<Option<(i64, Option<String>)>, StoreError> {
        let row = self.conn()?.query_opt(
            "SELECT article_id, entry_hash FROM entries WHERE source_id = $1 AND entry_key = $2",
            &[&source_id, &entry_key],
        )?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    /// The article stored for `url` (as fetched, as canonical URL, or as an entry's link).
    pub fn article_by_url(&self, url: &str) -> Result<Option<i64>, StoreError> {
        let row = self.conn()?.query_opt(
            "SELECT id FROM articles WHERE url = $1 OR canonical_url = $1 \
             UNION ALL SELECT article_id FROM entries WHERE link = $1 LIMIT 1",
            &[&url],
        )?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Lists an already stored article under another source's entry, without fetching it again.
    pub fn link_entry(
        &self,
        source_id: i64,
        entry: &EntryRef<'_>,
        article_id: i64,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO entries (source_id, entry_key, article_id, title, seen_at, link, entry_hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (source_id, entry_key) DO UPDATE SET article_id = excluded.article_id, \
             title = excluded.title, link = excluded.link, entry_hash = excluded.entry_hash",
            &[&source_id, &entry.key, &article_id, &entry.title, &now(), &entry.link, &entry.hash],
        )?;
        Ok(())
    }

    /// Moves a source to a new URL after a permanent redirect; false when another source has it.
    pub fn update_source_url(&self, id: i64, url: &str) -> Result<bool, StoreError> {
        let result = self.conn()?.execute(
            "UPDATE sources SET url = $2 WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM sources WHERE url = $2)",
            &[&id, &url],
        );
        match result {
            Ok(n) => Ok(n > 0),
            // Another process took the URL between the check and the update.
            Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Stores an article, its TLDR and the entry that led to it, in one transaction.
    ///
    /// The same article (same URL or canonical URL) reached from another feed or entry is
    /// linked, not duplicated; when its title or text changed, it is updated in place.
    pub fn save_article(
        &self,
        source_id: i64,
        entry: &EntryRef<'_>,
        a: &NewArticle,
    ) -> Result<SaveOutcome, StoreError> {
        let content = a.content();
        let hash = super::stable_hash(&[&a.title, &content]);
        let blocks = serde_json::to_string(
            &a.blocks
                .iter()
                .map(|b| BlockOut {
                    kind: serde_json::to_value(b.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_else(|| "paragraph".into()),
                    text: b.text.clone(),
                })
                .collect::<Vec<_>>(),
        )?;
        let sentences = serde_json::to_string(
            &a.tldr
                .sentences
                .iter()
                .map(|s| TldrSentenceOut {
                    text: s.text.clone(),
                    support: s.support.clone(),
                })
                .collect::<Vec<_>>(),
        )?;
        let method = match a.tldr.method {
            kg_summarize::Method::Extractive => "extractive",
            kg_summarize::Method::Llm => "llm",
        };
        let signature = (a.extract_error.is_none()).then(|| cluster::signature(&a.title, &content));
        let canonical = a.canonical_url.as_deref().unwrap_or(&a.url);

        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SAVE_LOCK])?;
        let mut existing: Option<(i64, String)> = tx
            .query_opt(
                "SELECT id, content_hash FROM articles \
                 WHERE url IN ($1, $2) OR canonical_url IN ($1, $2) ORDER BY id LIMIT 1",
                &[&a.url, &canonical],
            )?
            .map(|r| (r.get(0), r.get(1)));
        // The same text under another URL of the same site (e.g. a print or AMP version).
        if existing.is_none() && a.extract_error.is_none() && content.len() >= 500 {
            existing = tx
                .query_opt(
                    "SELECT id, content_hash FROM articles WHERE site = $1 AND content_hash = $2 ORDER BY id LIMIT 1",
                    &[&a.site, &hash],
                )?
                .map(|r| (r.get(0), r.get(1)));
        }
        let now = now();
        let outcome = match existing {
            None => {
                let id: i64 = tx
                    .query_one(
                        "INSERT INTO articles (url, canonical_url, title, teaser, blocks_json, content, site, \
                         author, language, image, paywalled, published_at, date_source, fetched_at, updated_at, \
                         content_hash, extract_error) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16) \
                         RETURNING id",
                        &[
                            &a.url,
                            &a.canonical_url,
                            &a.title,
                            &a.teaser,
                            &blocks,
                            &content,
                            &a.site,
                            &a.author,
                            &a.language,
                            &a.image,
                            &a.paywalled,
                            &a.published_at,
                            &a.date_source.as_str(),
                            &a.fetched_at,
                            &hash,
                            &a.extract_error,
                        ],
                    )?
                    .get(0);
                if let Some(sig) = &signature {
                    assign_cluster(&mut tx, id, a.published_at, sig)?;
                }
                SaveOutcome::New(id)
            }
            Some((id, old_hash)) if old_hash != hash && a.extract_error.is_none() => {
                tx.execute(
                    "UPDATE articles SET title = $2, teaser = $3, blocks_json = $4, content = $5, \
                     author = $6, language = $7, image = $8, paywalled = $9, updated_at = $10, \
                     content_hash = $11, extract_error = NULL WHERE id = $1",
                    &[
                        &id,
                        &a.title,
                        &a.teaser,
                        &blocks,
                        &content,
                        &a.author,
                        &a.language,
                        &a.image,
                        &a.paywalled,
                        &now,
                        &hash,
                    ],
                )?;
                SaveOutcome::Updated(id)
            }
            Some((id, _)) => SaveOutcome::Linked(id),
        };
        let article_id = match outcome {
            SaveOutcome::New(id) | SaveOutcome::Updated(id) | SaveOutcome::Linked(id) => id,
        };
        // The search vector is a generated column of `articles`: nothing to index by hand.
        if !matches!(outcome, SaveOutcome::Linked(_)) {
            tx.execute(
                "INSERT INTO tldrs (article_id, method, model, text, sentences_json, accepted, verdict, created_at) \
                 VALUES ($1, $2, $3, $4, $5, TRUE, 'ok', $6)",
                &[&article_id, &method, &a.tldr.model, &a.tldr.text(), &sentences, &now],
            )?;
        }
        tx.execute(
            "INSERT INTO entries (source_id, entry_key, article_id, title, seen_at, link, entry_hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (source_id, entry_key) DO UPDATE SET article_id = excluded.article_id, \
             title = excluded.title, link = excluded.link, entry_hash = excluded.entry_hash",
            &[&source_id, &entry.key, &article_id, &entry.title, &now, &entry.link, &entry.hash],
        )?;
        tx.commit()?;
        Ok(outcome)
    }

    /// The newest articles, newest first; `before` pages by `(published_at, id)`.
    pub fn list_articles(
        &self,
        limit: usize,
        before: Option<(i64, i64)>,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        let (bp, bi) = before.unwrap_or((i64::MAX, i64::MAX));
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a {TLDR_JOIN} \
             WHERE (a.published_at, a.id) < ($1, $2) ORDER BY a.published_at DESC, a.id DESC LIMIT $3"
        );
        let rows = self.conn()?.query(&sql, &[&bp, &bi, &(limit as i64)])?;
        rows.iter().map(article_from_row).collect()
    }

    /// One article by id.
    pub fn article(&self, id: i64) -> Result<Option<StoredArticle>, StoreError> {
        let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles a {TLDR_JOIN} WHERE a.id = $1");
        match self.conn()?.query_opt(&sql, &[&id])? {
            Some(r) => Ok(Some(article_from_row(&r)?)),
            None => Ok(None),
        }
    }

    /// The sources (id, title or URL) that carried the article.
    pub fn article_sources(&self, id: i64) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = self.conn()?.query(
            "SELECT DISTINCT s.id, COALESCE(s.title, s.url) FROM entries e JOIN sources s ON s.id = e.source_id \
             WHERE e.article_id = $1 ORDER BY s.id",
            &[&id],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn()?
            .query_one("SELECT COUNT(*) FROM articles", &[])?
            .get(0))
    }

    /// A setting's value.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let row = self
            .conn()?
            .query_opt("SELECT value FROM settings WHERE key = $1", &[&key])?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Sets a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO settings (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&key, &value],
        )?;
        Ok(())
    }

    /// A cheap consistency check (PostgreSQL keeps its files sound itself): every migration
    /// applied, every article with a TLDR, every lease with both owner and expiry. `Ok("ok")`
    /// when all hold, else the problems found, separated by "; ".
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        let row = self.conn()?.query_one(
            "SELECT \
             (SELECT COALESCE(MAX(version), 0) FROM schema_migrations), \
             (SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM tldrs t WHERE t.article_id = a.id)), \
             (SELECT COUNT(*) FROM sources WHERE (lease_owner IS NULL) <> (lease_until IS NULL))",
            &[],
        )?;
        let (version, without_tldr, half_leases): (i64, i64, i64) =
            (row.get(0), row.get(1), row.get(2));
        let latest = MIGRATIONS.last().map_or(0, |m| m.0);
        let mut problems = Vec::new();
        if version != latest {
            problems.push(format!("schema version {version}, expected {latest}"));
        }
        if without_tldr > 0 {
            problems.push(format!("{without_tldr} articles without a TLDR"));
        }
        if half_leases > 0 {
            problems.push(format!("{half_leases} sources with a half-set lease"));
        }
        Ok(if problems.is_empty() {
            "ok".to_string()
        } else {
            problems.join("; ")
        })
    }

    /// The other articles of an article's story cluster, from other sites, oldest first.
    pub fn cluster_siblings(&self, id: i64) -> Result<Vec<ClusterSibling>, StoreError> {
        let mut conn = self.conn()?;
        let cluster: Option<i64> = conn
            .query_opt("SELECT cluster_id FROM articles WHERE id = $1", &[&id])?
            .and_then(|r| r.get(0));
        let Some(cluster) = cluster else {
            return Ok(Vec::new());
        };
        let rows = conn.query(
            "SELECT a.id, a.site, a.title, a.agency FROM articles a \
             WHERE a.cluster_id = $1 AND a.id <> $2 AND a.site <> (SELECT site FROM articles WHERE id = $2) \
             ORDER BY a.published_at, a.id",
            &[&cluster, &id],
        )?;
        Ok(rows
            .iter()
            .map(|r| ClusterSibling {
                id: r.get(0),
                site: r.get(1),
                title: r.get(2),
                agency: r.get(3),
            })
            .collect())
    }

    /// The agencies an article's text names as its source, if any.
    pub fn article_agency(&self, id: i64) -> Result<Option<String>, StoreError> {
        let row = self
            .conn()?
            .query_opt("SELECT agency FROM articles WHERE id = $1", &[&id])?;
        Ok(row.and_then(|r| r.get(0)))
    }

    /// Searches the articles with PostgreSQL's German full-text search (configuration
    /// `kg_german`: Snowball stemming and stop words, `unaccent`). The query language is the
    /// SQLite engine's: words (a single word whose stem has four or more letters also matches
    /// as a prefix), `"phrases"`, `-excluded` words or phrases. Ranked by `ts_rank` with the title
    /// weighing five times the text, reported as a negative score so that, as with bm25, lower
    /// is better; or by date. An empty query lists the articles that pass the filters, newest
    /// first. Titles and snippets are highlighted by the same code as in the SQLite engine.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, StoreError> {
        let parsed = ParsedQuery::parse(&q.text);
        let parts = query_parts(&q.text);
        let positive = parts.iter().any(|p| !p.negated);
        if !positive && !parts.is_empty() {
            // Only excluded words: nothing to look for.
            return Ok(SearchResults {
                hits: Vec::new(),
                more: false,
            });
        }
        let limit = q.limit.max(1);
        let from = q.from.unwrap_or(i64::MIN);
        let until = q.until.unwrap_or(i64::MAX);
        let fetch = (limit + 1) as i64;
        let offset = q.offset as i64;

        // The tsquery: one parameter per part, $7 onwards ($1..$3 filters, $4 and $5 paging,
        // $6 the rank's weights {D, C, B, A}: title (A) 1.0, text (B) 0.2).
        let weights: Vec<f32> = vec![0.1, 0.2, 0.2, 1.0];
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::German);
        let mut texts: Vec<String> = Vec::new();
        let mut pos_terms: Vec<String> = Vec::new();
        let mut neg_terms: Vec<String> = Vec::new();
        for p in &parts {
            let n = 7 + texts.len();
            let term = if p.words.len() == 1 && !p.phrase {
                let w = &p.words[0];
                // As in the SQLite engine: a prefix when the word's stem has four letters or more.
                let prefix = super::search::term_key(w, &stemmer).chars().count() >= 4;
                texts.push(if prefix {
                    format!("'{w}':*")
                } else {
                    format!("'{w}'")
                });
                format!("to_tsquery('{TS_CONFIG}', ${n})")
            } else {
                texts.push(p.words.join(" "));
                format!("phraseto_tsquery('{TS_CONFIG}', ${n})")
            };
            if p.negated {
                neg_terms.push(format!("!! {term}"));
            } else {
                pos_terms.push(term);
            }
        }
        let filters = "a.published_at >= $1 AND a.published_at < $2 \
            AND ($3::BIGINT IS NULL OR EXISTS (SELECT 1 FROM entries e WHERE e.article_id = a.id AND e.source_id = $3))";
        let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> =
            vec![&from, &until, &q.source, &fetch, &offset];
        let rows = if positive {
            let query_expr = pos_terms
                .into_iter()
                .chain(neg_terms)
                .collect::<Vec<_>>()
                .join(" && ");
            let order = match q.sort {
                SearchSort::Relevance => "rank DESC, a.published_at DESC, a.id DESC",
                SearchSort::Date => "a.published_at DESC, a.id DESC",
            };
            let sql = format!(
                "SELECT a.id, ts_rank($6::REAL[], a.search_tsv, q.query)::FLOAT8 AS rank \
                 FROM articles a, (SELECT {query_expr} AS query) q \
                 WHERE numnode(q.query) > 0 AND a.search_tsv @@ q.query AND {filters} \
                 ORDER BY {order} LIMIT $4 OFFSET $5"
            );
            let mut conn = self.conn()?;
            params.push(&weights);
            for t in &texts {
                params.push(t);
            }
            conn.query(&sql, &params)?
                .iter()
                .map(|r| (r.get::<_, i64>(0), -r.get::<_, f64>(1)))
                .collect::<Vec<_>>()
        } else {
            let sql = format!(
                "SELECT a.id FROM articles a WHERE {filters} \
                 ORDER BY a.published_at DESC, a.id DESC LIMIT $4 OFFSET $5"
            );
            self.conn()?
                .query(&sql, &params)?
                .iter()
                .map(|r| (r.get::<_, i64>(0), 0.0))
                .collect()
        };
        let more = rows.len() > limit;
        let rows: Vec<(i64, f64)> = rows.into_iter().take(limit).collect();
        // The page's articles in one query (one round trip instead of one per hit).
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let sql =
            format!("SELECT {ARTICLE_COLUMNS} FROM articles a {TLDR_JOIN} WHERE a.id = ANY($1)");
        let mut articles: std::collections::HashMap<i64, StoredArticle> = self
            .conn()?
            .query(&sql, &[&ids])?
            .iter()
            .map(|r| article_from_row(r).map(|a| (a.id, a)))
            .collect::<Result<_, _>>()?;
        let mut hits = Vec::with_capacity(limit);
        for (id, score) in rows {
            if let Some(article) = articles.remove(&id) {
                hits.push(SearchHit::highlighted(article, score, &parsed));
            }
        }
        Ok(SearchResults { hits, more })
    }

    /// Leases up to `limit` sources due at `now` that nobody holds (no lease, or an expired
    /// one) to `owner` until `now + lease_secs`, most overdue first, and returns them. Claims
    /// of concurrent workers never overlap: rows another transaction is claiming are skipped
    /// (`FOR UPDATE SKIP LOCKED`), and a row claimed meanwhile is re-checked and left out.
    pub fn claim_due_sources(
        &self,
        owner: &str,
        now: i64,
        lease_secs: i64,
        limit: usize,
    ) -> Result<Vec<Source>, StoreError> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let ids: Vec<i64> = tx
            .query(
                "WITH due AS ( \
                     SELECT id FROM sources \
                     WHERE next_poll_at <= $2 AND (lease_until IS NULL OR lease_until <= $2) \
                     ORDER BY next_poll_at, id LIMIT $4 \
                     FOR UPDATE SKIP LOCKED) \
                 UPDATE sources s SET lease_owner = $1, lease_until = $2::BIGINT + $3::BIGINT \
                 FROM due WHERE s.id = due.id RETURNING s.id",
                &[&owner, &now, &lease_secs, &(limit as i64)],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.id = ANY($1) ORDER BY s.next_poll_at, s.id");
        let rows = tx.query(&sql, &[&ids])?;
        tx.commit()?;
        Ok(rows.iter().map(source_from_row).collect())
    }

    /// Extends every lease `owner` still holds to `until` (the worker's heartbeat); returns how
    /// many sources it still holds. A lease another worker took over after it expired is not
    /// `owner`'s any more and stays untouched.
    pub fn renew_leases(&self, owner: &str, until: i64) -> Result<u64, StoreError> {
        Ok(self.conn()?.execute(
            "UPDATE sources SET lease_until = $2 WHERE lease_owner = $1",
            &[&owner, &until],
        )?)
    }

    /// Gives up `owner`'s lease on a source (after polling it). False when `owner` did not hold
    /// it (it expired and another worker took it).
    pub fn release_lease(&self, source_id: i64, owner: &str) -> Result<bool, StoreError> {
        Ok(self.conn()?.execute(
            "UPDATE sources SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2",
            &[&source_id, &owner],
        )? > 0)
    }
}

/// Stores `sig` for article `id` (published at `published`) and assigns its cluster: the
/// cluster of the closest earlier article within the window, by the same rules as the SQLite
/// engine (`store/clusters.rs`): the same text (SimHash within a few bits, found through any
/// identical 8-bit band), else the same event (title terms similar).
fn assign_cluster(
    tx: &mut Transaction<'_>,
    id: i64,
    published: i64,
    sig: &Signature,
) -> Result<(), postgres::Error> {
    let (lo, hi) = (published - cluster::WINDOW, published + cluster::WINDOW);
    let (band_nos, band_values): (Vec<i64>, Vec<i64>) = cluster::bands(sig.simhash).unzip();
    let n_terms = sig.title_terms.len() as i64;
    // The candidate look-ups read only the covering indexes of `article_bands` and
    // `article_title_terms`; `articles` is read once, for the chosen article's cluster.
    let mut best: Option<(f64, i64)> = None; // (score, article id)
                                             // Candidates: the same text, found through any identical band (all eight in one query,
                                             // oldest first, so that among equal scores the earliest article wins).
    let rows = tx.query(
        "SELECT DISTINCT b.article_id, b.simhash, b.published_at \
         FROM unnest($1::BIGINT[], $2::BIGINT[]) AS w (band, value) \
         JOIN article_bands b ON b.band = w.band AND b.value = w.value \
         WHERE b.published_at BETWEEN $3 AND $4 AND b.article_id <> $5 \
         ORDER BY b.published_at, b.article_id",
        &[&band_nos, &band_values, &lo, &hi, &id],
    )?;
    for r in &rows {
        let (other, hash): (i64, i64) = (r.get(0), r.get(1));
        let d = (hash as u64 ^ sig.simhash).count_ones();
        if d <= cluster::NEAR_DUPLICATE_BITS {
            let score = 2.0 - f64::from(d) / 64.0;
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, other));
            }
        }
    }
    // Candidates: the same event, found through shared title terms.
    if best.is_none() && sig.title_terms.len() >= 2 {
        let rows = tx.query(
            "SELECT article_id, COUNT(*), MAX(n_terms) FROM article_title_terms \
             WHERE term = ANY($1) AND published_at BETWEEN $2 AND $3 AND article_id <> $4 \
             GROUP BY article_id HAVING COUNT(*) >= 2 ORDER BY article_id",
            &[&sig.title_terms, &lo, &hi, &id],
        )?;
        let n = sig.title_terms.len() as f64;
        for r in &rows {
            let (other, shared, other_n): (i64, i64, i64) = (r.get(0), r.get(1), r.get(2));
            let j = shared as f64 / (n + other_n as f64 - shared as f64);
            if j >= cluster::SAME_EVENT_JACCARD && best.is_none_or(|(s, _)| j > s) {
                best = Some((j, other));
            }
        }
    }
    let cluster_id = match best {
        Some((_, other)) => {
            let cl: Option<i64> = tx
                .query_one("SELECT cluster_id FROM articles WHERE id = $1", &[&other])?
                .get(0);
            if cl.is_none() {
                tx.execute(
                    "UPDATE articles SET cluster_id = $1 WHERE id = $1",
                    &[&other],
                )?;
            }
            Some(cl.unwrap_or(other))
        }
        None => None,
    };
    tx.execute(
        "UPDATE articles SET simhash = $2, title_terms = $3, agency = $4, cluster_id = $5 WHERE id = $1",
        &[&id, &(sig.simhash as i64), &n_terms, &sig.agency, &cluster_id],
    )?;
    tx.execute(
        "INSERT INTO article_bands (band, value, published_at, article_id, simhash) \
         SELECT w.band, w.value, $3, $4, $5 FROM unnest($1::BIGINT[], $2::BIGINT[]) AS w (band, value)",
        &[&band_nos, &band_values, &published, &id, &(sig.simhash as i64)],
    )?;
    tx.execute(
        "INSERT INTO article_title_terms (term, published_at, article_id, n_terms) \
         SELECT w.term, $2, $3, $4 FROM unnest($1::BIGINT[]) AS w (term)",
        &[&sig.title_terms, &published, &id, &n_terms],
    )?;
    Ok(())
}

/// One part of a search query as typed: a word or a quoted phrase, maybe excluded.
#[derive(Debug)]
struct QueryPart {
    /// The part's words (runs of letters and digits).
    words: Vec<String>,
    /// True for a quoted phrase.
    phrase: bool,
    /// True for `-word` / `-"phrase"`.
    negated: bool,
}

/// Splits what the user typed into words and phrases, as the SQLite engine's parser does
/// (`"…"`, `„…“` quotes; a leading `-` excludes). Words are runs of letters and digits, so
/// nothing of the input reaches the tsquery syntax but plain words.
fn query_parts(text: &str) -> Vec<QueryPart> {
    let mut parts = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let negated = rest.starts_with('-');
        let r = if negated { &rest[1..] } else { rest };
        let (raw, phrase) = if let Some(after) = r.strip_prefix(['"', '„', '“', '”']) {
            let end = after.find(['"', '“', '”']).unwrap_or(after.len());
            rest = after[end..]
                .trim_start_matches(['"', '“', '”'])
                .trim_start();
            (&after[..end], true)
        } else {
            let end = r.find(char::is_whitespace).unwrap_or(r.len());
            rest = r[end..].trim_start();
            (&r[..end], false)
        };
        let words: Vec<String> = raw
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if !words.is_empty() {
            parts.push(QueryPart {
                words,
                phrase,
                negated,
            });
        }
    }
    parts
}

fn source_from_row(r: &Row) -> Source {
    Source {
        id: r.get(0),
        url: r.get(1),
        title: r.get(2),
        site_url: r.get(3),
        etag: r.get(4),
        last_modified: r.get(5),
        last_polled_at: r.get(6),
        last_success_at: r.get(7),
        last_error_kind: r.get(8),
        last_error: r.get(9),
        last_error_at: r.get(10),
        consecutive_failures: r.get(11),
        next_poll_at: r.get(12),
        article_count: r.get(13),
        poll_interval_secs: r.get(14),
    }
}

fn article_from_row(r: &Row) -> Result<StoredArticle, StoreError> {
    let blocks_json: String = r.get(4);
    let date_source: String = r.get(11);
    let method: Option<String> = r.get(13);
    let tldr_sentences: Option<String> = r.get(16);
    let blocks = serde_json::from_str::<Vec<BlockOut>>(&blocks_json)?;
    let tldr = match (method, tldr_sentences) {
        (Some(method), Some(js)) => Some(StoredTldr {
            method,
            model: r.get(14),
            text: r.get(15),
            sentences: serde_json::from_str(&js)?,
            created_at: r.get(17),
        }),
        _ => None,
    };
    Ok(StoredArticle {
        id: r.get(0),
        url: r.get(1),
        title: r.get(2),
        teaser: r.get(3),
        blocks,
        content: r.get(5),
        site: r.get(6),
        author: r.get(7),
        language: r.get(8),
        paywalled: r.get(9),
        published_at: r.get(10),
        date_source: DateSource::parse(&date_source),
        extract_error: r.get(12),
        tldr,
    })
}

/// The current time in Unix seconds.
fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

// ---- Accounts, sessions, API tokens, reader state and metrics counts (issue 6) ----

use super::{ApiToken, ReaderFilter, ReaderItem, Session, StoreCounts, UnreadCount, User};

/// Columns of a [`ReaderItem`] for the user `$1`, over `articles a`.
const READER_ITEM_COLUMNS: &str = "a.id, a.published_at, \
    (SELECT MIN(e.source_id) FROM entries e WHERE e.article_id = a.id), \
    COALESCE(st.is_read, FALSE), COALESCE(st.starred, FALSE)";

fn reader_item_from_row(r: &Row) -> ReaderItem {
    ReaderItem {
        id: r.get(0),
        published_at: r.get(1),
        source_id: r.get(2),
        read: r.get(3),
        starred: r.get(4),
    }
}

fn user_from_row(r: &Row) -> User {
    User {
        id: r.get(0),
        name: r.get(1),
        password_hash: r.get(2),
    }
}

impl PgStore {
    /// Every source's id and name (title, else URL), oldest first: the light list for forms.
    pub fn source_names(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = self.conn()?.query(
            "SELECT id, COALESCE(title, url) FROM sources ORDER BY id",
            &[],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Number of users.
    pub fn user_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn()?
            .query_one("SELECT COUNT(*) FROM users", &[])?
            .get(0))
    }

    /// A user by login name.
    pub fn user_by_name(&self, name: &str) -> Result<Option<User>, StoreError> {
        let row = self.conn()?.query_opt(
            "SELECT id, name, password_hash FROM users WHERE name = $1",
            &[&name],
        )?;
        Ok(row.as_ref().map(user_from_row))
    }

    /// Creates the user `name` or replaces its password hash; a changed password ends the user's
    /// sessions. Returns the user's id.
    pub fn set_user_password(&self, name: &str, password_hash: &str) -> Result<i64, StoreError> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let id: i64 = tx
            .query_one(
                "INSERT INTO users (name, password_hash, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash RETURNING id",
                &[&name, &password_hash, &now()],
            )?
            .get(0);
        tx.execute("DELETE FROM sessions WHERE user_id = $1", &[&id])?;
        tx.commit()?;
        Ok(id)
    }

    /// Stores a new session under the hash of its cookie; expired sessions are removed.
    pub fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf_token: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        conn.execute("DELETE FROM sessions WHERE expires_at <= $1", &[&now])?;
        conn.execute(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
            &[&token_hash, &user_id, &csrf_token, &now, &expires_at],
        )?;
        Ok(())
    }

    /// The unexpired session whose cookie hashes to `token_hash`.
    pub fn session(&self, token_hash: &str, now: i64) -> Result<Option<Session>, StoreError> {
        let row = self.conn()?.query_opt(
            "SELECT s.user_id, u.name, s.csrf_token, s.expires_at FROM sessions s \
             JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2",
            &[&token_hash, &now],
        )?;
        Ok(row.map(|r| Session {
            user_id: r.get(0),
            user_name: r.get(1),
            csrf_token: r.get(2),
            expires_at: r.get(3),
        }))
    }

    /// Ends a session (logout); false when there was none.
    pub fn delete_session(&self, token_hash: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn()?
            .execute("DELETE FROM sessions WHERE token_hash = $1", &[&token_hash])?
            > 0)
    }

    /// Stores a new API token of `user_id` under the hash of its secret; returns its id.
    pub fn create_api_token(
        &self,
        user_id: i64,
        name: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        Ok(self
            .conn()?
            .query_one(
                "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                &[&user_id, &name, &token_hash, &now],
            )?
            .get(0))
    }

    /// The user of the API token whose secret hashes to `token_hash`; records its use.
    pub fn api_token_user(&self, token_hash: &str, now: i64) -> Result<Option<User>, StoreError> {
        let row = self.conn()?.query_opt(
            "WITH used AS (UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1 RETURNING user_id) \
             SELECT u.id, u.name, u.password_hash FROM used JOIN users u ON u.id = used.user_id",
            &[&token_hash, &now],
        )?;
        Ok(row.as_ref().map(user_from_row))
    }

    /// The API tokens of a user, oldest first.
    pub fn list_api_tokens(&self, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        let rows = self.conn()?.query(
            "SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_id = $1 ORDER BY id",
            &[&user_id],
        )?;
        Ok(rows
            .iter()
            .map(|r| ApiToken {
                id: r.get(0),
                name: r.get(1),
                created_at: r.get(2),
                last_used_at: r.get(3),
            })
            .collect())
    }

    /// Revokes one of a user's API tokens; false when there was none.
    pub fn delete_api_token(&self, user_id: i64, id: i64) -> Result<bool, StoreError> {
        Ok(self.conn()?.execute(
            "DELETE FROM api_tokens WHERE user_id = $1 AND id = $2",
            &[&user_id, &id],
        )? > 0)
    }

    /// The articles of a reader stream for `user_id`, in the stream's order.
    pub fn reader_items(
        &self,
        user_id: i64,
        f: &ReaderFilter,
    ) -> Result<Vec<ReaderItem>, StoreError> {
        let (cmp, order, start) = if f.oldest_first {
            (">", "ASC", (i64::MIN, i64::MIN))
        } else {
            ("<", "DESC", (i64::MAX, i64::MAX))
        };
        let (ap, ai) = f.after.unwrap_or(start);
        let sql = format!(
            "SELECT {READER_ITEM_COLUMNS} FROM articles a \
             LEFT JOIN item_states st ON st.user_id = $1 AND st.article_id = a.id \
             WHERE ($2::BIGINT IS NULL OR EXISTS (SELECT 1 FROM entries e WHERE e.article_id = a.id AND e.source_id = $2)) \
             AND (NOT $3 OR COALESCE(st.starred, FALSE)) \
             AND (NOT $4 OR NOT COALESCE(st.is_read, FALSE)) \
             AND (NOT $5 OR COALESCE(st.is_read, FALSE)) \
             AND a.published_at >= $6 AND a.published_at < $7 \
             AND (a.published_at, a.id) {cmp} ($8::BIGINT, $9::BIGINT) \
             ORDER BY a.published_at {order}, a.id {order} LIMIT $10"
        );
        let rows = self.conn()?.query(
            &sql,
            &[
                &user_id,
                &f.source,
                &f.starred_only,
                &f.exclude_read,
                &f.read_only,
                &f.newer_than.unwrap_or(i64::MIN),
                &f.older_than.unwrap_or(i64::MAX),
                &ap,
                &ai,
                &(f.limit as i64),
            ],
        )?;
        Ok(rows.iter().map(reader_item_from_row).collect())
    }

    /// The reader state of the given articles for `user_id` (unknown ids are left out), in the
    /// order asked.
    pub fn reader_items_by_id(
        &self,
        user_id: i64,
        ids: &[i64],
    ) -> Result<Vec<ReaderItem>, StoreError> {
        let sql = format!(
            "SELECT {READER_ITEM_COLUMNS} FROM articles a \
             LEFT JOIN item_states st ON st.user_id = $1 AND st.article_id = a.id WHERE a.id = ANY($2)"
        );
        let rows = self.conn()?.query(&sql, &[&user_id, &ids])?;
        let found: std::collections::HashMap<i64, ReaderItem> = rows
            .iter()
            .map(reader_item_from_row)
            .map(|i| (i.id, i))
            .collect();
        Ok(ids.iter().filter_map(|id| found.get(id).copied()).collect())
    }

    /// Sets read and/or starred (`None`: unchanged) on articles for `user_id`; returns how many
    /// existing articles were touched.
    pub fn set_item_state(
        &self,
        user_id: i64,
        ids: &[i64],
        read: Option<bool>,
        starred: Option<bool>,
    ) -> Result<usize, StoreError> {
        let n = self.conn()?.execute(
            "INSERT INTO item_states (user_id, article_id, is_read, starred, updated_at) \
             SELECT $1, a.id, COALESCE($3::BOOLEAN, FALSE), COALESCE($4::BOOLEAN, FALSE), $5 \
             FROM articles a WHERE a.id = ANY($2) \
             ON CONFLICT (user_id, article_id) DO UPDATE SET \
             is_read = COALESCE($3::BOOLEAN, item_states.is_read), \
             starred = COALESCE($4::BOOLEAN, item_states.starred), updated_at = $5",
            &[&user_id, &ids, &read, &starred, &now()],
        )?;
        Ok(n as usize)
    }

    /// Marks every article (of `source`, when given) published at or before `until` as read for
    /// `user_id`; returns how many rows changed.
    pub fn mark_all_read(
        &self,
        user_id: i64,
        source: Option<i64>,
        until: i64,
    ) -> Result<usize, StoreError> {
        let n = self.conn()?.execute(
            "INSERT INTO item_states (user_id, article_id, is_read, starred, updated_at) \
             SELECT $1, a.id, TRUE, FALSE, $4 FROM articles a WHERE a.published_at <= $3 \
             AND ($2::BIGINT IS NULL OR EXISTS (SELECT 1 FROM entries e WHERE e.article_id = a.id AND e.source_id = $2)) \
             ON CONFLICT (user_id, article_id) DO UPDATE SET is_read = TRUE, updated_at = excluded.updated_at",
            &[&user_id, &source, &until, &now()],
        )?;
        Ok(n as usize)
    }

    /// Unread articles per source for `user_id`.
    pub fn unread_counts(&self, user_id: i64) -> Result<Vec<UnreadCount>, StoreError> {
        let rows = self.conn()?.query(
            "SELECT e.source_id, COUNT(DISTINCT a.id), MAX(a.published_at) FROM entries e \
             JOIN articles a ON a.id = e.article_id \
             LEFT JOIN item_states st ON st.user_id = $1 AND st.article_id = a.id \
             WHERE NOT COALESCE(st.is_read, FALSE) GROUP BY e.source_id ORDER BY e.source_id",
            &[&user_id],
        )?;
        Ok(rows
            .iter()
            .map(|r| UnreadCount {
                source_id: r.get(0),
                count: r.get(1),
                newest: r.get(2),
            })
            .collect())
    }

    /// Unread articles in all for `user_id` (each once, whatever number of sources carry it) and
    /// the publication time of the newest.
    pub fn unread_total(&self, user_id: i64) -> Result<(i64, i64), StoreError> {
        let row = self.conn()?.query_one(
            "SELECT COUNT(*), COALESCE(MAX(a.published_at), 0) FROM articles a \
             LEFT JOIN item_states st ON st.user_id = $1 AND st.article_id = a.id \
             WHERE NOT COALESCE(st.is_read, FALSE)",
            &[&user_id],
        )?;
        Ok((row.get(0), row.get(1)))
    }

    /// Totals for `/metrics`: articles, sources, failing sources by kind, TLDRs by method and
    /// gate rejections by reason.
    pub fn store_counts(&self) -> Result<StoreCounts, StoreError> {
        let mut conn = self.conn()?;
        let mut pairs = |sql: &str| -> Result<Vec<(String, i64)>, StoreError> {
            Ok(conn
                .query(sql, &[])?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect())
        };
        let failing_sources = pairs(
            "SELECT COALESCE(last_error_kind, 'unknown'), COUNT(*) FROM sources \
             WHERE consecutive_failures > 0 GROUP BY 1 ORDER BY 1",
        )?;
        let tldrs_by_method =
            pairs("SELECT method, COUNT(*) FROM tldrs WHERE accepted GROUP BY 1 ORDER BY 1")?;
        let tldr_rejections = pairs(
            "SELECT COALESCE(verdict, 'unknown'), COUNT(*) FROM tldrs WHERE NOT accepted GROUP BY 1 ORDER BY 1",
        )?;
        let articles = conn.query_one("SELECT COUNT(*) FROM articles", &[])?.get(0);
        let sources = conn.query_one("SELECT COUNT(*) FROM sources", &[])?.get(0);
        Ok(StoreCounts {
            articles,
            sources,
            failing_sources,
            tldrs_by_method,
            tldr_rejections,
        })
    }
}
