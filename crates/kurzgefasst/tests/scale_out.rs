//! Scale-out chaos test (issue 7): three `serve --role worker` processes share one PostgreSQL
//! database and poll the generated news site of the ingestion benchmark (`bench site`: 100
//! feeds of 100 articles each on 10 loopback hosts, 10,000 articles). One worker is killed with
//! SIGKILL mid-run while it holds leases. Afterwards every article is stored exactly once (one
//! row, one entry, one TLDR each), none is lost, the killed worker's sources were taken over
//! after their leases expired (lease time 3 s here), and no lease is left held. A `serve --role
//! web` process on the same database claims nothing and serves what the workers stored.
//! Needs the PostgreSQL server (see `common::db`), whatever `KURZGEFASST_TEST_DB` says.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{db, kg_url, run_ok};
use postgres::{Client, NoTls};

const FEEDS: usize = 100;
const ENTRIES: usize = 100;
const HOSTS: usize = 10;
const TOTAL: i64 = (FEEDS * ENTRIES) as i64;
const LEASE_SECS: &str = "3";

/// A child process killed (and reaped) on drop.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One number from the test database.
fn num(c: &mut Client, sql: &str) -> i64 {
    c.query_one(sql, &[])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get(0)
}

#[test]
fn three_workers_one_killed_store_every_article_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    // The generated site, on a free port of its first host.
    let port = std::net::TcpListener::bind("127.0.1.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut site = Proc(
        Command::new(env!("CARGO_BIN_EXE_kurzgefasst"))
            .args(["bench", "site", "--feeds", &FEEDS.to_string()])
            .args([
                "--entries",
                &ENTRIES.to_string(),
                "--hosts",
                &HOSTS.to_string(),
            ])
            .args(["--port", &port.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start bench site"),
    );
    let mut line = String::new();
    BufReader::new(site.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("ready"), "site did not start: {line:?}");

    let url = db::fresh_pg_database();
    let opml: String = (0..FEEDS)
        .map(|f| {
            format!(
                "<outline text=\"f{f}\" xmlUrl=\"http://127.0.1.{}:{port}/feed/{f}.xml\"/>\n",
                f % HOSTS + 1
            )
        })
        .collect();
    let opml_file = dir.path().join("site.opml");
    std::fs::write(
        &opml_file,
        format!("<?xml version=\"1.0\"?><opml version=\"2.0\"><body>\n{opml}</body></opml>"),
    )
    .unwrap();
    let out = run_ok(kg_url(&url).args(["sources", "import"]).arg(&opml_file));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("importiert: {FEEDS},")),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let worker = |i: usize| -> Proc {
        let log = std::fs::File::create(dir.path().join(format!("worker{i}.log"))).unwrap();
        Proc(
            kg_url(&url)
                .args(["serve", "--role", "worker", "--no-default-sources"])
                .args(["--lease-secs", LEASE_SECS])
                .env("KURZGEFASST_HOST_INTERVAL_MS", "0")
                .env("RUST_LOG", "info")
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .expect("start worker"),
        )
    };
    let logs = || -> String {
        (0..3)
            .map(|i| {
                let text = std::fs::read_to_string(dir.path().join(format!("worker{i}.log")))
                    .unwrap_or_default();
                let tail: Vec<&str> = text.lines().rev().take(15).collect();
                format!(
                    "--- worker{i} ---\n{}",
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut workers: Vec<Proc> = (0..3).map(worker).collect();
    // A web process on the same database beside them: it serves pages and never polls.
    let web = common::Server::start_url(&url, &["--role", "web", "--no-default-sources"]);
    let web_leases = format!(
        "SELECT COUNT(*) FROM sources WHERE lease_owner LIKE '%:{}:%'",
        web.child.id()
    );
    let mut c = Client::connect(&url, NoTls).unwrap();

    // Kill worker 0 once a quarter of the articles is stored, at a moment it holds leases.
    let victim_pid = workers[0].0.id();
    let victim_leases =
        format!("SELECT COUNT(*) FROM sources WHERE lease_owner LIKE '%:{victim_pid}:%'");
    let deadline = Instant::now() + Duration::from_secs(240);
    loop {
        let stored = num(&mut c, "SELECT COUNT(*) FROM articles");
        assert_eq!(
            num(&mut c, &web_leases),
            0,
            "the web process claims nothing"
        );
        if stored >= TOTAL / 4 && num(&mut c, &victim_leases) > 0 {
            break;
        }
        assert!(stored < TOTAL, "the run ended before the kill");
        assert!(
            Instant::now() < deadline,
            "no progress before the kill\n{}",
            logs()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(victim_pid as i32, libc::SIGKILL) };
    let status = workers[0].0.wait().unwrap();
    assert!(!status.success(), "killed");
    let killed_at = chrono::Utc::now().timestamp();
    let stranded: Vec<i64> = c
        .query(
            &format!(
                "SELECT id FROM sources WHERE lease_owner LIKE '%:{victim_pid}:%' ORDER BY id"
            ),
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(!stranded.is_empty(), "the killed worker held leases");
    let at_kill = num(&mut c, "SELECT COUNT(*) FROM articles");
    assert!(
        at_kill < TOTAL,
        "killed mid-run ({at_kill} of {TOTAL} stored)"
    );

    // The other two finish everything, including the killed worker's sources.
    loop {
        let stored = num(&mut c, "SELECT COUNT(*) FROM articles");
        let unpolled = num(
            &mut c,
            "SELECT COUNT(*) FROM sources WHERE last_success_at IS NULL",
        );
        let held = num(
            &mut c,
            "SELECT COUNT(*) FROM sources WHERE lease_owner IS NOT NULL",
        );
        if stored == TOTAL && unpolled == 0 && held == 0 {
            break;
        }
        if Instant::now() >= deadline {
            let leases: Vec<String> = c
                .query(
                    "SELECT id, lease_owner, lease_until, last_success_at, next_poll_at \
                     FROM sources WHERE lease_owner IS NOT NULL ORDER BY id",
                    &[],
                )
                .unwrap()
                .iter()
                .map(|r| {
                    format!(
                        "source {} owner {:?} until {:?} last success {:?} next poll {}",
                        r.get::<_, i64>(0),
                        r.get::<_, Option<String>>(1),
                        r.get::<_, Option<i64>>(2),
                        r.get::<_, Option<i64>>(3),
                        r.get::<_, i64>(4)
                    )
                })
                .collect();
            panic!(
                "not finished: {stored} of {TOTAL} stored, {unpolled} sources unpolled, {held} leases held \
                 (killed worker {victim_pid} at {killed_at}):\n{}\n{}",
                leases.join("\n"),
                logs()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // Stop the survivors gracefully.
    for w in &mut workers[1..] {
        // SAFETY: sending a signal to our own child process.
        unsafe { libc::kill(w.0.id() as i32, libc::SIGTERM) };
        let status = w.0.wait().unwrap();
        assert!(
            status.success(),
            "worker stops cleanly on SIGTERM: {status}"
        );
    }

    // Every article exactly once, none lost.
    assert_eq!(num(&mut c, "SELECT COUNT(*) FROM articles"), TOTAL);
    assert_eq!(
        num(&mut c, "SELECT COUNT(DISTINCT url) FROM articles"),
        TOTAL
    );
    assert_eq!(num(&mut c, "SELECT COUNT(*) FROM entries"), TOTAL);
    assert_eq!(
        num(&mut c, "SELECT COUNT(DISTINCT article_id) FROM entries"),
        TOTAL
    );
    assert_eq!(
        num(&mut c, "SELECT COUNT(*) FROM tldrs"),
        TOTAL,
        "one TLDR per article"
    );
    for f in [0, FEEDS / 2, FEEDS - 1] {
        for j in [0, ENTRIES - 1] {
            let id = f * ENTRIES + j;
            let n = num(
                &mut c,
                &format!("SELECT COUNT(*) FROM articles WHERE url LIKE '%/artikel/{id}.html'"),
            );
            assert_eq!(n, 1, "article {id} stored once");
        }
    }
    // Every source polled successfully once; the killed worker's sources were taken over after
    // the kill; no lease is held.
    assert_eq!(
        num(
            &mut c,
            "SELECT COUNT(*) FROM sources WHERE consecutive_failures > 0"
        ),
        0
    );
    let taken_over = num(
        &mut c,
        &format!(
            "SELECT COUNT(*) FROM sources WHERE id = ANY(ARRAY{stranded:?}::BIGINT[]) AND last_success_at >= {killed_at}"
        ),
    );
    assert_eq!(
        taken_over,
        stranded.len() as i64,
        "stranded sources {stranded:?}"
    );
    assert_eq!(
        num(
            &mut c,
            "SELECT COUNT(*) FROM sources WHERE lease_owner IS NOT NULL OR lease_until IS NOT NULL"
        ),
        0
    );
    let store = kurzgefasst::store::PgStore::connect(&url).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    // The web process shows what the workers stored.
    let (status, page) = web.get("/api/articles?limit=5");
    assert_eq!(status, 200, "{page}");
    let json: serde_json::Value = serde_json::from_str(&page).expect("articles JSON");
    let first = json["articles"][0]["html_url"]
        .as_str()
        .expect("an article")
        .to_string();
    let (status, article) = web.get(&first);
    assert_eq!(status, 200);
    assert!(article.contains("<dt>TLDR</dt>"), "{article}");
    drop(site);
}
