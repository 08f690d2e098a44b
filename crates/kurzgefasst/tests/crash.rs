//! Crash safety: `kill -9` in the middle of a large fetch, then a restart, loses nothing,
//! duplicates nothing, and leaves a sound database (SQLite file, or PostgreSQL with
//! `KURZGEFASST_TEST_DB=postgres`).

mod common;

use std::time::{Duration, Instant};

use common::faults::FaultServer;
use common::{db, kg, run_ok};

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
        let n = db::count(&db, "SELECT COUNT(*) FROM articles");
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
    db::exec(&db, "UPDATE sources SET next_poll_at = 0");
    let mut third = kg(&db);
    env(&mut third);
    let out = String::from_utf8_lossy(&run_ok(third.arg("fetch")).stdout).into_owned();
    assert!(out.contains("neu: 0,"), "{out}");

    assert_eq!(db::integrity(&db), "ok");
    let counts = db::rows(
        &db,
        "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(DISTINCT url) FROM articles), \
         (SELECT COUNT(*) FROM entries), (SELECT COUNT(DISTINCT article_id) FROM tldrs)",
    );
    let n = |i: usize| counts[0][i].as_deref().unwrap().parse::<i64>().unwrap();
    assert_eq!((n(0), n(1), n(2), n(3)), (3_000, 3_000, 3_000, 3_000));
    if !db::postgres_wanted() {
        let journal = db::rows(&db, "PRAGMA journal_mode");
        assert_eq!(journal, [[Some("wal".to_string())]]);
    }
}
