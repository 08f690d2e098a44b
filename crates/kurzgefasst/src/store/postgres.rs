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
//! A small pool of connections per `PgStore` ([`POOL_SIZE`]), reopened when the server closed
//! one. The client is the synchronous `postgres` crate, which runs its own small runtime:
//! callers in async code run these methods on a blocking thread, as for SQLite (and
//! [`super::Store`] moves calls made on an async thread off it). No TLS: the server is
//! expected on loopback or a private network.
//!
//! Saves of different articles run at once (in one process and across processes), each waiting
//! only for its own commit. Two saves that could see each other take a common
//! transaction-scoped advisory lock first ([`save_lock_keys`]): the same URL or canonical URL,
//! the same text on the same site (the dedup look-ups), or a shared SimHash band, pair of
//! title terms or pair of name keys (exactly what makes one a cluster candidate of the other). So a save
//! always sees every earlier save it could be linked to or clustered with, as SQLite's one
//! writer does, and the locks are taken in ascending order (no deadlock between savers).
//! Reads, polls and leases take no lock.

use std::ops::{Deref, DerefMut};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::ToStatement;
use postgres::{Client, Config, NoTls, Row, Statement, Transaction};
use std::collections::HashMap;

use super::search::{
    Bm25Corpus, IndexRow, ParsedQuery, SearchHit, SearchQuery, SearchResults, SearchSort,
};
use super::shared::{
    self, article_from, source_from, Cols, Derived, Prepared, SaveTx, ARTICLE_COLUMNS,
    SOURCE_COLUMNS, TLDR_JOIN,
};
use super::{ClusterSibling, EntryRef, NewArticle, SaveOutcome, Source, StoreError, StoredArticle};
use crate::cluster::{self, Signature};

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
    (6, include_str!("../../migrations/postgres/0006_llm.sql")),
    (
        7,
        include_str!("../../migrations/postgres/0007_accounts.sql"),
    ),
    (
        8,
        include_str!("../../migrations/postgres/0008_search_keys.sql"),
    ),
    (
        10,
        include_str!("../../migrations/postgres/0010_serving.sql"),
    ),
    (
        11,
        include_str!("../../migrations/postgres/0011_title_term_hashes.sql"),
    ),
    (
        12,
        include_str!("../../migrations/postgres/0012_readers.sql"),
    ),
    (
        13,
        include_str!("../../migrations/postgres/0013_reading.sql"),
    ),
    (
        14,
        include_str!("../../migrations/postgres/0014_ressort.sql"),
    ),
    (
        15,
        include_str!("../../migrations/postgres/0015_event_keys.sql"),
    ),
    (
        16,
        include_str!("../../migrations/postgres/0016_category_rules.sql"),
    ),
    (
        17,
        include_str!("../../migrations/postgres/0017_reader_versions.sql"),
    ),
    (
        18,
        include_str!("../../migrations/postgres/0018_briefing_delivery.sql"),
    ),
    (
        19,
        include_str!("../../migrations/postgres/0019_page_type.sql"),
    ),
    (
        22,
        include_str!("../../migrations/postgres/0022_embeddings.sql"),
    ),
    (
        23,
        include_str!("../../migrations/postgres/0023_item_states_changed.sql"),
    ),
];

/// The SET clause with which recording a poll's result gives up the poller's lease, the owner
/// being the statement's parameter number `owner`: in the same statement, so that a worker
/// killed after recording leaves no lease behind on a source that is no longer due (no other
/// worker would claim it before its next poll time, so the lease would stay).
fn release_own_lease(owner: usize) -> String {
    format!(
        "lease_owner = CASE WHEN lease_owner = ${owner} THEN NULL ELSE lease_owner END, \
         lease_until = CASE WHEN lease_owner = ${owner} THEN NULL ELSE lease_until END"
    )
}

/// Advisory lock held while a migration is checked and applied ("kg" + 1).
const MIGRATE_LOCK: i64 = 0x6b67_0001;

/// Advisory lock held while the search index is rebuilt ("kg" + 3).
const INDEX_LOCK: i64 = 0x6b67_0003;
/// The setting recording which `search.rs` index version built the PostgreSQL index rows.
pub(super) const PG_VERSION_SETTING: &str = "pg_search_index_version";

/// Errors of the PostgreSQL client become store errors, with the server's message or the I/O
/// error (the client's own message is only the kind, e.g. "db error").
impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> StoreError {
        // The client's own message is only the kind ("db error"); the server's error or the
        // I/O error comes from `as_db_error` or the error's source.
        let detail = match (e.as_db_error(), std::error::Error::source(&e)) {
            (Some(db), _) => format!("{e}: {db}"),
            (None, Some(source)) => format!("{e}: {source}"),
            (None, None) => e.to_string(),
        };
        StoreError::Postgres {
            message: detail,
            sqlstate: e.code().map(|c| c.code().to_string()),
        }
    }
}

/// Connections a [`PgStore`] keeps open at most: several saves and page requests of one
/// process run at once (each waits for its own commit to be flushed), as in several processes.
pub const POOL_SIZE: usize = 4;

/// The database: a small pool of PostgreSQL connections ([`POOL_SIZE`]), opened on demand and
/// reopened when the server closed one. Cheap to share through an `Arc`.
pub struct PgStore {
    config: Config,
    pool: Mutex<Pool>,
    returned: Condvar,
    /// The connection of source leases (claims, heartbeats, releases), apart from the pool:
    /// a worker's heartbeat must not wait behind its savers for a pooled connection (it did,
    /// for longer than a short lease, so live workers' leases expired and their sources were
    /// polled twice). Opened on first use, reopened when the server closed it.
    leases: Mutex<Option<Client>>,
}

/// Statements the save path prepared on one connection, by their SQL text.
type Statements = HashMap<&'static str, Statement>;

/// The idle connections (with their prepared statements) and how many are open in all.
struct Pool {
    idle: Vec<(Client, Statements)>,
    open: usize,
}

/// A connection taken from the pool of a [`PgStore`], given back when dropped.
pub(super) struct Conn<'a> {
    store: &'a PgStore,
    client: Option<Client>,
    statements: Statements,
}

impl Deref for Conn<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        self.client.as_ref().expect("connection held until drop")
    }
}

impl DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.client.as_mut().expect("connection held until drop")
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        let Some(client) = self.client.take() else {
            return;
        };
        let mut pool = self.store.pool();
        if client.is_closed() {
            pool.open -= 1;
            drop(pool);
            super::pg_call(move || drop(client));
        } else {
            pool.idle
                .push((client, std::mem::take(&mut self.statements)));
        }
        self.store.returned.notify_one();
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
            pool: Mutex::new(Pool {
                idle: vec![(client, Statements::new())],
                open: 1,
            }),
            returned: Condvar::new(),
            leases: Mutex::new(None),
        };
        store.migrate()?;
        store.ensure_search_index()?;
        Ok(store)
    }

    /// Runs `f` on the lease connection (see [`PgStore::leases`]), opening it first when
    /// there is none or the server closed it.
    fn with_lease_conn<R>(
        &self,
        f: impl FnOnce(&mut Client) -> Result<R, postgres::Error>,
    ) -> Result<R, StoreError> {
        let mut slot = self.leases.lock().unwrap_or_else(|e| e.into_inner());
        if slot.as_ref().is_none_or(Client::is_closed) {
            if let Some(closed) = slot.take() {
                super::pg_call(move || drop(closed));
            }
            *slot = Some(self.config.connect(NoTls)?);
        }
        let client = slot.as_mut().expect("the lease connection was just opened");
        Ok(f(client)?)
    }

    /// The pool's state. A panic while holding the lock cannot leave it inconsistent (it only
    /// moves clients and counts), so a poisoned lock is safe to reuse.
    fn pool(&self) -> MutexGuard<'_, Pool> {
        self.pool.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// An open connection: an idle one, else a new one while fewer than [`POOL_SIZE`] are
    /// open, else the next one given back. Callers hold one connection at a time.
    pub(super) fn conn(&self) -> Result<Conn<'_>, StoreError> {
        let mut pool = self.pool();
        loop {
            while let Some((client, statements)) = pool.idle.pop() {
                if client.is_closed() {
                    pool.open -= 1;
                    super::pg_call(move || drop(client));
                } else {
                    return Ok(Conn {
                        store: self,
                        client: Some(client),
                        statements,
                    });
                }
            }
            if pool.open < POOL_SIZE {
                pool.open += 1;
                drop(pool);
                return match self.config.connect(NoTls) {
                    Ok(client) => Ok(Conn {
                        store: self,
                        client: Some(client),
                        statements: Statements::new(),
                    }),
                    Err(e) => {
                        self.pool().open -= 1;
                        self.returned.notify_one();
                        Err(e.into())
                    }
                };
            }
            pool = self.returned.wait(pool).unwrap_or_else(|e| e.into_inner());
        }
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
        row.as_ref().map(source_from).transpose()
    }

    /// Every source, oldest subscription first.
    pub fn list_sources(&self) -> Result<Vec<Source>, StoreError> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources s ORDER BY s.id");
        let rows = self.conn()?.query(&sql, &[])?;
        rows.iter().map(source_from).collect()
    }

    /// Sources due for a poll at `now`, leased or not (workers use
    /// [`PgStore::claim_due_sources`] instead).
    pub fn due_sources(&self, now: i64) -> Result<Vec<Source>, StoreError> {
        let sql = format!(
            "SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.next_poll_at <= $1 ORDER BY s.next_poll_at, s.id"
        );
        let rows = self.conn()?.query(&sql, &[&now])?;
        rows.iter().map(source_from).collect()
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
        lease_owner: Option<&str>,
    ) -> Result<bool, StoreError> {
        let rows = self.conn()?.query(
            &format!(
                "UPDATE sources SET etag = COALESCE($2, etag), last_modified = COALESCE($3, last_modified), \
                 title = COALESCE($4, title), site_url = COALESCE($5, site_url), \
                 last_polled_at = $6, last_success_at = $6, consecutive_failures = 0, \
                 poll_interval_secs = $7, next_poll_at = $6::BIGINT + $7::BIGINT, {} \
                 WHERE id = $1 RETURNING lease_owner IS NULL",
                release_own_lease(8)
            ),
            &[&id, &etag, &last_modified, &title, &site_url, &now, &poll_interval, &lease_owner],
        )?;
        Ok(rows.first().is_none_or(|r| r.get(0)))
    }

    /// Records a failed poll; the error stays visible on the source until the next success.
    pub fn record_poll_failure(
        &self,
        id: i64,
        kind: &str,
        message: &str,
        now: i64,
        next_poll_at: i64,
        lease_owner: Option<&str>,
    ) -> Result<bool, StoreError> {
        let rows = self.conn()?.query(
            &format!(
                "UPDATE sources SET last_polled_at = $4, last_error_kind = $2, last_error = $3, \
                 last_error_at = $4, consecutive_failures = consecutive_failures + 1, next_poll_at = $5, \
                 {} WHERE id = $1 RETURNING lease_owner IS NULL",
                release_own_lease(6)
            ),
            &[&id, &kind, &message, &now, &next_poll_at, &lease_owner],
        )?;
        Ok(rows.first().is_none_or(|r| r.get(0)))
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
        upsert_entry(
            &mut *self.conn()?,
            UPSERT_ENTRY_SQL,
            source_id,
            entry,
            article_id,
            now(),
        )
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

    /// Stores an article, its TLDR and the entry that led to it, in one transaction (the
    /// decisions are [`shared::save`]'s, the same for both engines), under the advisory locks
    /// of [`save_lock_keys`].
    pub fn save_article(
        &self,
        source_id: i64,
        entry: &EntryRef<'_>,
        a: &NewArticle,
    ) -> Result<SaveOutcome, StoreError> {
        self.save_prepared(source_id, entry, a, &Derived::new(a)?)
    }

    /// [`PgStore::save_article`] for an article whose derived fields `d` are already made.
    pub(super) fn save_prepared(
        &self,
        source_id: i64,
        entry: &EntryRef<'_>,
        a: &NewArticle,
        d: &Derived,
    ) -> Result<SaveOutcome, StoreError> {
        let p = Prepared::new(a, d);
        let keys = save_lock_keys(&p);
        let mut conn = self.conn()?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = (|| -> Result<SaveOutcome, StoreError> {
                let conn: &mut Conn<'_> = &mut conn;
                let client = conn.client.as_mut().expect("connection held until drop");
                let mut save = PgSave {
                    tx: client.transaction()?,
                    statements: &mut conn.statements,
                };
                // In ascending order, so that two savers never wait for each other in a circle.
                save.execute(
                    "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT unnest($1::BIGINT[]) AS k ORDER BY k) AS keys",
                    &[&keys],
                )?;
                let outcome = shared::save(&mut save, source_id, entry, &p)?;
                save.tx.commit()?;
                Ok(outcome)
            })();
            match result {
                Ok(outcome) => return Ok(outcome),
                // Should the server still find a deadlock (or a unique URL taken meanwhile),
                // the transaction was rolled back: the save is tried again, seeing the other.
                Err(StoreError::Postgres {
                    sqlstate: Some(code),
                    ..
                }) if attempt < 3 && (code == "40P01" || code == "23505") => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The newest articles ([`shared::newest_sql`]), of one Ressort (its slug) or of all,
    /// newest first; `before` pages by `(published_at, id)`.
    pub fn newest(
        &self,
        ressort: Option<&str>,
        limit: usize,
        before: Option<(i64, i64)>,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        let (bp, bi) = before.unwrap_or((i64::MAX, i64::MAX));
        let sql = shared::newest_sql('$', ressort.is_some());
        let limit = limit as i64;
        let rows = match ressort {
            Some(r) => self.conn()?.query(&sql, &[&bp, &bi, &limit, &r])?,
            None => self.conn()?.query(&sql, &[&bp, &bi, &limit])?,
        };
        rows.iter().map(article_from).collect()
    }

    /// One article by id.
    pub fn article(&self, id: i64) -> Result<Option<StoredArticle>, StoreError> {
        let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles a {TLDR_JOIN} WHERE a.id = $1");
        match self.conn()?.query_opt(&sql, &[&id])? {
            Some(r) => Ok(Some(article_from(&r)?)),
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

    /// Whether the database can be reached: a connection answers a query.
    pub fn ping(&self) -> Result<(), StoreError> {
        self.conn()?.query_one("SELECT 1", &[])?;
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

    /// Rebuilds the search index's rows (the stemmed keys of every article) when they were made
    /// by another index version or not at all (articles copied in by `migrate`, or stored
    /// before migration 0008). Runs on connect, under an advisory lock.
    pub fn ensure_search_index(&self) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&INDEX_LOCK])?;
        let version: Option<String> = tx
            .query_opt(
                "SELECT value FROM settings WHERE key = $1",
                &[&PG_VERSION_SETTING],
            )?
            .map(|r| r.get(0));
        if version.as_deref() == Some(super::search::INDEX_VERSION) {
            return Ok(());
        }
        let rows = tx.query("SELECT id, title, content FROM articles", &[])?;
        for r in &rows {
            let index = super::search::index_row(r.get(1), r.get(2));
            write_index_row(&mut tx, WRITE_INDEX_SQL, r.get(0), &index)?;
        }
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&PG_VERSION_SETTING, &super::search::INDEX_VERSION],
        )?;
        tx.commit()?;
        if !rows.is_empty() {
            tracing::info!(articles = rows.len(), "search index rebuilt");
        }
        Ok(())
    }

    /// Forgets the index version so that the next [`PgStore::ensure_search_index`] rebuilds it,
    /// and rebuilds it now (used by `migrate` after copying articles).
    pub fn rebuild_search_index(&self) -> Result<(), StoreError> {
        self.conn()?.execute(
            "DELETE FROM settings WHERE key = $1",
            &[&PG_VERSION_SETTING],
        )?;
        self.ensure_search_index()
    }

    /// Sets the size of the recent window of search statistics (see SQLite's
    /// `set_search_recent_window`); both engines must use the same size to rank alike.
    pub fn set_search_recent_window(&self, window: i64) -> Result<(), StoreError> {
        self.set_setting(
            super::search::RECENT_WINDOW_SETTING,
            &window.max(1).to_string(),
        )
    }

    /// Searches the articles with the SQLite engine's semantics: the index holds the same
    /// stemmed keys (`search.rs`), matched through a `tsvector` over them (configuration
    /// `simple`: the stemming is done already) with the same terms (prefix words, phrases,
    /// exclusions), and relevance is FTS5's bm25 (title five times the text), computed from the
    /// keys of the newest [`super::search::RANK_WINDOW`] matches as SQLite ranks them. An empty
    /// query lists the articles that pass the filters, newest first.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, StoreError> {
        let parsed = ParsedQuery::parse(&q.text);
        let tsquery = parsed.tsquery();
        if tsquery.is_none() && !parsed.is_blank() {
            // Only excluded words: nothing to look for.
            return Ok(SearchResults {
                hits: Vec::new(),
                more: false,
            });
        }
        let limit = q.limit.max(1);
        let from = q.from.unwrap_or(i64::MIN);
        let until = q.until.unwrap_or(i64::MAX);
        let fetch = limit + 1;
        let filters = format!(
            "a.published_at >= $1 AND a.published_at < $2 \
            AND ($3::BIGINT IS NULL OR EXISTS (SELECT 1 FROM entries e WHERE e.article_id = a.id AND e.source_id = $3)){}",
            q.scope_conditions()
        );
        let mut conn = self.conn()?;
        let ids: Vec<(i64, f64)> = match (&tsquery, q.sort) {
            (Some(tsq), SearchSort::Relevance) => {
                let window = super::search::RANK_WINDOW.max(q.offset + fetch) as i64;
                // As SQLite's recent index: without filters, when the newest window of ids
                // (above `floor`) holds a whole rank window of matches, the bm25 statistics
                // come from those articles alone.
                let unfiltered = q.unfiltered();
                let recent_window: i64 = conn
                    .query_opt(
                        "SELECT value FROM settings WHERE key = $1",
                        &[&super::search::RECENT_WINDOW_SETTING],
                    )?
                    .and_then(|r| r.get::<_, String>(0).parse().ok())
                    .unwrap_or(super::search::RECENT_WINDOW)
                    .max(1);
                let max_id: i64 = conn
                    .query_one("SELECT COALESCE(MAX(id), 0)::BIGINT FROM articles", &[])?
                    .get(0);
                let floor = max_id - recent_window;
                let in_recent: i64 = if unfiltered && floor > 0 {
                    conn.query_one(
                        "SELECT COUNT(*) FROM (SELECT 1 FROM articles WHERE id > $1 \
                         AND search_tsv @@ to_tsquery('simple', $2) LIMIT $3) m",
                        &[&floor, tsq, &window],
                    )?
                    .get(0)
                } else {
                    0
                };
                let lo = if in_recent == window { floor } else { i64::MIN };
                let totals = conn.query_one(
                    "SELECT COUNT(*), COALESCE(SUM(search_tokens), 0)::BIGINT FROM articles WHERE id > $1",
                    &[&lo],
                )?;
                let mut hits = Vec::new();
                for part in parsed.positive_tsqueries() {
                    hits.push(
                        conn.query_one(
                            "SELECT COUNT(*) FROM articles WHERE id > $2 AND search_tsv @@ to_tsquery('simple', $1)",
                            &[&part, &lo],
                        )?
                        .get::<_, i64>(0),
                    );
                }
                let corpus = Bm25Corpus::new(totals.get(0), totals.get(1), &hits);
                let sql = format!(
                    "SELECT a.id, a.published_at, COALESCE(a.search_title, ''), COALESCE(a.search_body, ''), a.search_tokens \
                     FROM articles a WHERE a.search_tsv @@ to_tsquery('simple', $4) AND {filters} \
                     ORDER BY a.id DESC LIMIT $5"
                );
                let rows = conn.query(&sql, &[&from, &until, &q.source, tsq, &window])?;
                let mut scored: Vec<(f64, i64, i64)> = rows
                    .iter()
                    .filter_map(|r| {
                        parsed
                            .bm25(&corpus, r.get(2), r.get(3), r.get(4))
                            .map(|score| (score, r.get::<_, i64>(1), r.get::<_, i64>(0)))
                    })
                    .collect();
                // As SQLite orders: score, then newest first, then oldest stored.
                scored.sort_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)).then(x.2.cmp(&y.2)));
                scored
                    .into_iter()
                    .skip(q.offset)
                    .take(fetch)
                    .map(|(score, _, id)| (id, score))
                    .collect()
            }
            (Some(tsq), SearchSort::Date) => {
                let sql = format!(
                    "SELECT a.id FROM articles a WHERE a.search_tsv @@ to_tsquery('simple', $4) AND {filters} \
                     ORDER BY a.published_at DESC, a.id DESC LIMIT $5 OFFSET $6"
                );
                conn.query(
                    &sql,
                    &[
                        &from,
                        &until,
                        &q.source,
                        tsq,
                        &(fetch as i64),
                        &(q.offset as i64),
                    ],
                )?
                .iter()
                .map(|r| (r.get::<_, i64>(0), 0.0))
                .collect()
            }
            (None, _) => {
                let sql = format!(
                    "SELECT a.id FROM articles a WHERE {filters} \
                     ORDER BY a.published_at DESC, a.id DESC LIMIT $4 OFFSET $5"
                );
                conn.query(
                    &sql,
                    &[
                        &from,
                        &until,
                        &q.source,
                        &(fetch as i64),
                        &(q.offset as i64),
                    ],
                )?
                .iter()
                .map(|r| (r.get::<_, i64>(0), 0.0))
                .collect()
            }
        };
        let more = ids.len() > limit;
        let ids: Vec<(i64, f64)> = ids.into_iter().take(limit).collect();
        // The page's articles in one query (one round trip instead of one per hit).
        let wanted: Vec<i64> = ids.iter().map(|r| r.0).collect();
        let sql =
            format!("SELECT {ARTICLE_COLUMNS} FROM articles a {TLDR_JOIN} WHERE a.id = ANY($1)");
        let mut articles: std::collections::HashMap<i64, StoredArticle> = conn
            .query(&sql, &[&wanted])?
            .iter()
            .map(|r| article_from(r).map(|a| (a.id, a)))
            .collect::<Result<_, _>>()?;
        let mut hits = Vec::with_capacity(limit);
        for (id, score) in ids {
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
        let rows = self.with_lease_conn(|conn| {
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
        Ok(rows)
        })?;
        rows.iter().map(source_from).collect()
    }

    /// Extends every lease `owner` still holds to `until` (the worker's heartbeat); returns how
    /// many sources it still holds. A lease another worker took over after it expired is not
    /// `owner`'s any more and stays untouched.
    pub fn renew_leases(&self, owner: &str, until: i64) -> Result<u64, StoreError> {
        self.with_lease_conn(|c| {
            c.execute(
                "UPDATE sources SET lease_until = $2 WHERE lease_owner = $1",
                &[&owner, &until],
            )
        })
    }

    /// Gives up `owner`'s lease on a source (after polling it). False when `owner` did not hold
    /// it (it expired and another worker took it).
    pub fn release_lease(&self, source_id: i64, owner: &str) -> Result<bool, StoreError> {
        self.with_lease_conn(|c| {
            c.execute(
                "UPDATE sources SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2",
                &[&source_id, &owner],
            )
        })
        .map(|n| n > 0)
    }
}

/// The story cluster a new article published at `published` with signature `sig` joins: the
/// cluster of the closest earlier article within the window, by the same rules as the SQLite
/// engine (`store/clusters.rs`): the same text (SimHash within a few bits, found through any
/// identical 8-bit band), else the same event (title terms similar, else event keys shared: `cluster::choose_same_event`). An earlier article that
/// starts a cluster gets its own id as cluster id. `None`: a story of its own so far.
///
/// With an `embedding`, the candidates the event keys found are also compared by the
/// similarity of their stored vectors of the same model (`article_embeddings`).
fn choose_cluster(
    tx: &mut PgSave<'_>,
    published: i64,
    sig: &Signature,
    embedding: Option<&cluster::Embedding>,
) -> Result<Option<i64>, postgres::Error> {
    let (lo, hi) = (published - cluster::WINDOW, published + cluster::WINDOW);
    let (band_nos, band_values): (Vec<i64>, Vec<i64>) = cluster::bands(sig.simhash).unzip();
    // The candidate look-ups read only the covering indexes of `article_bands` and
    // `article_title_terms`; `articles` is read once, for the chosen article's cluster.
    // Candidates: the same text, found through any identical band: per band, the nearest
    // articles before and after (a bounded look-up however many texts share the band's value).
    let rows = tx.query(
        "SELECT b.article_id, b.simhash FROM unnest($1::BIGINT[], $2::BIGINT[]) AS w (band, value) \
         CROSS JOIN LATERAL ( \
             (SELECT article_id, simhash FROM article_bands \
              WHERE band = w.band AND value = w.value AND published_at BETWEEN $3 AND $4 \
              ORDER BY published_at DESC, article_id DESC LIMIT $6) \
             UNION ALL \
             (SELECT article_id, simhash FROM article_bands \
              WHERE band = w.band AND value = w.value AND published_at > $4 AND published_at <= $5 \
              ORDER BY published_at, article_id LIMIT $6)) b",
        &[&band_nos, &band_values, &lo, &published, &hi, &cluster::BAND_NEIGHBOURS],
    )?;
    let matches = rows
        .iter()
        .map(|r| (r.get::<_, i64>(0), r.get::<_, i64>(1)));
    // (score, article id)
    let mut best = cluster::best_same_text(sig.simhash, matches);
    // Candidates: the same event, found through shared title terms and shared event keys: per
    // term or key, the nearest articles before and after (a bounded look-up however common).
    if best.is_none() {
        let mut term_matches = Vec::new();
        if sig.title_terms.len() >= 2 {
            let rows = tx.query(
                "SELECT t.article_id, t.n_terms FROM unnest($1::BIGINT[]) AS w (term) \
                 CROSS JOIN LATERAL ( \
                     (SELECT article_id, n_terms FROM article_title_terms \
                      WHERE term = w.term AND published_at BETWEEN $2 AND $3 \
                      ORDER BY published_at DESC, article_id DESC LIMIT $5) \
                     UNION ALL \
                     (SELECT article_id, n_terms FROM article_title_terms \
                      WHERE term = w.term AND published_at > $3 AND published_at <= $4 \
                      ORDER BY published_at, article_id LIMIT $5)) t",
                &[
                    &sig.title_terms,
                    &lo,
                    &published,
                    &hi,
                    &cluster::TERM_NEIGHBOURS,
                ],
            )?;
            term_matches.extend(
                rows.iter()
                    .map(|r| (r.get::<_, i64>(0), r.get::<_, i64>(1))),
            );
        }
        // Both look-ups are made only when needed, and both read through the transaction.
        let cell = std::cell::RefCell::new(&mut *tx);
        let keys = || -> Result<Vec<cluster::EventKeyMatch>, postgres::Error> {
            let rows = cell.borrow_mut().query(
                "SELECT e.article_id, w.key, e.n_keys, e.published_at FROM unnest($1::BIGINT[]) AS w (key) \
                 CROSS JOIN LATERAL ( \
                     (SELECT article_id, n_keys, published_at FROM article_event_keys \
                      WHERE key = w.key AND published_at BETWEEN $2 AND $3 \
                      ORDER BY published_at DESC, article_id DESC LIMIT $5) \
                     UNION ALL \
                     (SELECT article_id, n_keys, published_at FROM article_event_keys \
                      WHERE key = w.key AND published_at > $3 AND published_at <= $4 \
                      ORDER BY published_at, article_id LIMIT $5)) e",
                &[
                    &sig.event_keys,
                    &lo,
                    &published,
                    &hi,
                    &cluster::KEY_NEIGHBOURS,
                ],
            )?;
            Ok(rows
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
                .collect())
        };
        let vectors = |ids: &[i64]| -> Result<Vec<(i64, Vec<f32>)>, postgres::Error> {
            let Some(e) = embedding else {
                return Ok(Vec::new());
            };
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(r) = cell
                    .borrow_mut()
                    .query_opt(&PG_EMBEDDING_SQL, &[id, &e.model])?
                {
                    let bytes: Vec<u8> = r.get(0);
                    if let Some(v) = cluster::vector_from_bytes(&bytes) {
                        out.push((*id, v));
                    }
                }
            }
            Ok(out)
        };
        best = cluster::choose_same_event(
            sig.title_terms.len(),
            term_matches,
            published,
            sig.event_keys.len(),
            keys,
            embedding.map(|e| e.vector.as_slice()),
            vectors,
        )?;
    }
    let Some((_, other)) = best else {
        return Ok(None);
    };
    let cl: Option<i64> = tx
        .query_one("SELECT cluster_id FROM articles WHERE id = $1", &[&other])?
        .get(0);
    if cl.is_none() {
        tx.execute(
            "UPDATE articles SET cluster_id = $1 WHERE id = $1",
            &[&other],
        )?;
    }
    Ok(Some(cl.unwrap_or(other)))
}

/// [`shared::EMBEDDING_SQL`] with PostgreSQL's placeholders.
static PG_EMBEDDING_SQL: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| shared::dollar_placeholders(shared::EMBEDDING_SQL));
/// [`shared::UPSERT_EMBEDDING_SQL`] with PostgreSQL's placeholders.
static PG_UPSERT_EMBEDDING_SQL: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| shared::dollar_placeholders(shared::UPSERT_EMBEDDING_SQL));

/// Stores the keys through which later articles find article `id` as a cluster candidate: its
/// SimHash bands, its title terms and its event keys.
fn insert_cluster_keys(
    tx: &mut PgSave<'_>,
    id: i64,
    published: i64,
    sig: &Signature,
) -> Result<(), postgres::Error> {
    let (band_nos, band_values): (Vec<i64>, Vec<i64>) = cluster::bands(sig.simhash).unzip();
    let n_terms = sig.title_terms.len() as i64;
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
    if !sig.event_keys.is_empty() {
        tx.execute(
            "INSERT INTO article_event_keys (key, published_at, article_id, n_keys) \
             SELECT w.key, $2, $3, $4 FROM unnest($1::BIGINT[]) AS w (key)",
            &[
                &sig.event_keys,
                &published,
                &id,
                &(sig.event_keys.len() as i64),
            ],
        )?;
    }
    Ok(())
}

impl Drop for PgStore {
    /// Closing a connection blocks on the client's runtime: done where that is allowed, also
    /// when the store is dropped inside async code.
    fn drop(&mut self) {
        let idle = std::mem::take(&mut self.pool().idle);
        let leases = self
            .leases
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if !idle.is_empty() || leases.is_some() {
            super::pg_call(move || drop((idle, leases)));
        }
    }
}

shared::impl_cols!(Row, try_get);

/// The advisory locks a save takes (see the module documentation): its URL and canonical
/// URL, its site and text, and its cluster candidates' keys (SimHash bands, pairs of title
/// terms, pairs of name keys).
fn save_lock_keys(p: &Prepared<'_>) -> Vec<i64> {
    let key = |parts: &[&str]| -> i64 {
        u64::from_str_radix(&super::stable_hash(parts), 16).unwrap_or(0) as i64
    };
    let mut keys = vec![
        key(&["url", &p.a.url]),
        key(&["url", p.canonical]),
        key(&["text", &p.a.site, &p.hash]),
    ];
    if let Some(sig) = &p.signature {
        for (band, value) in cluster::bands(sig.simhash) {
            keys.push(key(&["band", &band.to_string(), &value.to_string()]));
        }
        // Same-event candidates share at least two title terms, so a lock per pair of terms
        // suffices (one per term would make nearly every two saves wait for each other).
        let mut terms = sig.title_terms.clone();
        terms.sort_unstable();
        terms.dedup();
        for (i, a) in terms.iter().enumerate() {
            for b in &terms[i + 1..] {
                keys.push(key(&["terms", &a.to_string(), &b.to_string()]));
            }
        }
        // Same-event candidates by event keys share at least two names: a lock per pair of
        // name keys (at most [`cluster::MAX_EVENT_KEYS`] keys, so at most 45 pairs).
        let names: Vec<i64> = sig
            .event_keys
            .iter()
            .copied()
            .filter(|&k| cluster::is_name_key(k))
            .collect();
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                keys.push(key(&["names", &a.to_string(), &b.to_string()]));
            }
        }
        // With an embedding, one shared event key (name or number) can make a candidate: a
        // lock per key (at most ten), taken only by saves that carry an embedding.
        if p.embedding.is_some() {
            for k in &sig.event_keys {
                keys.push(key(&["key", &k.to_string()]));
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// A PostgreSQL transaction saving one article (under its [`save_lock_keys`]).
struct PgSave<'c> {
    tx: Transaction<'c>,
    statements: &'c mut Statements,
}

impl PgSave<'_> {
    /// The statement for `sql`, prepared once per connection.
    fn statement(&mut self, sql: &'static str) -> Result<Statement, postgres::Error> {
        if let Some(st) = self.statements.get(sql) {
            return Ok(st.clone());
        }
        let st = self.tx.prepare(sql)?;
        self.statements.insert(sql, st.clone());
        Ok(st)
    }

    fn execute(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, postgres::Error> {
        let st = self.statement(sql)?;
        self.tx.execute(&st, params)
    }

    fn query(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, postgres::Error> {
        let st = self.statement(sql)?;
        self.tx.query(&st, params)
    }

    fn query_opt(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, postgres::Error> {
        let st = self.statement(sql)?;
        self.tx.query_opt(&st, params)
    }

    fn query_one(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Row, postgres::Error> {
        let st = self.statement(sql)?;
        self.tx.query_one(&st, params)
    }
}

impl SaveTx for PgSave<'_> {
    fn put_embedding(&mut self, id: i64, e: &cluster::Embedding) -> Result<(), StoreError> {
        self.execute(
            &PG_UPSERT_EMBEDDING_SQL,
            &[&id, &e.model, &cluster::vector_bytes(&e.vector)],
        )?;
        Ok(())
    }

    fn find_by_url(
        &mut self,
        url: &str,
        canonical: &str,
    ) -> Result<Option<(i64, String)>, StoreError> {
        Ok(self
            .query_opt(
                "SELECT id, content_hash FROM articles \
                 WHERE url IN ($1, $2) OR canonical_url IN ($1, $2) ORDER BY id LIMIT 1",
                &[&url, &canonical],
            )?
            .map(|r| (r.get(0), r.get(1))))
    }

    fn find_by_site_hash(
        &mut self,
        site: &str,
        hash: &str,
    ) -> Result<Option<(i64, String)>, StoreError> {
        Ok(self.query_opt(
                "SELECT id, content_hash FROM articles WHERE site = $1 AND content_hash = $2 ORDER BY id LIMIT 1",
                &[&site, &hash],
            )?
            .map(|r| (r.get(0), r.get(1))))
    }

    fn insert_article(&mut self, p: &Prepared<'_>) -> Result<i64, StoreError> {
        let a = p.a;
        // One INSERT with everything (cluster and search index included): every later UPDATE
        // of the row would write a new version into every index, the search index's too.
        let (simhash, n_terms, agency, cluster_id) = match &p.signature {
            Some(sig) => (
                Some(sig.simhash as i64),
                sig.title_terms.len() as i64,
                sig.agency.clone(),
                choose_cluster(self, a.published_at, sig, p.embedding.as_ref())?,
            ),
            None => (None, 0, None, None),
        };
        let id: i64 = self
            .query_one(
                "INSERT INTO articles (url, canonical_url, title, teaser, blocks_json, content, site, \
                 author, language, image, paywalled, published_at, date_source, fetched_at, updated_at, \
                 content_hash, extract_error, search_title, search_body, search_tokens, \
                 simhash, title_terms, agency, cluster_id, title_term_hashes, ressort, event_key_hashes, \
                 page_type) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16, \
                 $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27) \
                 RETURNING id",
                &[
                    &a.url,
                    &a.canonical_url,
                    &a.title,
                    &a.teaser,
                    &p.blocks_json,
                    &p.content,
                    &a.site,
                    &a.author,
                    &a.language,
                    &a.image,
                    &a.paywalled,
                    &a.published_at,
                    &a.date_source.as_str(),
                    &a.fetched_at,
                    &p.hash,
                    &a.extract_error,
                    &p.index.title,
                    &p.index.body,
                    &p.index.tokens(),
                    &simhash,
                    &n_terms,
                    &agency,
                    &cluster_id,
                    &p.signature
                        .as_ref()
                        .map(|s| super::clusters::term_list(&s.title_terms)),
                    &a.ressort.map(|r| r.slug()),
                    &p.signature
                        .as_ref()
                        .map(|s| super::clusters::term_list(&s.event_keys)),
                    &a.page_type.as_str(),
                ],
            )?
            .get(0);
        if let Some(sig) = &p.signature {
            insert_cluster_keys(self, id, a.published_at, sig)?;
        }
        Ok(id)
    }

    fn update_article(&mut self, id: i64, p: &Prepared<'_>, now: i64) -> Result<(), StoreError> {
        let a = p.a;
        self.execute(
            "UPDATE articles SET title = $2, teaser = $3, blocks_json = $4, content = $5, \
             author = $6, language = $7, image = $8, paywalled = $9, updated_at = $10, \
             content_hash = $11, extract_error = NULL, \
             search_title = $12, search_body = $13, search_tokens = $14, \
             ressort = COALESCE($15, ressort), page_type = $16 WHERE id = $1",
            &[
                &id,
                &a.title,
                &a.teaser,
                &p.blocks_json,
                &p.content,
                &a.author,
                &a.language,
                &a.image,
                &a.paywalled,
                &now,
                &p.hash,
                &p.index.title,
                &p.index.body,
                &p.index.tokens(),
                &a.ressort.map(|r| r.slug()),
                &a.page_type.as_str(),
            ],
        )?;
        self.execute(
            "UPDATE tldrs SET superseded_at = $2 WHERE article_id = $1 AND superseded_at IS NULL",
            &[&id, &now],
        )?;
        Ok(())
    }

    fn insert_tldr(&mut self, id: i64, p: &Prepared<'_>, now: i64) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO tldrs (article_id, method, model, text, sentences_json, accepted, verdict, created_at) \
             VALUES ($1, $2, $3, $4, $5, TRUE, 'ok', $6)",
            &[&id, &p.method, &p.a.tldr.model, &p.a.tldr.text(), &p.sentences_json, &now],
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
        let st = self.statement(UPSERT_ENTRY_SQL)?;
        upsert_entry(&mut self.tx, &st, source_id, entry, article_id, now)
    }
}

/// Writes an article's search index row.
const WRITE_INDEX_SQL: &str =
    "UPDATE articles SET search_title = $2, search_body = $3, search_tokens = $4 WHERE id = $1";

/// Records (or re-points) a source's entry to an article.
const UPSERT_ENTRY_SQL: &str =
    "INSERT INTO entries (source_id, entry_key, article_id, title, seen_at, link, entry_hash) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) \
     ON CONFLICT (source_id, entry_key) DO UPDATE SET article_id = excluded.article_id, \
     title = excluded.title, link = excluded.link, entry_hash = excluded.entry_hash";

/// Writes an article's stemmed keys (the search index's row; the `tsvector` over them is a
/// generated column).
fn write_index_row<C: postgres::GenericClient, S: ToStatement + ?Sized>(
    c: &mut C,
    statement: &S,
    id: i64,
    index: &IndexRow,
) -> Result<(), StoreError> {
    c.execute(
        statement,
        &[&id, &index.title, &index.body, &index.tokens()],
    )?;
    Ok(())
}

/// Records (or re-points) a source's entry to an article.
fn upsert_entry<C: postgres::GenericClient, S: ToStatement + ?Sized>(
    c: &mut C,
    statement: &S,
    source_id: i64,
    entry: &EntryRef<'_>,
    article_id: i64,
    now: i64,
) -> Result<(), StoreError> {
    c.execute(
        statement,
        &[
            &source_id,
            &entry.key,
            &article_id,
            &entry.title,
            &now,
            &entry.link,
            &entry.hash,
        ],
    )?;
    Ok(())
}

/// The current time in Unix seconds.
fn now() -> i64 {
    shared::now()
}

// ---- Accounts, sessions, API tokens, reader state and metrics counts (issue 6) ----

use super::{ReaderFilter, ReaderItem, StoreCounts, UnreadCount};

/// Columns of a [`ReaderItem`] for the user `$1`, over `articles a`.
const READER_ITEM_COLUMNS: &str = "a.id, a.published_at, \
    (SELECT MIN(e.source_id) FROM entries e JOIN subscriptions su ON su.source_id = e.source_id \
    AND su.user_id = $1 WHERE e.article_id = a.id), \
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

/// The parameters of a statement of `readers.rs` as the client takes them.
fn pg_args<'a>(args: &'a [shared::Arg<'a>]) -> Vec<Box<dyn ToSql + Sync + 'a>> {
    args.iter()
        .map(|a| -> Box<dyn ToSql + Sync + 'a> {
            match *a {
                shared::Arg::Int(v) => Box::new(v),
                shared::Arg::OptInt(v) => Box::new(v),
                shared::Arg::Text(v) => Box::new(v),
                shared::Arg::OptText(v) => Box::new(v),
            }
        })
        .collect()
}

/// The statements `readers.rs` writes once for both engines (`?N` read as `$N`): writes in one
/// transaction on a pooled connection.
impl shared::Db for PgStore {
    fn write(&self, stmts: &[(&str, &[shared::Arg<'_>])]) -> Result<Vec<u64>, StoreError> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let mut changed = Vec::with_capacity(stmts.len());
        for (sql, args) in stmts {
            let boxed = pg_args(args);
            let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|b| b.as_ref()).collect();
            changed.push(tx.execute(&shared::dollar_placeholders(sql), &refs)?);
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
        let boxed = pg_args(args);
        let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|b| b.as_ref()).collect();
        for r in self
            .conn()?
            .query(&shared::dollar_placeholders(sql), &refs)?
        {
            f(&r)?;
        }
        Ok(())
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
             LEFT JOIN item_states st ON st.user_id = $1 AND st.article_id = a.id \
             WHERE ($2::BIGINT IS NULL OR EXISTS (SELECT 1 FROM entries e WHERE e.article_id = a.id AND e.source_id = $2)) \
             AND (NOT $3 OR COALESCE(st.starred, FALSE)) \
             AND (NOT $4 OR NOT COALESCE(st.is_read, FALSE)) \
             AND (NOT $5 OR COALESCE(st.is_read, FALSE)) \
             AND a.published_at >= $6 AND a.published_at < $7 \
             AND (a.published_at, a.id) {cmp} ($8::BIGINT, $9::BIGINT) \
             {scope} \
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
            // Per reason code of the gate's verdict (JSON); a TLDR with two defects counts
            // under both.
            "SELECT COALESCE(r->>'reason', 'unknown'), COUNT(*) FROM tldrs t, \
             jsonb_array_elements(CASE WHEN t.verdict LIKE '{%' THEN t.verdict::jsonb->'reasons' ELSE '[{}]'::jsonb END) r \
             WHERE NOT t.accepted GROUP BY 1 ORDER BY 1",
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

// ---- Reading every day (issue 19): the SQL of `reading.rs`, run ----

use super::reading::{listed_from, rule_from, ListedRow, ReaderPrefs, Rule};

/// Integer parameters as the client takes them.
fn int_params(params: &[i64]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|p| p as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

impl PgStore {
    /// Runs a list query of `reading.rs`.
    pub(super) fn query_listed(
        &self,
        sql: &str,
        params: &[i64],
    ) -> Result<Vec<ListedRow>, StoreError> {
        let rows = self.conn()?.query(sql, &int_params(params))?;
        rows.iter().map(listed_from).collect()
    }

    /// A reader's version, read states (every read article, or with `since` those changed
    /// since then: [`super::reading::read_state_sql`]), subscriptions (source, category or 0)
    /// and filter rules, read in one snapshot (a repeatable-read transaction), so the version
    /// names exactly that state.
    pub(super) fn reader_snapshot(
        &self,
        user_id: i64,
        since: Option<i64>,
    ) -> Result<super::reading::Snapshot, StoreError> {
        let pg = |sql: &str| sql.replace("?1", "$1").replace("?2", "$2");
        let mut conn = self.conn()?;
        let mut tx = conn
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let version: i64 = tx
            .query_one(&pg(super::reading::VERSION_SQL), &[&user_id])?
            .get(0);
        let read = {
            let (sql, params) = super::reading::read_state_sql(user_id, since);
            tx.query(&pg(sql), &int_params(&params))?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect()
        };
        let follows = tx
            .query(&pg(super::reading::FOLLOWS_SQL), &[&user_id])?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let rules = rules_from(&tx.query(&pg(super::reading::RULES_SQL), &[&user_id])?)?;
        tx.commit()?;
        Ok((version, read, follows, rules))
    }

    /// Ids above `above` of the articles whose stemmed title (with `title_only`) or title or
    /// text holds `keys` as a phrase, ascending: the search index's words narrow the rows
    /// (`search_tsv`), the phrase is then looked for in the stored keys themselves.
    pub(super) fn phrase_article_ids(
        &self,
        keys: &str,
        title_only: bool,
        above: i64,
    ) -> Result<Vec<i64>, StoreError> {
        // Keys are runs of letters and digits: no LIKE wildcard in them.
        let like = format!("% {keys} %");
        let sql = if title_only {
            "SELECT id FROM articles WHERE id > $1 AND search_tsv @@ plainto_tsquery('simple', $2) \
             AND (' ' || COALESCE(search_title, '') || ' ') LIKE $3 ORDER BY id"
        } else {
            "SELECT id FROM articles WHERE id > $1 AND search_tsv @@ plainto_tsquery('simple', $2) \
             AND ((' ' || COALESCE(search_title, '') || ' ') LIKE $3 \
                  OR (' ' || COALESCE(search_body, '') || ' ') LIKE $3) ORDER BY id"
        };
        let rows = self.conn()?.query(sql, &[&above, &keys, &like])?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Runs statements returning ids (`RETURNING`), each of one reader, in one transaction
    /// that reads each one's reader's version right before and after it: `(before, ids,
    /// after)` per statement.
    pub(super) fn write_versioned(
        &self,
        writes: &[super::reading::VersionedWrite],
    ) -> Result<Vec<super::reading::Versioned>, StoreError> {
        let version_sql = super::reading::VERSION_SQL.replace("?1", "$1");
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let mut out = Vec::with_capacity(writes.len());
        for (user_id, sql, params) in writes {
            let before: i64 = tx.query_one(&version_sql, &[user_id])?.get(0);
            let ids = tx
                .query(sql.as_str(), &int_params(params))?
                .iter()
                .map(|r| r.get(0))
                .collect();
            let after: i64 = tx.query_one(&version_sql, &[user_id])?.get(0);
            out.push((before, ids, after));
        }
        tx.commit()?;
        Ok(out)
    }

    /// Runs a query of (id, text) rows.
    pub(super) fn query_id_texts(&self, sql: &str) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = self.conn()?.query(sql, &[])?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Runs a query of integer pairs.
    pub(super) fn query_pairs(&self, sql: &str, p: i64) -> Result<Vec<(i64, i64)>, StoreError> {
        let rows = self.conn()?.query(sql, &[&p])?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Runs a query of one integer.
    pub(super) fn query_int(&self, sql: &str, params: &[i64]) -> Result<i64, StoreError> {
        Ok(self.conn()?.query_one(sql, &int_params(params))?.get(0))
    }

    /// A reader's settings and visits (the defaults when never set).
    pub(super) fn reader_prefs(&self, user_id: i64) -> Result<ReaderPrefs, StoreError> {
        Ok(self
            .conn()?
            .query_opt(
                "SELECT cluster_read, visit_at, visit_max_id, seen_max_id FROM reader_settings WHERE user_id = $1",
                &[&user_id],
            )?
            .map(|r| ReaderPrefs {
                cluster_read: r.get(0),
                visit_at: r.get(1),
                visit_max_id: r.get(2),
                seen_max_id: r.get(3),
            })
            .unwrap_or_default())
    }

    /// Stores a reader's settings and visits.
    pub(super) fn put_reader_prefs(&self, user_id: i64, p: &ReaderPrefs) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO reader_settings (user_id, cluster_read, visit_at, visit_max_id, seen_max_id) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET cluster_read = excluded.cluster_read, \
             visit_at = excluded.visit_at, visit_max_id = excluded.visit_max_id, seen_max_id = excluded.seen_max_id",
            &[&user_id, &p.cluster_read, &p.visit_at, &p.visit_max_id, &p.seen_max_id],
        )?;
        Ok(())
    }

    /// A reader's filter rules, oldest first.
    pub(super) fn rules(&self, user_id: i64) -> Result<Vec<Rule>, StoreError> {
        let sql = super::reading::RULES_SQL.replace("?1", "$1");
        rules_from(&self.conn()?.query(&sql, &[&user_id])?)
    }

    /// Stores a filter rule; its id.
    pub(super) fn add_rule(&self, user_id: i64, r: &Rule) -> Result<i64, StoreError> {
        Ok(self
            .conn()?
            .query_one(
                "INSERT INTO reader_rules (user_id, action, field, pattern, keys, source_id, category_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                &[&user_id, &r.action.as_str(), &r.field.as_str(), &r.pattern, &r.keys, &r.source_id, &r.category_id, &now()],
            )?
            .get(0))
    }

    /// Removes one of the reader's rules; false when the reader has no such rule.
    pub(super) fn remove_rule(&self, user_id: i64, id: i64) -> Result<bool, StoreError> {
        Ok(self.conn()?.execute(
            "DELETE FROM reader_rules WHERE user_id = $1 AND id = $2",
            &[&user_id, &id],
        )? > 0)
    }
}

/// The filter rules of rows read with [`super::reading::RULES_SQL`] (rows of unknown kinds
/// left out, as [`rule_from`] says).
fn rules_from(rows: &[Row]) -> Result<Vec<Rule>, StoreError> {
    let mut rules = Vec::with_capacity(rows.len());
    for r in rows {
        rules.extend(rule_from(r)?);
    }
    Ok(rules)
}
