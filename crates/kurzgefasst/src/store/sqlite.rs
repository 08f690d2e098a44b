//! The SQLite engine of the store: one file, WAL mode, migrations from `migrations/sqlite/`.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};

use super::shared::{
    self, article_from, source_from, Cols, Prepared, SaveTx, ARTICLE_COLUMNS, SOURCE_COLUMNS,
    TLDR_JOIN,
};
use super::{EntryRef, NewArticle, SaveOutcome, Source, StoreError, StoredArticle};

/// The migrations, in order; each runs once, in its own transaction.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/sqlite/0001_init.sql")),
    (2, include_str!("../../migrations/sqlite/0002_ingest.sql")),
    (3, include_str!("../../migrations/sqlite/0003_search.sql")),
    (4, include_str!("../../migrations/sqlite/0004_clusters.sql")),
];

/// The database: a single SQLite connection behind a mutex. Cheap to share through an `Arc`;
/// callers in async code run its methods on a blocking thread.
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (creating if needed) the SQLite file at `path` and runs pending migrations.
    pub fn open_path(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        Self::from_connection(Connection::open(path)?)
    }

    fn from_connection(conn: Connection) -> Result<SqliteStore, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A 32 MB page cache and memory-mapped reads: the index lookups of clustering and search
        // otherwise cost a pread per page.
        conn.pragma_update(None, "cache_size", -32_000)?;
        conn.pragma_update(None, "mmap_size", 256 * 1024 * 1024)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let store = SqliteStore {
            conn: Mutex::new(conn),
        };
        store.migrate()?;
        store.ensure_search_index()?;
        Ok(store)
    }

    pub(super) fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite inconsistent (transactions roll
        // back on drop), so a poisoned lock is safe to reuse.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn migrate(&self) -> Result<(), StoreError> {
        let mut conn = self.conn();
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
        )?;
        for (version, sql) in MIGRATIONS {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let done: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?1)",
                [version],
                |r| r.get(0),
            )?;
            if !done {
                tx.execute_batch(sql)?;
                tx.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
                    params![version, now()],
                )?;
            }
            tx.commit()?;
        }
        Ok(())
    }

    /// Subscribes to the feed at `url`; due at once.
    pub fn add_source(&self, url: &str) -> Result<Source, StoreError> {
        let conn = self.conn();
        if let Some(id) = conn
            .query_row("SELECT id FROM sources WHERE url = ?1", [url], |r| {
                r.get::<_, i64>(0)
            })
            .optional()?
        {
            return Err(StoreError::DuplicateSource(id));
        }
        conn.execute(
            "INSERT INTO sources (url, created_at, next_poll_at) VALUES (?1, ?2, 0)",
            params![url, now()],
        )?;
        let id = conn.last_insert_rowid();
        drop(conn);
        Ok(self.source(id)?.expect("source just inserted"))
    }

    /// One source by id.
    pub fn source(&self, id: i64) -> Result<Option<Source>, StoreError> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.id = ?1");
        Ok(query_all(&self.conn(), &sql, [id], |r: &Row<'_>| source_from(r))?.pop())
    }

    /// Every source, oldest subscription first.
    pub fn list_sources(&self) -> Result<Vec<Source>, StoreError> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources s ORDER BY s.id");
        query_all(&self.conn(), &sql, [], |r: &Row<'_>| source_from(r))
    }

    /// Sources due for a poll at `now`.
    pub fn due_sources(&self, now: i64) -> Result<Vec<Source>, StoreError> {
        let sql = format!(
            "SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.next_poll_at <= ?1 ORDER BY s.next_poll_at, s.id"
        );
        query_all(&self.conn(), &sql, [now], |r: &Row<'_>| source_from(r))
    }

    /// Unsubscribes a source; its articles stay. Returns false when there was no such source.
    pub fn remove_source(&self, id: i64) -> Result<bool, StoreError> {
        let conn = self.conn();
        Ok(conn.execute("DELETE FROM sources WHERE id = ?1", [id])? > 0)
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
        let conn = self.conn();
        conn.execute(
            "UPDATE sources SET etag = COALESCE(?2, etag), last_modified = COALESCE(?3, last_modified), \
             title = COALESCE(?4, title), site_url = COALESCE(?5, site_url), \
             last_polled_at = ?6, last_success_at = ?6, consecutive_failures = 0, \
             poll_interval_secs = ?7, next_poll_at = ?6 + ?7 \
             WHERE id = ?1",
            params![id, etag, last_modified, title, site_url, now, poll_interval],
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
        let conn = self.conn();
        conn.execute(
            "UPDATE sources SET last_polled_at = ?4, last_error_kind = ?2, last_error = ?3, \
             last_error_at = ?4, consecutive_failures = consecutive_failures + 1, next_poll_at = ?5 \
             WHERE id = ?1",
            params![id, kind, message, now, next_poll_at],
        )?;
        Ok(())
    }

    /// What `source_id` remembers of the entry `entry_key`: its article and entry hash.
    pub fn entry_state(
        &self,
        source_id: i64,
        entry_key: &str,
    ) -> Result<Option<(i64, Option<String>)>, StoreError> {
        let conn = self.conn();
        Ok(conn
            .query_row(
                "SELECT article_id, entry_hash FROM entries WHERE source_id = ?1 AND entry_key = ?2",
                params![source_id, entry_key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The article stored for `url` (as fetched, as canonical URL, or as an entry's link).
    pub fn article_by_url(&self, url: &str) -> Result<Option<i64>, StoreError> {
        let conn = self.conn();
        Ok(conn
            .query_row(
                "SELECT id FROM articles WHERE url = ?1 OR canonical_url = ?1 \
                 UNION ALL SELECT article_id FROM entries WHERE link = ?1 LIMIT 1",
                [url],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Lists an already stored article under another source's entry, without fetching it again.
    pub fn link_entry(
        &self,
        source_id: i64,
        entry: &EntryRef<'_>,
        article_id: i64,
    ) -> Result<(), StoreError> {
        upsert_entry(&self.conn(), source_id, entry, article_id, now())
    }

    /// Moves a source to a new URL after a permanent redirect; false when another source has it.
    pub fn update_source_url(&self, id: i64, url: &str) -> Result<bool, StoreError> {
        let conn = self.conn();
        Ok(conn.execute(
            "UPDATE sources SET url = ?2 WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM sources WHERE url = ?2)",
            params![id, url],
        )? > 0)
    }

    /// Stores an article, its TLDR and the entry that led to it, in one transaction (the
    /// decisions are [`shared::save`]'s, the same for both engines).
    pub fn save_article(
        &self,
        source_id: i64,
        entry: &EntryRef<'_>,
        a: &NewArticle,
    ) -> Result<SaveOutcome, StoreError> {
        let p = Prepared::new(a)?;
        let mut conn = self.conn();
        let mut tx = SqliteSave(conn.transaction_with_behavior(TransactionBehavior::Immediate)?);
        let outcome = shared::save(&mut tx, source_id, entry, &p)?;
        tx.0.commit()?;
        Ok(outcome)
    }

    /// The newest articles, newest first; `before` pages by `(published_at, id)`.
    pub fn list_articles(
        &self,
        limit: usize,
        before: Option<(i64, i64)>,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        let conn = self.conn();
        let (bp, bi) = before.unwrap_or((i64::MAX, i64::MAX));
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a {TLDR_JOIN} \
             WHERE (a.published_at, a.id) < (?1, ?2) ORDER BY a.published_at DESC, a.id DESC LIMIT ?3"
        );
        query_all(&conn, &sql, params![bp, bi, limit as i64], |r: &Row<'_>| {
            article_from(r)
        })
    }

    /// One article by id.
    pub fn article(&self, id: i64) -> Result<Option<StoredArticle>, StoreError> {
        let conn = self.conn();
        let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles a {TLDR_JOIN} WHERE a.id = ?1");
        Ok(query_all(&conn, &sql, [id], |r: &Row<'_>| article_from(r))?.pop())
    }

    /// The sources (id, title or URL) that carried the article.
    pub fn article_sources(&self, id: i64) -> Result<Vec<(i64, String)>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT DISTINCT s.id, COALESCE(s.title, s.url) FROM entries e JOIN sources s ON s.id = e.source_id \
             WHERE e.article_id = ?1 ORDER BY s.id",
        )?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))?)
    }

    /// A setting's value.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Sets a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Due sources for the scheduler. SQLite serves one process, so there is nothing to lease:
    /// these are the first `limit` of [`SqliteStore::due_sources`].
    pub fn claim_due_sources(
        &self,
        _owner: &str,
        now: i64,
        _lease_secs: i64,
        limit: usize,
    ) -> Result<Vec<Source>, StoreError> {
        let mut due = self.due_sources(now)?;
        due.truncate(limit);
        Ok(due)
    }

    /// No leases on SQLite (one process): nothing to renew.
    pub fn renew_leases(&self, _owner: &str, _until: i64) -> Result<u64, StoreError> {
        Ok(0)
    }

    /// No leases on SQLite (one process): nothing to release.
    pub fn release_lease(&self, _source_id: i64, _owner: &str) -> Result<bool, StoreError> {
        Ok(true)
    }

    /// Runs `PRAGMA integrity_check`; `Ok("ok")` when the file is sound.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(self
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

shared::impl_cols!(Row<'_>, get);

/// Runs `sql` and maps every row with `f`.
fn query_all<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    f: impl Fn(&Row<'_>) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(f(r)?);
    }
    Ok(out)
}

/// An SQLite `BEGIN IMMEDIATE` transaction saving one article.
struct SqliteSave<'c>(rusqlite::Transaction<'c>);

impl SaveTx for SqliteSave<'_> {
    fn find_by_url(
        &mut self,
        url: &str,
        canonical: &str,
    ) -> Result<Option<(i64, String)>, StoreError> {
        Ok(self
            .0
            .query_row(
                "SELECT id, content_hash FROM articles \
                 WHERE url IN (?1, ?2) OR canonical_url IN (?1, ?2) ORDER BY id LIMIT 1",
                params![url, canonical],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    fn find_by_site_hash(
        &mut self,
        site: &str,
        hash: &str,
    ) -> Result<Option<(i64, String)>, StoreError> {
        Ok(self
            .0
            .query_row(
                "SELECT id, content_hash FROM articles WHERE site = ?1 AND content_hash = ?2 ORDER BY id LIMIT 1",
                params![site, hash],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    fn insert_article(&mut self, p: &Prepared<'_>) -> Result<i64, StoreError> {
        let a = p.a;
        self.0.execute(
            "INSERT INTO articles (url, canonical_url, title, teaser, blocks_json, content, site, \
             author, language, image, paywalled, published_at, date_source, fetched_at, updated_at, \
             content_hash, extract_error) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15, ?16)",
            params![
                a.url,
                a.canonical_url,
                a.title,
                a.teaser,
                p.blocks_json,
                p.content,
                a.site,
                a.author,
                a.language,
                a.image,
                a.paywalled,
                a.published_at,
                a.date_source.as_str(),
                a.fetched_at,
                p.hash,
                a.extract_error,
            ],
        )?;
        let id = self.0.last_insert_rowid();
        if let Some(sig) = &p.signature {
            super::clusters::assign(&self.0, id, a.published_at, sig)?;
        }
        super::search::write_index_row(&self.0, id, &p.index)?;
        Ok(id)
    }

    fn update_article(&mut self, id: i64, p: &Prepared<'_>, now: i64) -> Result<(), StoreError> {
        let a = p.a;
        self.0.execute(
            "UPDATE articles SET title = ?2, teaser = ?3, blocks_json = ?4, content = ?5, \
             author = ?6, language = ?7, image = ?8, paywalled = ?9, updated_at = ?10, \
             content_hash = ?11, extract_error = NULL WHERE id = ?1",
            params![
                id,
                a.title,
                a.teaser,
                p.blocks_json,
                p.content,
                a.author,
                a.language,
                a.image,
                a.paywalled,
                now,
                p.hash
            ],
        )?;
        super::search::write_index_row(&self.0, id, &p.index)?;
        Ok(())
    }

    fn insert_tldr(&mut self, id: i64, p: &Prepared<'_>, now: i64) -> Result<(), StoreError> {
        self.0.execute(
            "INSERT INTO tldrs (article_id, method, model, text, sentences_json, accepted, verdict, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, 1, 'ok', ?6)",
            params![id, p.method, p.a.tldr.model, p.a.tldr.text(), p.sentences_json, now],
        )?;
        Ok(())
    }

    fn upsert_entry(
        &mut self,
        source_id: i64,
        entry: &EntryRef<'_>,
        article_id: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        upsert_entry(&self.0, source_id, entry, article_id, now)
    }
}

/// Records (or re-points) a source's entry to an article.
fn upsert_entry(
    conn: &Connection,
    source_id: i64,
    entry: &EntryRef<'_>,
    article_id: i64,
    now: i64,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO entries (source_id, entry_key, article_id, title, seen_at, link, entry_hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
         ON CONFLICT (source_id, entry_key) DO UPDATE SET article_id = excluded.article_id, \
         title = excluded.title, link = excluded.link, entry_hash = excluded.entry_hash",
        params![
            source_id,
            entry.key,
            article_id,
            entry.title,
            now,
            entry.link,
            entry.hash
        ],
    )?;
    Ok(())
}

/// The current time in Unix seconds.
fn now() -> i64 {
    shared::now()
}
