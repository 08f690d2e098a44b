//! Crash safety: `kill -9` in the middle of a large fetch, then a restart, loses nothing,
//! duplicates nothing, and leaves a sound SQLite file.

mod common;

use std::time::{Duration, Instant};

use common::faults::FaultServer;
use common::{kg, run_ok};
use rusqlite::Connection;

#[test]
fn kill_9_mid_fetch_loses_and_duplicates_nothing() {
    let fs = FaultServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let env = |c: &mut std::process::Command| {
        c.env_remove("KURZGEFASST_ALLOW_PRIVATE")
            .env("KURZGEFASST_ALLOW_HOSTS", &fs.host_port)
            .env("KURZGEFASST_HOST_INTERVAL_MS", "0");
    };
    let mut add = kg(&db);
    env(&mut add);
    run_ok(add.args(["sources", "add", "--no-check", &fs.url("/crash.rss")]));

    let mut fetch = kg(&db);
    env(&mut fetch);
    let mut child = fetch
        .arg("fetch")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until a good part, but not all, of the articles is stored, then kill -9.
    let deadline = Instant::now() + Duration::from_secs(300);
    let stored = loop {
        std::thread::sleep(Duration::from_millis(100));
        let n: i64 = Connection::open(&db)
            .and_then(|c| c.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0)))
            .unwrap_or(0);
        if n >= 300 {
            break n;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "fetch finished before it could be killed"
        );
        assert!(Instant::now() < deadline, "fetch made no progress");
    };
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed");
    assert!(stored < 3_000, "killed mid-run ({stored} stored)");

    let mut again = kg(&db);
    env(&mut again);
    run_ok(again.arg("fetch"));
    // Poll once more, as the scheduler would: the feed is due again, nothing is new.
    Connection::open(&db)
        .unwrap()
        .execute("UPDATE sources SET next_poll_at = 0", [])
        .unwrap();
    let mut third = kg(&db);
    env(&mut third);
    let out = String::from_utf8_lossy(&run_ok(third.arg("fetch")).stdout).into_owned();
    assert!(out.contains("neu: 0,"), "{out}");

    let conn = Connection::open(&db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let (articles, urls, entries, tldrs): (i64, i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(DISTINCT url) FROM articles), \
             (SELECT COUNT(*) FROM entries), (SELECT COUNT(DISTINCT article_id) FROM tldrs)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (articles, urls, entries, tldrs),
        (3_000, 3_000, 3_000, 3_000)
    );
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
}
