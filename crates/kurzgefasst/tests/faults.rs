//! Ingestion under failure: one test per failure mode of a misbehaving server. Each fault source
//! is polled beside a healthy one; the fault is recorded on its source (or handled correctly),
//! the healthy source is unaffected, and nothing stored before is damaged.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::db;
use common::faults::FaultServer;
use common::{kg, run_ok};

/// `kurzgefasst` against the fault server: private addresses blocked except the fault server
/// itself, 2-second timeouts, no politeness delay.
fn kgf(db: &Path, fs: &FaultServer) -> Command {
    let mut c = kg(db);
    c.env_remove("KURZGEFASST_ALLOW_PRIVATE")
        .env("KURZGEFASST_ALLOW_HOSTS", &fs.host_port)
        .env("KURZGEFASST_TIMEOUT", "2")
        .env("KURZGEFASST_HOST_INTERVAL_MS", "0");
    c
}

/// The state of the fault source after a run.
struct Outcome {
    fetch_stdout: String,
    kind: Option<String>,
    error: Option<String>,
    failures: i64,
    next_poll_in: i64,
    url: String,
    /// (title, date_source, published_at, extract_error, content) of the fault source's articles.
    articles: Vec<(String, String, i64, Option<String>, String)>,
    db: PathBuf,
    _dir: tempfile::TempDir,
}

fn snapshot(db: &Path) -> Vec<Vec<Option<String>>> {
    db::rows(
        db,
        "SELECT id, url, title, content_hash FROM articles ORDER BY id",
    )
}

/// A number from a text value read by [`db::rows`].
fn num(v: &Option<String>) -> i64 {
    v.as_deref().and_then(|v| v.parse().ok()).expect("a number")
}

/// Polls the healthy source, then the fault source `path` (`polls` times), and checks that the
/// healthy source and what was stored before are untouched.
fn run_fault(fs: &FaultServer, path: &str, polls: usize) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    run_ok(kgf(&db, fs).args(["sources", "add", "--no-check", &fs.url("/good.rss")]));
    run_ok(kgf(&db, fs).arg("fetch"));
    let before = snapshot(&db);
    assert_eq!(before.len(), 2, "healthy source stored its two articles");
    run_ok(kgf(&db, fs).args(["sources", "add", "--no-check", &fs.url(path)]));
    let mut fetch_stdout = String::new();
    for _ in 0..polls {
        // Make both sources due again, as the scheduler would after their interval.
        db::exec(&db, "UPDATE sources SET next_poll_at = 0");
        let out = run_ok(kgf(&db, fs).arg("fetch"));
        fetch_stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    }
    assert_eq!(db::integrity(&db), "ok");
    let after = snapshot(&db);
    assert_eq!(&after[..2], &before[..], "stored articles unchanged");
    let good = &db::rows(
        &db,
        "SELECT consecutive_failures, (SELECT COUNT(*) FROM entries WHERE source_id = 1) FROM sources WHERE id = 1",
    )[0];
    assert_eq!(
        (num(&good[0]), num(&good[1])),
        (0, 2),
        "healthy source unaffected"
    );
    let fault = db::rows(
        &db,
        "SELECT last_error_kind, last_error, consecutive_failures, next_poll_at, url FROM sources WHERE id = 2",
    )
    .remove(0);
    let (kind, error, failures, next, url) = (
        fault[0].clone(),
        fault[1].clone(),
        num(&fault[2]),
        num(&fault[3]),
        fault[4].clone().unwrap(),
    );
    let now = chrono::Utc::now().timestamp();
    let articles = db::rows(
        &db,
        "SELECT a.title, a.date_source, a.published_at, a.extract_error, a.content FROM articles a \
         WHERE a.id IN (SELECT article_id FROM entries WHERE source_id = 2) ORDER BY a.id",
    )
    .into_iter()
    .map(|r| {
        (
            r[0].clone().unwrap(),
            r[1].clone().unwrap(),
            num(&r[2]),
            r[3].clone(),
            r[4].clone().unwrap(),
        )
    })
    .collect();
    Outcome {
        fetch_stdout,
        kind,
        error,
        failures,
        next_poll_in: next - now,
        url,
        articles,
        db,
        _dir: dir,
    }
}

fn assert_error(o: &Outcome, kind: &str, message_part: &str) {
    assert_eq!(
        o.kind.as_deref(),
        Some(kind),
        "error kind; message {:?}",
        o.error
    );
    let msg = o.error.as_deref().unwrap_or("");
    assert!(
        msg.contains(message_part),
        "error message {msg:?} lacks {message_part:?}"
    );
    assert!(o.failures >= 1);
    assert!(
        o.next_poll_in > 0,
        "a failing source is retried later, not dropped"
    );
    assert!(
        o.articles.is_empty(),
        "nothing stored from a failing source"
    );
    assert!(
        o.fetch_stdout.contains("davon mit Fehler: 1"),
        "{}",
        o.fetch_stdout
    );
}

fn server() -> FaultServer {
    FaultServer::start()
}

#[test]
fn slow_headers_time_out() {
    let o = run_fault(&server(), "/slow-headers.rss", 1);
    assert_error(&o, "timeout", "timed out");
}

#[test]
fn trickled_body_times_out() {
    let o = run_fault(&server(), "/trickle.rss", 1);
    assert_error(&o, "timeout", "timed out");
}

#[test]
fn connection_reset_is_a_network_error() {
    let o = run_fault(&server(), "/reset.rss", 1);
    assert_error(&o, "network", "reset.rss");
}

#[test]
fn not_found_is_recorded_with_status() {
    let o = run_fault(&server(), "/404.rss", 1);
    assert_error(&o, "http", "HTTP 404");
}

#[test]
fn gone_is_recorded_with_status() {
    let o = run_fault(&server(), "/410.rss", 1);
    assert_error(&o, "http", "HTTP 410");
}

#[test]
fn too_many_requests_honours_retry_after() {
    let o = run_fault(&server(), "/429.rss", 1);
    assert_error(&o, "http", "HTTP 429");
    assert!(
        o.next_poll_in >= 3590,
        "Retry-After: 3600 respected, next poll in {}",
        o.next_poll_in
    );
}

#[test]
fn server_error_is_recorded_and_backs_off() {
    let o = run_fault(&server(), "/500.rss", 2);
    assert_error(&o, "http", "HTTP 500");
    assert_eq!(o.failures, 2, "consecutive failures counted");
    assert!(
        o.next_poll_in >= 2 * 15 * 60 - 5,
        "second failure waits twice as long: {}",
        o.next_poll_in
    );
}

#[test]
fn unavailable_honours_retry_after() {
    let o = run_fault(&server(), "/503.rss", 1);
    assert_error(&o, "http", "HTTP 503");
    assert!(o.next_poll_in >= 7190);
}

#[test]
fn redirect_loop_is_stopped() {
    let o = run_fault(&server(), "/loop-a.rss", 1);
    assert_error(&o, "redirects", "too many redirects");
}

#[test]
fn redirect_to_metadata_address_is_blocked() {
    let o = run_fault(&server(), "/to-metadata.rss", 1);
    assert_error(&o, "blocked", "169.254.169.254");
}

#[test]
fn redirect_to_localhost_and_private_network_is_blocked() {
    let o = run_fault(&server(), "/to-localhost.rss", 1);
    assert_error(&o, "blocked", "localhost");
    let o = run_fault(&server(), "/to-ten.rss", 1);
    assert_error(&o, "blocked", "10.0.0.1");
}

#[test]
fn gzip_bomb_is_cut_off() {
    // Built before the client runs, so that its 2-second timeout measures the fetch only.
    common::faults::gzip_bomb();
    let o = run_fault(&server(), "/gzip-bomb.rss", 1);
    assert_error(&o, "too_large", "larger than");
}

#[test]
fn fifty_megabyte_body_is_refused() {
    let o = run_fault(&server(), "/huge.rss", 1);
    assert_error(&o, "too_large", "larger than");
    let o = run_fault(&server(), "/huge-chunked.rss", 1);
    assert_error(&o, "too_large", "larger than");
}

#[test]
fn html_instead_of_feed_is_a_parse_error() {
    let o = run_fault(&server(), "/html.rss", 1);
    assert_error(&o, "parse", "not a readable feed");
}

#[test]
fn empty_body_is_a_parse_error() {
    let o = run_fault(&server(), "/empty.rss", 1);
    assert_error(&o, "parse", "empty response");
}

#[test]
fn malformed_xml_is_a_parse_error() {
    let o = run_fault(&server(), "/malformed.rss", 1);
    assert_error(&o, "parse", "not a readable feed");
}

#[test]
fn wrong_declared_charset_keeps_umlauts() {
    let o = run_fault(&server(), "/wrong-charset.rss", 1);
    assert_eq!(o.kind, None);
    let titles: Vec<&str> = o.articles.iter().map(|a| a.0.as_str()).collect();
    // The page's own title wins; the feed's title is checked through the entry.
    assert_eq!(titles.len(), 1);
    let t = db::rows(&o.db, "SELECT title FROM entries WHERE source_id = 2");
    assert_eq!(t, [[Some("Grüße aus Köln".to_string())]]);
}

#[test]
fn undeclared_latin1_keeps_umlauts() {
    let o = run_fault(&server(), "/latin1-undeclared.rss", 1);
    assert_eq!(o.kind, None);
    let t = db::rows(&o.db, "SELECT title FROM entries WHERE source_id = 2");
    assert_eq!(t, [[Some("Straßenfest in Düsseldorf".to_string())]]);
}

#[test]
fn duplicate_guids_store_each_article_once() {
    let o = run_fault(&server(), "/dup-guids.rss", 1);
    assert_eq!(o.kind, None);
    assert_eq!(
        o.articles.len(),
        2,
        "g31 twice in the feed: the first entry wins"
    );
}

#[test]
fn guids_changing_on_every_poll_do_not_duplicate() {
    let fs = server();
    let o = run_fault(&fs, "/changing-guids.rss", 3);
    assert_eq!(o.articles.len(), 1);
    assert_eq!(
        fs.hits("/a/41.html"),
        1,
        "a known article is not fetched again"
    );
    let n = db::count(&o.db, "SELECT COUNT(*) FROM entries WHERE source_id = 2");
    assert_eq!(n, 3, "each GUID is remembered");
}

#[test]
fn dates_in_the_future_are_not_believed() {
    let o = run_fault(&server(), "/future.rss", 1);
    let now = chrono::Utc::now().timestamp();
    assert_eq!(o.articles.len(), 1);
    // The page states 2025; the feed's 2100 is ignored.
    assert!(
        o.articles[0].2 <= now,
        "published_at {} is in the future",
        o.articles[0].2
    );
    assert_eq!(o.articles[0].1, "page");
}

#[test]
fn no_dates_fall_back_to_the_fetch_time_marked_as_such() {
    let o = run_fault(&server(), "/no-dates.rss", 1);
    let now = chrono::Utc::now().timestamp();
    assert_eq!(o.articles.len(), 1);
    assert_eq!(o.articles[0].1, "fetched");
    assert!((now - o.articles[0].2).abs() < 120);
}

#[test]
fn feed_of_ten_thousand_items_is_stored_whole() {
    let fs = server();
    let o = run_fault(&fs, "/big.rss", 1);
    assert_eq!(o.kind, None, "{:?}", o.error);
    assert_eq!(o.articles.len(), 10_000);
    assert!(o.fetch_stdout.contains("neu: 10000,"), "{}", o.fetch_stdout);
}

#[test]
fn feed_flipping_between_two_versions_stores_each_article_once() {
    let o = run_fault(&server(), "/flip.rss", 4);
    assert_eq!(o.kind, None);
    let mut titles: Vec<String> = o.articles.iter().map(|a| a.0.clone()).collect();
    titles.sort();
    assert_eq!(titles.len(), 3, "71, 72, 73 once each: {titles:?}");
}

#[test]
fn article_page_timing_out_keeps_the_feed_text() {
    let o = run_fault(&server(), "/slow-article.rss", 1);
    assert_eq!(o.kind, None, "the feed itself works");
    assert_eq!(o.articles.len(), 2);
    let slow = o
        .articles
        .iter()
        .find(|a| a.0 == "Langsam")
        .expect("article from the feed's text");
    assert!(
        slow.3.as_deref().unwrap_or("").contains("timed out"),
        "{:?}",
        slow.3
    );
    assert!(slow.4.contains("Eine kurze Beschreibung des Artikels"));
    assert!(
        o.fetch_stdout.contains("fehlgeschlagen: 1"),
        "{}",
        o.fetch_stdout
    );
}

#[test]
fn robots_txt_disallowing_articles_is_obeyed() {
    let fs = server();
    let o = run_fault(&fs, "/robots/feed.rss", 1);
    assert_eq!(
        fs.hits("/robots/private/91.html"),
        0,
        "disallowed page never fetched"
    );
    assert_eq!(o.articles.len(), 1);
    assert!(o.articles[0]
        .3
        .as_deref()
        .unwrap_or("")
        .contains("robots.txt"));
}

#[test]
fn robots_txt_is_read_once_per_host_however_many_pages_start_together() {
    let fs = server();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    run_ok(kgf(&db, &fs).args(["sources", "add", "--no-check", &fs.url("/good.rss")]));
    run_ok(kgf(&db, &fs).arg("fetch"));
    // Both article pages were fetched (at once), robots.txt once for them.
    assert_eq!(fs.hits("/a/1.html") + fs.hits("/a/2.html"), 2);
    assert_eq!(fs.hits("/robots.txt"), 1);
}

#[test]
fn conditional_get_answers_not_modified() {
    let fs = server();
    let o = run_fault(&fs, "/etag.rss", 3);
    assert_eq!(o.kind, None);
    assert_eq!(o.articles.len(), 1);
    assert_eq!(fs.hits("/etag.rss"), 3);
    assert_eq!(fs.hits("/a/101.html"), 1);
}

#[test]
fn permanent_redirect_updates_the_source_url() {
    let fs = server();
    let o = run_fault(&fs, "/moved.rss", 2);
    assert_eq!(o.kind, None);
    assert_eq!(o.url, fs.url("/new-home.rss"));
    assert_eq!(
        fs.hits("/moved.rss"),
        1,
        "the second poll goes to the new URL"
    );
    assert_eq!(o.articles.len(), 1);
}

#[test]
fn gzip_encoded_feed_is_read() {
    let o = run_fault(&server(), "/gzip.rss", 1);
    assert_eq!(o.kind, None, "{:?}", o.error);
    assert_eq!(o.articles.len(), 1);
}

#[test]
fn dead_host_is_a_refused_connection() {
    let fs = server();
    let dead = common::free_addr();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    run_ok(
        kgf(&db, &fs)
            .env(
                "KURZGEFASST_ALLOW_HOSTS",
                format!("{},{dead}", fs.host_port),
            )
            .args([
                "sources",
                "add",
                "--no-check",
                &format!("http://{dead}/feed"),
            ]),
    );
    let out = String::from_utf8_lossy(
        &run_ok(
            kgf(&db, &fs)
                .env(
                    "KURZGEFASST_ALLOW_HOSTS",
                    format!("{},{dead}", fs.host_port),
                )
                .arg("fetch"),
        )
        .stdout,
    )
    .into_owned();
    assert!(out.contains("davon mit Fehler: 1"));
    let list = String::from_utf8_lossy(&run_ok(kgf(&db, &fs).args(["sources", "list"])).stdout)
        .into_owned();
    // A refused connection, told as such in the user's language; the kind is recorded.
    assert!(
        list.contains("FEHLER: Netzwerkfehler: Der Server lehnte die Verbindung ab."),
        "{list}"
    );
    assert_eq!(
        db::rows(&db, "SELECT last_error_kind FROM sources WHERE id = 1")[0][0].as_deref(),
        Some("refused")
    );
}

#[test]
fn site_url_discovers_its_feed_and_opml_round_trips() {
    let fs = server();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let out = String::from_utf8_lossy(
        &run_ok(kgf(&db, &fs).args(["sources", "add", &fs.url("/site/")])).stdout,
    )
    .into_owned();
    assert!(
        out.contains(&fs.url("/good.rss")),
        "discovered the advertised feed: {out}"
    );
    let bad = kgf(&db, &fs)
        .args(["sources", "add", &fs.url("/html.rss")])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains(
        "Fehler: Kein Feed gefunden: weder ein Feed noch eine Seite, die auf einen verweist."
    ));
    let opml = String::from_utf8_lossy(&run_ok(kgf(&db, &fs).args(["sources", "export"])).stdout)
        .into_owned();
    assert!(opml.contains(&format!("xmlUrl=\"{}\"", fs.url("/good.rss"))));
    let file = dir.path().join("abos.opml");
    std::fs::write(
        &file,
        opml.replace(
            "</body>",
            "<outline text=\"Zwei\" xmlUrl=\"https://example.org/zwei.xml\"/></body>",
        ),
    )
    .unwrap();
    let other = dir.path().join("other.db");
    let out = String::from_utf8_lossy(
        &run_ok(kgf(&other, &fs).args(["sources", "import"]).arg(&file)).stdout,
    )
    .into_owned();
    assert!(out.contains("importiert: 2, schon vorhanden: 0"), "{out}");
    let out = String::from_utf8_lossy(
        &run_ok(kgf(&other, &fs).args(["sources", "import"]).arg(&file)).stdout,
    )
    .into_owned();
    assert!(out.contains("importiert: 0, schon vorhanden: 2"), "{out}");
}

#[test]
fn user_given_private_urls_are_refused_without_the_setting() {
    let fs = server();
    let dir = tempfile::tempdir().unwrap();
    let out = kg(&dir.path().join("kg.db"))
        .env_remove("KURZGEFASST_ALLOW_PRIVATE")
        .args(["sources", "add", &fs.url("/good.rss")])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("Gesperrt: Die Adresse führt in ein privates oder lokales Netz."));
}
