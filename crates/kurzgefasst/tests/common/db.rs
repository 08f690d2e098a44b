//! The database a test runs against. By default an SQLite file; with `KURZGEFASST_TEST_DB=postgres`
//! a fresh PostgreSQL database per database path (`kg_test_<pid>_<hash>` on 127.0.0.1:5432, user
//! `postgres`, trust authentication, administrative database `test`), created on first use and
//! dropped when the test process exits (and, should it be killed, by the next test process).
//! When PostgreSQL is wanted but not reachable, the test fails and says how to start it.
//!
//! Tests name their database by a path in their temporary folder (`dir/kg.db`) and pass it to
//! [`super::kg`]; the helpers here ([`exec`], [`rows`], [`count`], [`integrity`]) look behind the
//! application's back on either engine.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use postgres::{Client, NoTls, SimpleQueryMessage};

/// Where the administrative connection goes (creating and dropping test databases).
pub const PG_ADMIN: &str = "host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=5";

/// True when this test run uses PostgreSQL (`KURZGEFASST_TEST_DB=postgres`).
pub fn postgres_wanted() -> bool {
    std::env::var("KURZGEFASST_TEST_DB")
        .map(|v| matches!(v.trim(), "postgres" | "postgresql" | "pg"))
        .unwrap_or(false)
}

/// The engine of this test run, for messages.
pub fn engine() -> &'static str {
    if postgres_wanted() {
        "postgres"
    } else {
        "sqlite"
    }
}

/// The administrative connection; panics with how to start PostgreSQL when it is not reachable.
pub fn pg_admin() -> Client {
    Client::connect(PG_ADMIN, NoTls).unwrap_or_else(|e| {
        let cause = std::error::Error::source(&e)
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        panic!(
            "PostgreSQL is not reachable at 127.0.0.1:5432 (user postgres, trust auth, database test): {e}{cause}\n\
             These tests need it (KURZGEFASST_TEST_DB=postgres, or a PostgreSQL-only test); they did NOT run.\n\
             Start it with:\n  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n\
             (install it with: apt-get install -y --no-install-recommends postgresql postgresql-contrib;\n\
             see README.md, \"Running with PostgreSQL\")"
        )
    })
}

/// Databases this process created, by the path that names them.
static CREATED: Mutex<Option<HashMap<PathBuf, String>>> = Mutex::new(None);

/// A fresh, empty PostgreSQL database for this process: its URL. Dropped at exit.
pub fn fresh_pg_database() -> String {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let key = PathBuf::from(format!(
        "/fresh/{}",
        N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    pg_database_for(&key)
}

/// Runs `f` on a thread of its own: the `postgres` client blocks on a runtime of its own, which
/// must not happen on a test's async thread.
fn on_thread<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    std::thread::scope(|s| {
        s.spawn(f)
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))
    })
}

/// The PostgreSQL database standing for `path` (created on first use).
fn pg_database_for(path: &Path) -> String {
    on_thread(|| pg_database_for_here(path))
}

fn pg_database_for_here(path: &Path) -> String {
    static CLEAN: Once = Once::new();
    CLEAN.call_once(|| {
        drop_stale_databases();
        // SAFETY: `drop_created_databases` is a plain `extern "C" fn` that never unwinds.
        unsafe {
            libc::atexit(drop_created_databases);
        }
    });
    let mut created = CREATED.lock().unwrap_or_else(|e| e.into_inner());
    let map = created.get_or_insert_with(HashMap::new);
    let name = map.entry(path.to_path_buf()).or_insert_with(|| {
        let name = format!(
            "kg_test_{}_{}",
            std::process::id(),
            kurzgefasst::store::stable_hash(&[&path.to_string_lossy()])
        );
        let mut admin = pg_admin();
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .expect("drop an old test database of the same name");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create the test database");
        name
    });
    format!("postgres://postgres@127.0.0.1:5432/{name}")
}

/// Drops every database this process created (registered with `atexit`).
extern "C" fn drop_created_databases() {
    let names: Vec<String> = CREATED
        .lock()
        .map(|m| {
            m.as_ref()
                .map(|m| m.values().cloned().collect())
                .unwrap_or_default()
        })
        .unwrap_or_default();
    if names.is_empty() {
        return;
    }
    let _ = std::panic::catch_unwind(|| {
        if let Ok(mut c) = Client::connect(PG_ADMIN, NoTls) {
            for name in names {
                if let Err(e) =
                    c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                {
                    eprintln!("could not drop test database {name}: {e}");
                }
            }
        }
    });
}

/// Drops the databases left by test processes that were killed: `kg_test_<pid>_…` whose
/// process no longer exists on this machine.
pub fn drop_stale_databases() {
    let mut c = pg_admin();
    let names: Vec<String> = c
        .query(
            "SELECT datname FROM pg_database WHERE datname LIKE 'kg\\_test\\_%'",
            &[],
        )
        .expect("list test databases")
        .iter()
        .map(|r| r.get(0))
        .collect();
    for name in names {
        let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| Path::new(&format!("/proc/{p}")).exists());
        if pid.is_some() && !alive {
            if let Err(e) = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            {
                eprintln!("could not drop stale test database {name}: {e}");
            }
        }
    }
}

/// The database URL the application gets for the database named by `path`.
pub fn db_url(path: &Path) -> String {
    if postgres_wanted() {
        pg_database_for(path)
    } else {
        format!("sqlite://{}", path.display())
    }
}

/// Runs statements on the database named by `path`.
pub fn exec(path: &Path, sql: &str) {
    if postgres_wanted() {
        let url = db_url(path);
        on_thread(|| {
            Client::connect(&url, NoTls)
                .and_then(|mut c| c.batch_execute(sql))
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
        });
    } else {
        rusqlite::Connection::open(path)
            .and_then(|c| c.execute_batch(sql))
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

/// The rows of a query on the database named by `path`, every value as text (NULL as `None`).
/// Write queries whose values read the same on both engines (numbers and text, no flags).
pub fn rows(path: &Path, sql: &str) -> Vec<Vec<Option<String>>> {
    if postgres_wanted() {
        let url = db_url(path);
        on_thread(|| {
            let mut c = Client::connect(&url, NoTls).expect("connect to the test database");
            c.simple_query(sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
        })
        .into_iter()
        .filter_map(|m| match m {
            SimpleQueryMessage::Row(r) => {
                Some((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect())
            }
            _ => None,
        })
        .collect()
    } else {
        use rusqlite::types::ValueRef;
        let c = rusqlite::Connection::open(path).expect("open the test database");
        let mut st = c.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        let n = st.column_count();
        let mut out = Vec::new();
        let mut rs = st.query([]).unwrap();
        while let Some(r) = rs.next().unwrap() {
            out.push(
                (0..n)
                    .map(|i| match r.get_ref(i).unwrap() {
                        ValueRef::Null => None,
                        ValueRef::Integer(v) => Some(v.to_string()),
                        ValueRef::Real(v) => Some(v.to_string()),
                        ValueRef::Text(t) | ValueRef::Blob(t) => {
                            Some(String::from_utf8_lossy(t).into_owned())
                        }
                    })
                    .collect(),
            );
        }
        out
    }
}

/// A single number from a query, e.g. `SELECT COUNT(*) FROM articles`; 0 when the database
/// cannot be read yet (a concurrent writer creating it).
pub fn count(path: &Path, sql: &str) -> i64 {
    let r = std::panic::catch_unwind(|| rows(path, sql));
    r.ok()
        .and_then(|rows| rows.into_iter().next())
        .and_then(|row| row.into_iter().next().flatten())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The store's own consistency check on the database named by `path` (SQLite's `PRAGMA
/// integrity_check`; PostgreSQL: migrations, TLDRs, leases); "ok" when sound.
pub fn integrity(path: &Path) -> String {
    let url = kurzgefasst::store::DbUrl::parse(&db_url(path)).unwrap();
    on_thread(|| {
        kurzgefasst::store::Store::open(&url)
            .and_then(|s| s.integrity_check())
            .expect("integrity check")
    })
}
