//! `kurzgefasst backup FILE` while `fetch` writes: each backup is whole and checked, a backup
//! restored (copied to where the database lives) serves every article it holds, and a backup
//! never overwrites a file. The generated news site (`bench site`) is the real HTTP server on
//! loopback. On PostgreSQL `backup` refuses and names pg_dump / pg_restore.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{db, kg, run_ok, Server};

const FEEDS: usize = 16;
const ENTRIES: usize = 30;
const HOSTS: usize = 4;

struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// (id, title) of every article in the SQLite file at `path`.
fn articles(path: &Path) -> Vec<(i64, String)> {
    let c = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    let mut stmt = c
        .prepare("SELECT id, title FROM articles ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    rows
}

#[test]
fn backup_during_a_fetch_restores_an_installation_that_serves_every_article() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("kg.db");
    if db::postgres_wanted() {
        // PostgreSQL has its own tools: the command says which, and writes nothing.
        let target = dir.path().join("backup.db");
        let out = kg(&db_path).arg("backup").arg(&target).output().unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("pg_dump --format=custom") && err.contains("pg_restore"),
            "{err}"
        );
        assert!(!target.exists());
        return;
    }

    // The generated site on a free port of its first host.
    let port = std::net::TcpListener::bind("127.0.1.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut site = Proc(
        Command::new(env!("CARGO_BIN_EXE_kurzgefasst"))
            .args(["bench", "site", "--feeds", &FEEDS.to_string()])
            .args(["--entries", &ENTRIES.to_string()])
            .args(["--hosts", &HOSTS.to_string(), "--port", &port.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start bench site"),
    );
    let mut line = String::new();
    BufReader::new(site.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("ready"), "site did not start: {line:?}");
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
    run_ok(kg(&db_path).args(["sources", "import"]).arg(&opml_file));

    // A fetch that takes a few seconds (each host paced), and backups while it writes.
    let mut fetch = Proc(
        kg(&db_path)
            .arg("fetch")
            .env("KURZGEFASST_HOST_INTERVAL_MS", "25")
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut during = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut n = 0;
    loop {
        if fetch.0.try_wait().unwrap().is_some() {
            break;
        }
        assert!(Instant::now() < deadline, "fetch did not finish");
        n += 1;
        let target = dir.path().join(format!("backup-{n}.db"));
        let out = run_ok(kg(&db_path).arg("backup").arg(&target));
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(text.contains("integrity_check: ok"), "{text}");
        assert!(
            text.contains("articles") && text.contains("sources"),
            "{text}"
        );
        // Taken while the fetch was still writing?
        if fetch.0.try_wait().unwrap().is_none() {
            during.push((target, text));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(fetch.0.wait().unwrap().success());
    assert!(
        during.len() >= 2,
        "only {} backups were taken during the fetch",
        during.len()
    );
    let total = articles(&db_path).len();
    assert_eq!(total, FEEDS * ENTRIES, "the fetch stored every article");

    // Every backup taken during the fetch is a consistent database with the row counts it
    // printed; at least one caught the fetch half-way.
    let mut partial = false;
    for (path, text) in &during {
        let held = articles(path);
        assert!(
            text.contains(&format!("articles {:>10}", held.len()))
                || text.contains(&format!("{:>10} Zeilen", held.len())),
            "{text}"
        );
        partial |= !held.is_empty() && held.len() < total;
        assert_eq!(db::integrity(path), "ok");
    }
    assert!(partial, "no backup caught the fetch half-way");

    // Restore the last backup taken during the fetch, as the README says: copy it to where the
    // database lives (the server stopped), then start the server on it.
    let (backup, _) = during.last().unwrap();
    let held = articles(backup);
    let restored = dir.path().join("restored").join("kg.db");
    std::fs::create_dir_all(restored.parent().unwrap()).unwrap();
    std::fs::copy(backup, &restored).unwrap();
    let server = Server::start_url(
        restored.to_str().unwrap(),
        &["--role", "web", "--no-default-sources"],
    );
    for (id, title) in &held {
        let (status, page) = server.get(&format!("/artikel/{id}"));
        assert_eq!(status, 200, "article {id}");
        assert!(page.contains(&esc(title)), "article {id} lacks its title");
    }
    // Searching works on the restored copy (its index came along).
    let (status, _) = server.get("/suche?q=die");
    assert_eq!(status, 200);
    drop(server);

    // A backup never overwrites, and the original is untouched by all of this.
    let out = kg(&db_path).arg("backup").arg(backup).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("existiert bereits"));
    assert_eq!(articles(backup).len(), held.len());
    assert_eq!(db::integrity(&db_path), "ok");
    drop(site);
}
