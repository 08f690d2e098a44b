//! The SQLite engine of the store: one file, WAL mode, migrations from `migrations/sqlite/`.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};

use super::search::IndexWrite;
use super::shared::{
    self, article_from, source_from, Cols, Derived, Prepared, SaveTx, ARTICLE_COLUMNS,
    SOURCE_COLUMNS, TLDR_JOIN,
};
use super::{EntryRef, NewArticle, SaveOutcome, Source, StoreError, StoredArticle};

/// The migrations, in order; each runs once, in its own transaction.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/sqlite/0001_init.sql")),
    (2, include_str!("../../migrations/sqlite/0002_ingest.sql")),
    (3, include_str!("../../migrations/sqlite/0003_search.sql")),
    (4, include_str!("../../migrations/sqlite/0004_clusters.sql")),
    (5, include_str!("../../migrations/sqlite/0005_llm.sql")),
    (6, include_str!("../../migrations/sqlite/0006_accounts.sql")),
    (9, include_str!("../../migrations/sqlite/0009_serving.sql")),
    (
        10,
        include_str!("../../migrations/sqlite/0010_recent_search.sql"),
    ),
    (
        11,
        include_str!("../../migrations/sqlite/0011_fts_prefix.sql"),
    ),
    (
        12,
        include_str!("../../migrations/sqlite/0012_cluster_keys_unindexed.sql"),
    ),
    (
        13,
        include_str!("../../migrations/sqlite/0013_one_band_row.sql"),
    ),
    (
        14,
        include_str!("../../migrations/sqlite/0014_cluster_keys_in_articles.sql"),
    ),
    (15, include_str!("../../migrations/sqlite/0015_readers.sql")),
    (16, include_str!("../../migrations/sqlite/0016_reading.sql")),
    (17, include_str!("../../migrations/sqlite/0017_ressort.sql")),
    (
        18,
        include_str!("../../migrations/sqlite/0018_event_keys.sql"),
    ),
    (
        19,
        include_str!("../../migrations/sqlite/0019_category_rules.sql"),
    ),
    (
        20,
        include_str!("../../migrations/sqlite/0020_reader_versions.sql"),
    ),
    (
        21,
        include_str!("../../migrations/sqlite/0021_briefing_delivery.sql"),
    ),
    (
        25,
        include_str!("../../migrations/sqlite/0025_embeddings.sql"),
    ),
    (
        26,
        include_str!("../../migrations/sqlite/0026_page_type.sql"),
    ),
    (
        27,
        include_str!("../../migrations/sqlite/0027_item_states_changed.sql"),
    ),
];

/// The database: one SQLite connection for writes behind a mutex, and (for a file) a few
/// query-only connections for the reads of the web pages, which WAL mode lets run beside the
/// writer and each other. Cheap to share through an `Arc`; callers in async code run its
/// methods on a blocking thread.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    /// The writer's copy of the story-cluster keys of the recent days; locked after `conn`,
    /// only while it is held.
    clusters: Mutex<super::clusters::ClusterCache>,
    readers: Vec<Mutex<Connection>>,
    next_reader: std::sync::atomic::AtomicUsize,
    /// The checkpointer thread of a file database (see [`start_checkpointer`]).
    checkpointer: Option<std::thread::JoinHandle<()>>,
    /// A file database's path and the file's (device, inode) when it was opened: the health
    /// check sees a file removed or replaced under the running process.
    file: Option<(std::path::PathBuf, (u64, u64))>,
}

/// Pages in the write-ahead log after a commit from which the checkpointer thread is woken
/// (SQLite's own auto-checkpoint threshold).
const CHECKPOINT_PAGES: std::ffi::c_int = 1000;
/// Pages from which the writer checkpoints within its commit after all, as SQLite's
/// auto-checkpoint would: the checkpointer has fallen far behind.
const CHECKPOINT_BACKSTOP_PAGES: std::ffi::c_int = 16_000;

/// Moves checkpointing (copying the write-ahead log into the database file, with its fsync) off
/// the writer: SQLite's auto-checkpoint runs inside the commit that crosses the threshold, on
/// the writer's connection, which is the pipeline's one serial step. Instead the writer's WAL
/// hook wakes a thread of its own, which runs passive checkpoints on its own connection beside
/// the writer (a passive checkpoint takes no lock the writer waits for). The thread ends when
/// the writer's connection drops its hook.
fn start_checkpointer(
    writer: &mut Connection,
    path: &str,
) -> Result<std::thread::JoinHandle<()>, StoreError> {
    let own = Connection::open(path)?;
    own.busy_timeout(std::time::Duration::from_secs(10))?;
    let (wake, woken) = std::sync::mpsc::sync_channel::<()>(1);
    let thread = std::thread::Builder::new()
        .name("kg-checkpoint".into())
        .spawn(move || {
            while woken.recv().is_ok() {
                if let Err(e) = own.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                    tracing::warn!(error = %e, "checkpoint failed; the next commit retries");
                }
            }
        })
        .map_err(|e| StoreError::Unsupported(format!("cannot start the checkpointer: {e}")))?;
    writer.wal_hook(Some(
        move |wal: &mut rusqlite::hooks::Wal, pages: std::ffi::c_int| {
            after_commit(
                pages,
                || wal.checkpoint(),
                || {
                    // Full: a wake-up is pending already.
                    let _ = wake.try_send(());
                },
            );
            Ok(())
        },
    ))?;
    Ok(thread)
}

/// What the writer's WAL hook does after each commit that left `pages` in the log: wake the
/// checkpointer, or at the backstop checkpoint here. It returns nothing on purpose: the hook
/// runs after the transaction is committed, and an error it returned would make SQLite report
/// the COMMIT as failed though it is durable. A backstop checkpoint fails with SQLITE_BUSY when
/// the checkpointer thread is checkpointing at that moment; reported, that made a committed
/// batch of articles look failed, so it was saved again one by one (`bench ingest`: 37
/// articles counted as updated, not new, and "cannot record poll" errors for sources whose poll
/// was recorded). The log is checkpointed by the next commit or by the checkpointer.
fn after_commit(
    pages: std::ffi::c_int,
    checkpoint: impl FnOnce() -> rusqlite::Result<()>,
    wake: impl FnOnce(),
) {
    if pages >= CHECKPOINT_BACKSTOP_PAGES {
        if let Err(e) = checkpoint() {
            tracing::debug!(error = %e, pages, "backstop checkpoint not done; the next commit retries");
        }
    } else if pages >= CHECKPOINT_PAGES {
        wake();
    }
}

impl Drop for SqliteStore {
    /// Stops the checkpointer: dropping the writer's WAL hook closes its wake-up channel. The
    /// hook is dropped even when a panic poisoned the connection's lock: otherwise the channel
    /// stays open and the join below waits forever (a failed assertion in a test that held the
    /// connection hung the whole CI run).
    fn drop(&mut self) {
        if let Some(thread) = self.checkpointer.take() {
            let conn = self
                .conn
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let _ = conn.wal_hook(
                None::<fn(&mut rusqlite::hooks::Wal, std::ffi::c_int) -> rusqlite::Result<()>>,
            );
            let _ = thread.join();
        }
    }
}

/// Query-only connections of a file database.
const READERS: usize = 2;

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 256;

/// Turns on SQLite's query planner stability guarantee for `conn`. Without it the bundled
/// SQLite (built with STAT4) marks a statement whose parameter compares with an indexed column
/// for re-preparing whenever that parameter's value changes, so a cached statement such as the
/// article page's `WHERE a.id = ?1` was parsed and planned again on every request (35% of the
/// server's CPU on article pages, measured with perf). The store runs no ANALYZE, so no plan
/// could have depended on the values anyway.
fn stable_plans(conn: &Connection) -> Result<(), StoreError> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
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
        // Every statement the pages, the API and ingestion use stays prepared (rusqlite keeps
        // 16 by default, fewer than the store has).
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        stable_plans(&conn)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A 32 MB page cache and memory-mapped reads: the index lookups of clustering and search
        // otherwise cost a pread per page.
        conn.pragma_update(None, "cache_size", -32_000)?;
        conn.pragma_update(None, "mmap_size", 256 * 1024 * 1024)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let path = conn.path().filter(|p| !p.is_empty()).map(str::to_string);
        let mut conn = conn;
        let checkpointer = match &path {
            Some(path) => Some(start_checkpointer(&mut conn, path)?),
            None => None,
        };
        let mut store = SqliteStore {
            conn: Mutex::new(conn),
            clusters: Mutex::default(),
            readers: Vec::new(),
            next_reader: std::sync::atomic::AtomicUsize::new(0),
            checkpointer,
            file: path.as_ref().and_then(|p| {
                use std::os::unix::fs::MetadataExt;
                let m = std::fs::metadata(p).ok()?;
                Some((std::path::PathBuf::from(p), (m.dev(), m.ino())))
            }),
        };
        store.migrate()?;
        store.ensure_search_index()?;
        if let Some(path) = path {
            for _ in 0..READERS {
                let r = Connection::open(&path)?;
                r.busy_timeout(std::time::Duration::from_secs(10))?;
                r.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
                stable_plans(&r)?;
                r.pragma_update(None, "query_only", "ON")?;
                // A small page cache each and no memory map: the server's resident memory stays
                // bounded however much of a large file the pages touch (mapped pages count).
                r.pragma_update(None, "cache_size", -8_000)?;
                r.pragma_update(None, "mmap_size", 0)?;
                r.pragma_update(None, "temp_store", "MEMORY")?;
                store.readers.push(Mutex::new(r));
            }
        }
        Ok(store)
    }

    /// Whether the database can be reached: the file is still the one opened (not removed or
    /// replaced) and answers a query.
    pub fn ping(&self) -> Result<(), StoreError> {
        if let Some((path, id)) = &self.file {
            use std::os::unix::fs::MetadataExt;
            let same = std::fs::metadata(path)
                .map(|m| (m.dev(), m.ino()) == *id)
                .unwrap_or(false);
            if !same {
                return Err(StoreError::Unsupported(format!(
                    "the database file {} is gone or was replaced",
                    path.display()
                )));
            }
        }
        let _: i64 =
            self.reader()
                .query_row("SELECT COUNT(*) FROM schema_migrations", [], |r| r.get(0))?;
        Ok(())
    }

    /// A query-only connection for reads (a free one if there is one); the writer's connection
    /// for a database without readers.
    pub(super) fn reader(&self) -> MutexGuard<'_, Connection> {
        if self.readers.is_empty() {
            return self.conn();
        }
        let start = self
            .next_reader
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        for k in 0..self.readers.len() {
            if let Ok(g) = self.readers[(start + k) % self.readers.len()].try_lock() {
                return g;
            }
        }
        self.readers[start % self.readers.len()]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
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
        Ok(query_all(&self.reader(), &sql, [id], |r: &Row<'_>| source_from(r))?.pop())
    }

    /// Every source, oldest subscription first.
    pub fn list_sources(&self) -> Result<Vec<Source>, StoreError> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources s ORDER BY s.id");
        query_all(&self.reader(), &sql, [], |r: &Row<'_>| source_from(r))
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
        _lease_owner: Option<&str>,
    ) -> Result<bool, StoreError> {
        // One process polls an SQLite store: there are no leases.
        let conn = self.conn();
        conn.execute(
            "UPDATE sources SET etag = COALESCE(?2, etag), last_modified = COALESCE(?3, last_modified), \
             title = COALESCE(?4, title), site_url = COALESCE(?5, site_url), \
             last_polled_at = ?6, last_success_at = ?6, consecutive_failures = 0, \
             poll_interval_secs = ?7, next_poll_at = ?6 + ?7 \
             WHERE id = ?1",
            params![id, etag, last_modified, title, site_url, now, poll_interval],
        )?;
        Ok(true)
    }

    /// Records a failed poll; the error stays visible on the source until the next success.
    pub fn record_poll_failure(
        &self,
        id: i64,
        kind: &str,
        message: &str,
        now: i64,
        next_poll_at: i64,
        _lease_owner: Option<&str>,
    ) -> Result<bool, StoreError> {
        let conn = self.conn();
        conn.execute(
            "UPDATE sources SET last_polled_at = ?4, last_error_kind = ?2, last_error = ?3, \
             last_error_at = ?4, consecutive_failures = consecutive_failures + 1, next_poll_at = ?5 \
             WHERE id = ?1",
            params![id, kind, message, now, next_poll_at],
        )?;
        Ok(true)
    }

    /// What `source_id` remembers of the entry `entry_key`: its article and entry hash.
    pub fn entry_state(
        &self,
        source_id: i64,
        entry_key: &str,
    ) -> Result<Option<(i64, Option<String>)>, StoreError> {
        let conn = self.reader();
        let mut st = conn.prepare_cached(
            "SELECT article_id, entry_hash FROM entries WHERE source_id = ?1 AND entry_key = ?2",
        )?;
        Ok(st
            .query_row(params![source_id, entry_key], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?)
    }

    /// The article stored for `url` (as fetched, as canonical URL, or as an entry's link).
    pub fn article_by_url(&self, url: &str) -> Result<Option<i64>, StoreError> {
        let conn = self.reader();
        let mut st = conn.prepare_cached(
            "SELECT id FROM articles WHERE url = ?1 OR canonical_url = ?1 \
             UNION ALL SELECT article_id FROM entries WHERE link = ?1 LIMIT 1",
        )?;
        Ok(st.query_row([url], |r| r.get(0)).optional()?)
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
        self.save_prepared(source_id, entry, a, &Derived::new(a)?)
    }

    /// [`SqliteStore::save_article`] for an article whose derived fields `d` are already made.
    pub(super) fn save_prepared(
        &self,
        source_id: i64,
        entry: &EntryRef<'_>,
        a: &NewArticle,
        d: &Derived,
    ) -> Result<SaveOutcome, StoreError> {
        let p = Prepared::new(a, d);
        let mut conn = self.conn();
        let mut clusters = self.clusters();
        let result = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            clusters.check_version(&tx)?;
            let outcome = shared::save(
                &mut SqliteSave::new(&tx, false, &mut clusters),
                source_id,
                entry,
                &p,
            )?;
            tx.commit()?;
            Ok(outcome)
        })();
        if result.is_err() {
            // Rolled back: what the cache took from this transaction is gone from the store.
            clusters.invalidate();
        }
        result
    }

    /// The writer's cluster cache; taken after [`SqliteStore::conn`], while it is held.
    fn clusters(&self) -> MutexGuard<'_, super::clusters::ClusterCache> {
        self.clusters.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Saves several articles in one transaction (group commit); their search index rows are
    /// written after all of them, so that FTS5 flushes its pending terms once per batch rather
    /// than at every statement transaction. When one article cannot be saved or the batch
    /// cannot be committed, the whole transaction is rolled back and each article is saved
    /// again in a transaction of its own, so that one that fails leaves the others. One result
    /// per item, in order.
    pub(super) fn save_batch(
        &self,
        items: &[(i64, EntryRef<'_>, &NewArticle, &Derived)],
    ) -> Vec<Result<SaveOutcome, StoreError>> {
        match self.try_batch(items) {
            Ok(outcomes) => outcomes.into_iter().map(Ok).collect(),
            Err(e) => {
                // Rolled back: what the cache took from this transaction is gone from the store.
                self.clusters().invalidate();
                tracing::warn!(error = %e, articles = items.len(), "batch not committed: saving each article alone");
                items
                    .iter()
                    .map(|(source, entry, a, d)| self.save_prepared(*source, entry, a, d))
                    .collect()
            }
        }
    }

    /// Saves the batch in one transaction, or fails as a whole (rolled back) at the first
    /// article that cannot be saved: [`SqliteStore::save_batch`] then saves each article alone.
    /// No savepoint per article: SQLite copies every page an open savepoint touches first into
    /// its statement journal, which cost about 7% of the writer's instructions (and more of its
    /// time: the copies are memory traffic), for an error that hardly ever comes.
    fn try_batch(
        &self,
        items: &[(i64, EntryRef<'_>, &NewArticle, &Derived)],
    ) -> Result<Vec<SaveOutcome>, StoreError> {
        let mut conn = self.conn();
        let mut clusters = self.clusters();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        clusters.check_version(&tx)?;
        let mut outcomes = Vec::with_capacity(items.len());
        let mut rows: Vec<IndexWrite<'_>> = Vec::new();
        for (source, entry, a, d) in items {
            let p = Prepared::new(a, d);
            let mut save = SqliteSave::new(&tx, true, &mut clusters);
            let outcome = shared::save(&mut save, *source, entry, &p)?;
            let indexed = save.deferred.take().unwrap_or_default();
            rows.extend(indexed.into_iter().map(|(id, fresh)| IndexWrite {
                id,
                row: &d.index,
                fresh,
            }));
            outcomes.push(outcome);
        }
        super::search::write_index_rows(&tx, &rows)?;
        tx.commit()?;
        Ok(outcomes)
    }

    /// The newest articles ([`shared::newest_sql`]), of one Ressort (its slug) or of all,
    /// newest first; `before` pages by `(published_at, id)`.
    pub fn newest(
        &self,
        ressort: Option<&str>,
        limit: usize,
        before: Option<(i64, i64)>,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        let conn = self.reader();
        let (bp, bi) = before.unwrap_or((i64::MAX, i64::MAX));
        let sql = shared::newest_sql('?', ressort.is_some());
        let limit = limit as i64;
        match ressort {
            Some(r) => query_all(&conn, &sql, params![bp, bi, limit, r], |r: &Row<'_>| {
                article_from(r)
            }),
            None => query_all(&conn, &sql, params![bp, bi, limit], |r: &Row<'_>| {
                article_from(r)
            }),
        }
    }

    /// One article by id.
    pub fn article(&self, id: i64) -> Result<Option<StoredArticle>, StoreError> {
        let conn = self.reader();
        let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles a {TLDR_JOIN} WHERE a.id = ?1");
        Ok(query_all(&conn, &sql, [id], |r: &Row<'_>| article_from(r))?.pop())
    }

    /// The sources (id, title or URL) that carried the article.
    pub fn article_sources(&self, id: i64) -> Result<Vec<(i64, String)>, StoreError> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
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
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(f(r)?);
    }
    Ok(out)
}

/// The save steps of one article on a connection inside a `BEGIN IMMEDIATE` transaction. With `deferred` (a batch), the ids whose search index rows are due are
/// collected there, each with whether its article is new, instead of written (the batch writes
/// them at its end).
struct SqliteSave<'c> {
    conn: &'c Connection,
    deferred: Option<Vec<(i64, bool)>>,
    clusters: &'c mut super::clusters::ClusterCache,
}

impl<'c> SqliteSave<'c> {
    fn new(
        conn: &'c Connection,
        defer_index: bool,
        clusters: &'c mut super::clusters::ClusterCache,
    ) -> SqliteSave<'c> {
        SqliteSave {
            conn,
            deferred: defer_index.then(Vec::new),
            clusters,
        }
    }

    /// Writes (or, deferring, notes) the search index row of article `id`; `fresh`: the
    /// article was inserted in this transaction.
    fn index(&mut self, id: i64, p: &Prepared<'_>, fresh: bool) -> Result<(), StoreError> {
        match &mut self.deferred {
            Some(ids) => ids.push((id, fresh)),
            None => {
                let w = IndexWrite {
                    id,
                    row: &p.index,
                    fresh,
                };
                super::search::write_index_row(self.conn, w)?
            }
        }
        Ok(())
    }
}

impl SaveTx for SqliteSave<'_> {
    fn put_embedding(&mut self, id: i64, e: &crate::cluster::Embedding) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(shared::UPSERT_EMBEDDING_SQL)?
            .execute(params![
                id,
                e.model,
                crate::cluster::vector_bytes(&e.vector)
            ])?;
        Ok(())
    }

    fn find_by_url(
        &mut self,
        url: &str,
        canonical: &str,
    ) -> Result<Option<(i64, String)>, StoreError> {
        Ok(self
            .conn
            // Four covering-index look-ups for the lowest id, then its row: a third cheaper
            // for the writer than one `url IN (…) OR canonical_url IN (…)` (a multi-index OR
            // whose rows are sorted in a temporary B-tree).
            .prepare_cached(
                "SELECT id, content_hash FROM articles WHERE id = (SELECT min(id) FROM ( \
                 SELECT id FROM articles WHERE url = ?1 UNION ALL \
                 SELECT id FROM articles WHERE url = ?2 UNION ALL \
                 SELECT min(id) FROM articles WHERE canonical_url = ?1 UNION ALL \
                 SELECT min(id) FROM articles WHERE canonical_url = ?2))",
            )?
            .query_row(params![url, canonical], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn find_by_site_hash(
        &mut self,
        site: &str,
        hash: &str,
    ) -> Result<Option<(i64, String)>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, content_hash FROM articles WHERE site = ?1 AND content_hash = ?2 ORDER BY id LIMIT 1",
            )?
            .query_row(params![site, hash], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn insert_article(&mut self, p: &Prepared<'_>) -> Result<i64, StoreError> {
        let a = p.a;
        // The cluster is chosen first, so that the article's row is written once, whole.
        let sig = p.signature.as_ref();
        let cluster = match sig {
            Some(sig) => super::clusters::choose(
                self.conn,
                self.clusters,
                a.published_at,
                sig,
                p.embedding.as_ref(),
            )?,
            None => None,
        };
        self.conn
            .prepare_cached(
                "INSERT INTO articles (url, canonical_url, title, teaser, blocks_json, content, site, \
                 author, language, image, paywalled, published_at, date_source, fetched_at, updated_at, \
                 content_hash, extract_error, simhash, title_terms, agency, cluster_id, \
                 title_term_hashes, ressort, event_key_hashes, page_type) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15, ?16, \
                 ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
            )?
            .execute(params![
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
                sig.map(|s| s.simhash as i64),
                sig.map_or(0, |s| s.title_terms.len() as i64),
                sig.and_then(|s| s.agency.as_deref()),
                cluster,
                sig.map(|s| super::clusters::term_list(&s.title_terms)),
                a.ressort.map(|r| r.slug()),
                sig.map(|s| super::clusters::term_list(&s.event_keys)),
                a.page_type.as_str(),
            ])?;
        let id = self.conn.last_insert_rowid();
        if let Some(sig) = sig {
            self.clusters.add(id, a.published_at, sig);
        }
        self.index(id, p, true)?;
        Ok(id)
    }

    fn update_article(&mut self, id: i64, p: &Prepared<'_>, now: i64) -> Result<(), StoreError> {
        let a = p.a;
        self.conn
            .prepare_cached(
                "UPDATE articles SET title = ?2, teaser = ?3, blocks_json = ?4, content = ?5, \
                 author = ?6, language = ?7, image = ?8, paywalled = ?9, updated_at = ?10, \
                 content_hash = ?11, extract_error = NULL, ressort = COALESCE(?12, ressort), \
                 page_type = ?13 WHERE id = ?1",
            )?
            .execute(params![
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
                p.hash,
                a.ressort.map(|r| r.slug()),
                a.page_type.as_str(),
            ])?;
        self.index(id, p, false)?;
        self.conn
            .prepare_cached(
                "UPDATE tldrs SET superseded_at = ?2 WHERE article_id = ?1 AND superseded_at IS NULL",
            )?
            .execute(params![id, now])?;
        Ok(())
    }

    fn insert_tldr(&mut self, id: i64, p: &Prepared<'_>, now: i64) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO tldrs (article_id, method, model, text, sentences_json, accepted, verdict, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, 'ok', ?6)",
            )?
            .execute(params![id, p.method, p.a.tldr.model, p.a.tldr.text(), p.sentences_json, now])?;
        Ok(())
    }

    fn upsert_entry(
        &mut self,
        source_id: i64,
        entry: &EntryRef<'_>,
        article_id: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        upsert_entry(self.conn, source_id, entry, article_id, now)
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
    conn.prepare_cached(
        "INSERT INTO entries (source_id, entry_key, article_id, title, seen_at, link, entry_hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
         ON CONFLICT (source_id, entry_key) DO UPDATE SET article_id = excluded.article_id, \
         title = excluded.title, link = excluded.link, entry_hash = excluded.entry_hash",
    )?
    .execute(params![
        source_id,
        entry.key,
        article_id,
        entry.title,
        now,
        entry.link,
        entry.hash
    ])?;
    Ok(())
}

/// The current time in Unix seconds.
fn now() -> i64 {
    shared::now()
}

// ---- Accounts, sessions, API tokens, reader state and metrics counts (issue 6) ----

use super::{ReaderFilter, ReaderItem, StoreCounts, UnreadCount};

/// Columns of a [`ReaderItem`] for the user `?1`, over `articles a`.
const READER_ITEM_COLUMNS: &str = "a.id, a.published_at, \
    (SELECT MIN(e.source_id) FROM entries e JOIN subscriptions su ON su.source_id = e.source_id \
    AND su.user_id = ?1 WHERE e.article_id = a.id), \
    COALESCE(st.is_read, 0), COALESCE(st.starred, 0)";

impl rusqlite::ToSql for shared::Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match *self {
            shared::Arg::Int(v) => Ok(rusqlite::types::ToSqlOutput::from(v)),
            shared::Arg::OptInt(v) => Ok(match v {
                Some(n) => rusqlite::types::ToSqlOutput::from(n),
                None => rusqlite::types::ToSqlOutput::from(rusqlite::types::Null),
            }),
            shared::Arg::Text(v) => v.to_sql(),
            shared::Arg::OptText(v) => Ok(match v {
                Some(t) => rusqlite::types::ToSqlOutput::from(t),
                None => rusqlite::types::ToSqlOutput::from(rusqlite::types::Null),
            }),
        }
    }
}

/// The statements `readers.rs` writes once for both engines: writes on the writer's connection
/// in one immediate transaction, reads on a reader connection.
impl shared::Db for SqliteStore {
    fn write(&self, stmts: &[(&str, &[shared::Arg<'_>])]) -> Result<Vec<u64>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut changed = Vec::with_capacity(stmts.len());
        for (sql, args) in stmts {
            let mut st = tx.prepare_cached(sql)?;
            changed.push(st.execute(rusqlite::params_from_iter(args.iter()))? as u64);
        }
        tx.commit()?;
        Ok(changed)
    }

    fn read(
        &self,
        sql: &str,
        args: &[shared::Arg<'_>],
        f: &mut dyn FnMut(&dyn Cols) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let conn = self.reader();
        let mut st = conn.prepare_cached(sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            f(r)?;
        }
        Ok(())
    }
}

fn reader_item_from_row(r: &Row<'_>) -> rusqlite::Result<ReaderItem> {
    Ok(ReaderItem {
        id: r.get(0)?,
        published_at: r.get(1)?,
        source_id: r.get(2)?,
        read: r.get(3)?,
        starred: r.get(4)?,
    })
}

impl SqliteStore {
    /// Every source's id and name (title, else URL), oldest first: the light list for forms.
    pub fn source_names(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let conn = self.reader();
        let mut stmt =
            conn.prepare_cached("SELECT id, COALESCE(title, url) FROM sources ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The articles of a reader stream for `user_id`, in the stream's order.
    pub fn reader_items(
        &self,
        user_id: i64,
        f: &ReaderFilter,
    ) -> Result<Vec<ReaderItem>, StoreError> {
        let (cmp, order, (ap, ai)) = f.order();
        // Only the sources the reader follows (in the label's category, for a label stream);
        // starred articles stay in the starred stream when their source is unsubscribed.
        let scope = if f.starred_only && f.category.is_none() {
            String::new()
        } else {
            super::readers::scope_filter(Some(user_id), f.category)
        };
        let sql = format!(
            "SELECT {READER_ITEM_COLUMNS} FROM articles a \
             LEFT JOIN item_states st ON st.user_id = ?1 AND st.article_id = a.id \
             WHERE (?2 IS NULL OR EXISTS (SELECT 1 FROM entries e WHERE e.article_id = a.id AND e.source_id = ?2)) \
             AND (?3 = 0 OR COALESCE(st.starred, 0) = 1) \
             AND (?4 = 0 OR COALESCE(st.is_read, 0) = 0) \
             AND (?5 = 0 OR COALESCE(st.is_read, 0) = 1) \
             AND a.published_at >= ?6 AND a.published_at < ?7 \
             AND (a.published_at, a.id) {cmp} (?8, ?9) \
             {scope} \
             ORDER BY a.published_at {order}, a.id {order} LIMIT ?10"
        );
        let conn = self.reader();
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(
            params![
                user_id,
                f.source,
                f.starred_only,
                f.exclude_read,
                f.read_only,
                f.newer_than.unwrap_or(i64::MIN),
                f.older_than.unwrap_or(i64::MAX),
                ap,
                ai,
                f.limit as i64
            ],
            reader_item_from_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The reader state of the given articles for `user_id` (unknown ids are left out), in the
    /// order asked.
    pub fn reader_items_by_id(
        &self,
        user_id: i64,
        ids: &[i64],
    ) -> Result<Vec<ReaderItem>, StoreError> {
        let conn = self.reader();
        let sql = format!(
            "SELECT {READER_ITEM_COLUMNS} FROM articles a \
             LEFT JOIN item_states st ON st.user_id = ?1 AND st.article_id = a.id WHERE a.id = ?2"
        );
        // Kept prepared: every logged-in article view reads its item's state.
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(item) = stmt
                .query_row(params![user_id, id], reader_item_from_row)
                .optional()?
            {
                out.push(item);
            }
        }
        Ok(out)
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
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = now();
        let mut n = 0;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO item_states (user_id, article_id, is_read, starred, updated_at) \
                 SELECT ?1, a.id, COALESCE(?3, 0), COALESCE(?4, 0), ?5 FROM articles a WHERE a.id = ?2 \
                 ON CONFLICT (user_id, article_id) DO UPDATE SET is_read = COALESCE(?3, is_read), \
                 starred = COALESCE(?4, starred), updated_at = ?5",
            )?;
            for id in ids {
                n += stmt.execute(params![user_id, id, read, starred, now])?;
            }
        }
        tx.commit()?;
        Ok(n)
    }

    /// Marks every article (of `source`, when given) published at or before `until` as read for
    /// `user_id`; returns how many rows changed.
    pub fn mark_all_read(
        &self,
        user_id: i64,
        source: Option<i64>,
        until: i64,
    ) -> Result<usize, StoreError> {
        Ok(self.conn().execute(
            "INSERT INTO item_states (user_id, article_id, is_read, starred, updated_at) \
             SELECT ?1, a.id, 1, 0, ?4 FROM articles a WHERE a.published_at <= ?3 \
             AND (?2 IS NULL OR EXISTS (SELECT 1 FROM entries e WHERE e.article_id = a.id AND e.source_id = ?2)) \
             ON CONFLICT (user_id, article_id) DO UPDATE SET is_read = 1, updated_at = excluded.updated_at",
            params![user_id, source, until, now()],
        )?)
    }

    /// Unread articles per source for `user_id`.
    pub fn unread_counts(&self, user_id: i64) -> Result<Vec<UnreadCount>, StoreError> {
        let conn = self.reader();
        let mut stmt = conn.prepare(
            "SELECT e.source_id, COUNT(DISTINCT a.id), MAX(a.published_at) FROM entries e \
             JOIN articles a ON a.id = e.article_id \
             LEFT JOIN item_states st ON st.user_id = ?1 AND st.article_id = a.id \
             WHERE COALESCE(st.is_read, 0) = 0 GROUP BY e.source_id ORDER BY e.source_id",
        )?;
        let rows = stmt.query_map([user_id], |r| {
            Ok(UnreadCount {
                source_id: r.get(0)?,
                count: r.get(1)?,
                newest: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Unread articles in all for `user_id` (each once, whatever number of sources carry it) and
    /// the publication time of the newest.
    pub fn unread_total(&self, user_id: i64) -> Result<(i64, i64), StoreError> {
        Ok(self.reader().query_row(
            "SELECT COUNT(*), COALESCE(MAX(a.published_at), 0) FROM articles a \
             LEFT JOIN item_states st ON st.user_id = ?1 AND st.article_id = a.id \
             WHERE COALESCE(st.is_read, 0) = 0",
            [user_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Totals for `/metrics`: articles, sources, failing sources by kind, TLDRs by method and
    /// gate rejections by reason.
    pub fn store_counts(&self) -> Result<StoreCounts, StoreError> {
        let conn = self.reader();
        let pairs = |sql: &str| -> Result<Vec<(String, i64)>, StoreError> {
            let mut stmt = conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        Ok(StoreCounts {
            articles: conn.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))?,
            sources: conn.query_row("SELECT COUNT(*) FROM sources", [], |r| r.get(0))?,
            failing_sources: pairs(
                "SELECT COALESCE(last_error_kind, 'unknown'), COUNT(*) FROM sources \
                 WHERE consecutive_failures > 0 GROUP BY 1 ORDER BY 1",
            )?,
            tldrs_by_method: pairs(
                "SELECT method, COUNT(*) FROM tldrs WHERE accepted = 1 GROUP BY 1 ORDER BY 1",
            )?,
            tldr_rejections: pairs(
                // Per reason code of the gate's verdict (JSON); a TLDR with two defects counts
                // under both.
                "SELECT COALESCE(json_extract(r.value, '$.reason'), 'unknown'), COUNT(*) \
                 FROM tldrs t, json_each(CASE WHEN json_valid(t.verdict) THEN t.verdict ELSE '{\"reasons\":[{}]}' END, '$.reasons') r \
                 WHERE t.accepted = 0 GROUP BY 1 ORDER BY 1",
            )?,
        })
    }
}

// ---- Fast seeding for `bench serve` (issue 6) ----

/// An article made ready for [`Store::seed_articles`]: JSON, hash and search-index row computed
/// up front (on any thread), so the writer only inserts.
pub struct SeedRow {
    article: NewArticle,
    content: String,
    hash: String,
    blocks: String,
    method: &'static str,
    sentences: String,
    index: super::search::IndexRow,
}

impl SeedRow {
    /// Prepares an article for seeding.
    pub fn new(article: NewArticle) -> Result<SeedRow, StoreError> {
        let content = article.content();
        let hash = shared::content_hash(&article.title, &content);
        let blocks = shared::blocks_json(&article)?;
        let (method, sentences) = shared::tldr_json(&article)?;
        let index = super::search::index_row(&article.title, &content);
        Ok(SeedRow {
            article,
            content,
            hash,
            blocks,
            method,
            sentences,
            index,
        })
    }
}

impl SqliteStore {
    /// Inserts prepared articles of one source in one transaction, for benchmarks: no dedup
    /// look-ups and no story clusters (the article page then shows no "Auch berichtet von").
    /// Articles, TLDRs, entries and the search index are written as `save_article` writes them.
    pub fn seed_articles(&self, source_id: i64, rows: &[SeedRow]) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = now();
        {
            let mut art = tx.prepare_cached(
                "INSERT INTO articles (url, canonical_url, title, teaser, blocks_json, content, site, \
                 author, language, image, paywalled, published_at, date_source, fetched_at, updated_at, \
                 content_hash, extract_error, simhash, title_terms, agency, cluster_id, \
                 title_term_hashes) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15, ?16, \
                 NULL, 0, NULL, NULL, NULL)",
            )?;
            let mut tldr = tx.prepare_cached(
                "INSERT INTO tldrs (article_id, method, model, text, sentences_json, accepted, verdict, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, 'ok', ?6)",
            )?;
            let mut entry = tx.prepare_cached(
                "INSERT INTO entries (source_id, entry_key, article_id, title, seen_at, link, entry_hash) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?2, ?6)",
            )?;
            for r in rows {
                let a = &r.article;
                art.execute(params![
                    a.url,
                    a.canonical_url,
                    a.title,
                    a.teaser,
                    r.blocks,
                    r.content,
                    a.site,
                    a.author,
                    a.language,
                    a.image,
                    a.paywalled,
                    a.published_at,
                    a.date_source.as_str(),
                    a.fetched_at,
                    r.hash,
                    a.extract_error,
                ])?;
                let id = tx.last_insert_rowid();
                tldr.execute(params![
                    id,
                    r.method,
                    a.tldr.model,
                    a.tldr.text(),
                    r.sentences,
                    now
                ])?;
                entry.execute(params![source_id, a.url, id, a.title, now, r.hash])?;
                let w = IndexWrite {
                    id,
                    row: &r.index,
                    fresh: true,
                };
                super::search::write_index_row(&tx, w)?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// A store file put back into the state of an older schema: created at the latest one, then
/// changed by `sql` (which also removes the migrations it undoes from `schema_migrations`), so
/// that the next open applies them again. The folder lives as long as the returned guard.
// ---- Reading every day (issue 19): the SQL of `reading.rs`, run ----
use super::reading::{listed_from, rule_from, ListedRow, ReaderPrefs, Rule};

impl SqliteStore {
    /// Runs a list query of `reading.rs` on a reader connection.
    pub(super) fn query_listed(
        &self,
        sql: &str,
        params: &[i64],
    ) -> Result<Vec<ListedRow>, StoreError> {
        let conn = self.reader();
        query_all(
            &conn,
            sql,
            rusqlite::params_from_iter(params.iter()),
            |r: &Row<'_>| listed_from(r),
        )
    }

    /// A reader's version, read states (every read article, or with `since` those changed
    /// since then: [`super::reading::read_state_sql`]), subscriptions (source, category or 0)
    /// and filter rules, read in one snapshot (one read transaction), so the version names
    /// exactly that state.
    pub(super) fn reader_snapshot(
        &self,
        user_id: i64,
        since: Option<i64>,
    ) -> Result<super::reading::Snapshot, StoreError> {
        let conn = self.reader();
        let tx = conn.unchecked_transaction()?;
        let version: i64 = tx.query_row(super::reading::VERSION_SQL, [user_id], |r| r.get(0))?;
        let read = {
            let (sql, params) = super::reading::read_state_sql(user_id, since);
            let mut stmt = tx.prepare_cached(sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            rows.collect::<Result<Vec<(i64, bool)>, _>>()?
        };
        let follows = {
            let mut stmt = tx.prepare_cached(super::reading::FOLLOWS_SQL)?;
            let rows = stmt.query_map([user_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<Vec<(i64, i64)>, _>>()?
        };
        let rules = rules_in(&tx, user_id)?;
        tx.commit()?;
        Ok((version, read, follows, rules))
    }

    /// Ids above `above` of the articles whose stemmed title (with `title_only`) or title or
    /// text holds `keys` as a phrase, ascending: an FTS5 phrase query on the search index.
    pub(super) fn phrase_article_ids(
        &self,
        keys: &str,
        title_only: bool,
        above: i64,
    ) -> Result<Vec<i64>, StoreError> {
        let phrase = format!("\"{}\"", keys.replace('"', "\"\""));
        let expr = if title_only {
            format!("title : {phrase}")
        } else {
            phrase
        };
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT rowid FROM article_fts WHERE article_fts MATCH ?1 AND rowid > ?2 ORDER BY rowid",
        )?;
        let rows = stmt.query_map(params![expr, above], |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<i64>, _>>()?)
    }

    /// Runs statements returning ids (`RETURNING`), each of one reader, in one transaction
    /// that reads each one's reader's version right before and after it: `(before, ids,
    /// after)` per statement.
    pub(super) fn write_versioned(
        &self,
        writes: &[super::reading::VersionedWrite],
    ) -> Result<Vec<super::reading::Versioned>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version = |tx: &rusqlite::Transaction<'_>, user_id: i64| -> Result<i64, StoreError> {
            let mut stmt = tx.prepare_cached(super::reading::VERSION_SQL)?;
            Ok(stmt.query_row([user_id], |r| r.get(0))?)
        };
        let mut out = Vec::with_capacity(writes.len());
        for (user_id, sql, params) in writes {
            let before = version(&tx, *user_id)?;
            let ids = {
                let mut stmt = tx.prepare_cached(sql)?;
                let rows =
                    stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?;
                rows.collect::<Result<Vec<i64>, _>>()?
            };
            out.push((before, ids, version(&tx, *user_id)?));
        }
        tx.commit()?;
        Ok(out)
    }

    /// Runs a query of (id, text) rows.
    pub(super) fn query_id_texts(&self, sql: &str) -> Result<Vec<(i64, String)>, StoreError> {
        let conn = self.reader();
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Runs a query of integer pairs.
    pub(super) fn query_pairs(&self, sql: &str, p: i64) -> Result<Vec<(i64, i64)>, StoreError> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([p], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Runs a query of one integer.
    pub(super) fn query_int(&self, sql: &str, params: &[i64]) -> Result<i64, StoreError> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(sql)?;
        Ok(stmt.query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?)
    }

    /// A reader's settings and visits (the defaults when never set).
    pub(super) fn reader_prefs(&self, user_id: i64) -> Result<ReaderPrefs, StoreError> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT cluster_read, visit_at, visit_max_id, seen_max_id FROM reader_settings WHERE user_id = ?1",
        )?;
        Ok(stmt
            .query_row([user_id], |r| {
                Ok(ReaderPrefs {
                    cluster_read: r.get(0)?,
                    visit_at: r.get(1)?,
                    visit_max_id: r.get(2)?,
                    seen_max_id: r.get(3)?,
                })
            })
            .optional()?
            .unwrap_or_default())
    }

    /// Stores a reader's settings and visits.
    pub(super) fn put_reader_prefs(&self, user_id: i64, p: &ReaderPrefs) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO reader_settings (user_id, cluster_read, visit_at, visit_max_id, seen_max_id) \
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (user_id) DO UPDATE SET cluster_read = excluded.cluster_read, \
             visit_at = excluded.visit_at, visit_max_id = excluded.visit_max_id, seen_max_id = excluded.seen_max_id",
            params![user_id, p.cluster_read, p.visit_at, p.visit_max_id, p.seen_max_id],
        )?;
        Ok(())
    }

    /// A reader's filter rules, oldest first.
    pub(super) fn rules(&self, user_id: i64) -> Result<Vec<Rule>, StoreError> {
        rules_in(&self.reader(), user_id)
    }

    /// Stores a filter rule; its id.
    pub(super) fn add_rule(&self, user_id: i64, r: &Rule) -> Result<i64, StoreError> {
        let conn = self.conn();
        conn.execute(
            "INSERT INTO reader_rules (user_id, action, field, pattern, keys, source_id, category_id, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![user_id, r.action.as_str(), r.field.as_str(), r.pattern, r.keys, r.source_id, r.category_id, now()],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// Removes one of the reader's rules; false when the reader has no such rule.
    pub(super) fn remove_rule(&self, user_id: i64, id: i64) -> Result<bool, StoreError> {
        Ok(self.conn().execute(
            "DELETE FROM reader_rules WHERE user_id = ?1 AND id = ?2",
            params![user_id, id],
        )? > 0)
    }
}

/// A reader's filter rules read on `conn` (also inside a transaction: a snapshot's).
fn rules_in(conn: &Connection, user_id: i64) -> Result<Vec<Rule>, StoreError> {
    let mut stmt = conn.prepare_cached(super::reading::RULES_SQL)?;
    let mut rows = stmt.query([user_id])?;
    let mut rules = Vec::new();
    while let Some(r) = rows.next()? {
        rules.extend(rule_from(r)?);
    }
    Ok(rules)
}

#[cfg(test)]
pub(super) fn rewound_store(sql: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.db");
    SqliteStore::open_path(&path)
        .unwrap()
        .conn()
        .execute_batch(sql)
        .unwrap();
    (dir, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The database file's size in bytes (what checkpoints have copied into it).
    fn file_len(path: &Path) -> u64 {
        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
    }

    #[test]
    fn a_failed_backstop_checkpoint_does_not_fail_the_commit() {
        // The hook cannot fail: the checkpoint's error (SQLITE_BUSY while the checkpointer
        // thread checkpoints) is not passed on to the COMMIT that has already happened.
        let mut tried = false;
        let mut woken = false;
        super::after_commit(
            super::CHECKPOINT_BACKSTOP_PAGES,
            || {
                tried = true;
                Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    None,
                ))
            },
            || woken = true,
        );
        assert!(
            tried && !woken,
            "at the backstop the writer checkpoints itself"
        );
        let mut woken = false;
        super::after_commit(
            super::CHECKPOINT_PAGES,
            || panic!("below the backstop the writer does not checkpoint"),
            || woken = true,
        );
        assert!(woken, "past the threshold the checkpointer is woken");
    }

    #[test]
    fn a_store_whose_connection_lock_was_poisoned_still_drops() {
        // A panic while the connection is held poisons its lock; dropping the store must still
        // stop the checkpointer thread instead of waiting for it forever.
        let dir = tempfile::tempdir().unwrap();
        let store = std::sync::Arc::new(SqliteStore::open_path(&dir.path().join("kg.db")).unwrap());
        assert!(store.checkpointer.is_some());
        let held = store.clone();
        let panicked = std::thread::spawn(move || {
            let _conn = held.conn();
            panic!("a panic while the connection is held");
        })
        .join();
        assert!(panicked.is_err());
        assert!(store.conn.is_poisoned());
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            drop(std::sync::Arc::into_inner(store).unwrap());
            done.send(()).unwrap();
        });
        finished
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("dropping the store stops its checkpointer");
    }

    #[test]
    fn the_checkpointer_copies_the_log_into_the_file_beside_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kg.db");
        let store = SqliteStore::open_path(&path).unwrap();
        let before = file_len(&path);
        // About 3,000 pages of log: past the checkpointer's threshold, far from the writer's
        // own backstop, so only the checkpointer thread can have copied them.
        for i in 0..120 {
            store
                .set_setting(&format!("filler-{i}"), &"x".repeat(100_000))
                .unwrap();
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while file_len(&path) < before + 8_000_000 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(
            file_len(&path) >= before + 8_000_000,
            "database file {} bytes (was {before}): the log was not checkpointed",
            file_len(&path)
        );
        // The writer goes on, and the checkpointer stops with the store.
        store.set_setting("after", "1").unwrap();
        assert_eq!(store.setting("after").unwrap().as_deref(), Some("1"));
        drop(store);
        let again = SqliteStore::open_path(&path).unwrap();
        assert_eq!(
            again.setting("filler-7").unwrap().map(|v| v.len()),
            Some(100_000)
        );
        assert_eq!(again.integrity_check().unwrap(), "ok");
    }
}
