//! One language per message: errors on the command line, in `sources list` and on the sources
//! page are a short sentence in the user's language (German or English), with the technical
//! chain behind `--verbose` and a `<details>` element. Real servers on 127.0.0.1 (the fault
//! server, a port nobody listens on); either engine.

mod common;

use common::faults::FaultServer;
use common::{db, kg, run_ok, Server};

fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Technical words that must not reach a reader who did not ask for them.
const TECHNICAL: &[&str] = &[
    "error sending request",
    "tcp connect error",
    "os error",
    "client error",
];

#[test]
fn a_refused_connection_is_one_sentence_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let dead = common::free_addr();
    let url = format!("http://{dead}/feed.rss");

    let de = kg(&db).args(["sources", "add", &url]).output().unwrap();
    assert!(!de.status.success());
    let text = err(&de);
    assert!(
        text.starts_with("Fehler: Netzwerkfehler: Der Server lehnte die Verbindung ab."),
        "{text}"
    );
    assert!(text.contains("Einzelheiten mit --verbose"), "{text}");
    for word in TECHNICAL {
        assert!(!text.contains(word), "{word:?} in {text}");
    }
    assert_eq!(text.trim().lines().count(), 1, "{text}");

    let en = kg(&db)
        .env("LANG", "en_US.UTF-8")
        .args(["sources", "add", &url])
        .output()
        .unwrap();
    let text = err(&en);
    assert!(
        text.starts_with("error: Network error: the server refused the connection."),
        "{text}"
    );
    assert!(text.contains("details with --verbose"), "{text}");
    for word in ["Fehler", "Netzwerk", "Einzelheiten"] {
        assert!(!text.contains(word), "{word:?} in {text}");
    }

    // The technical chain when asked for.
    let verbose = kg(&db)
        .args(["sources", "add", &url, "--verbose"])
        .output()
        .unwrap();
    let text = err(&verbose);
    assert!(
        text.contains("Der Server lehnte die Verbindung ab.")
            && text.contains("Connection refused"),
        "{text}"
    );
    // Nothing was subscribed.
    assert!(out(&run_ok(kg(&db).args(["sources", "list"]))).contains("Keine Quellen"));
}

#[test]
fn an_invalid_address_is_told_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let de = kg(&db)
        .args(["sources", "add", "ftp://example.org/feed"])
        .output()
        .unwrap();
    assert_eq!(
        err(&de).trim(),
        "Fehler: Das ist keine gültige http(s)-Adresse."
    );
    let en = kg(&db)
        .env("LANG", "en_US.UTF-8")
        .args(["sources", "add", "ftp://example.org/feed"])
        .output()
        .unwrap();
    assert_eq!(
        err(&en).trim(),
        "error: That is not a valid http(s) address."
    );
}

#[test]
fn source_health_is_a_sentence_with_details_on_the_list_and_the_page() {
    let fs = FaultServer::start();
    let dead = common::free_addr();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let kgf = || {
        let mut c = kg(&db);
        c.env("KURZGEFASST_HOST_INTERVAL_MS", "0")
            .env("KURZGEFASST_TIMEOUT", "2");
        c
    };
    for url in [
        fs.url("/500.rss"),
        format!("http://{dead}/feed.rss"),
        fs.url("/html.rss"),
    ] {
        run_ok(kgf().args(["sources", "add", "--no-check", &url]));
    }
    run_ok(kgf().arg("fetch"));

    let list = out(&run_ok(kgf().args(["sources", "list"])));
    for sentence in [
        "FEHLER: Der Server antwortete mit HTTP 500 (Fehler des Servers).",
        "FEHLER: Netzwerkfehler: Der Server lehnte die Verbindung ab.",
        "FEHLER: Das ist kein lesbarer Feed (RSS, Atom oder JSON Feed).",
    ] {
        assert!(list.contains(sentence), "{sentence:?} not in\n{list}");
    }
    assert!(!list.contains("HTTP 500 for"), "{list}");
    for word in TECHNICAL {
        assert!(!list.contains(word), "{word:?} in {list}");
    }
    let list_en = out(&run_ok(
        kgf().env("LANG", "en_US.UTF-8").args(["sources", "list"]),
    ));
    assert!(
        list_en.contains("ERROR: The server answered with HTTP 500 (server error)."),
        "{list_en}"
    );
    assert!(list_en.contains("ERROR: Network error: the server refused the connection."));
    let verbose = out(&run_ok(kgf().args(["sources", "list", "--verbose"])));
    assert!(verbose.contains("[http: HTTP 500 for"), "{verbose}");
    assert!(
        verbose.contains("[refused: network error fetching"),
        "{verbose}"
    );

    let server = Server::start(&db, &["--role", "web", "--no-default-sources"]);
    let (status, page) = server.get("/quellen");
    assert_eq!(status, 200);
    assert!(
        page.contains(
            "<span class=\"error\">Der Server antwortete mit HTTP 500 (Fehler des Servers).</span>"
        ),
        "{page}"
    );
    assert!(page.contains(
        "<span class=\"error\">Netzwerkfehler: Der Server lehnte die Verbindung ab.</span>"
    ));
    // The technical chain is there, folded away.
    let details = page.find("<details class=\"error-details\"><summary>Einzelheiten</summary>");
    assert!(details.is_some(), "{page}");
    assert!(page.contains("<code>http: HTTP 500 for "), "{page}");
    let (_, page_en) = server.get("/quellen?lang=en");
    assert!(page_en.contains(
        "<span class=\"error\">The server answered with HTTP 500 (server error).</span>"
    ));
    assert!(page_en.contains("<summary>Details</summary>"));
    assert!(
        !page_en.contains("Der Server"),
        "German on the English page"
    );
    // The record stays technical (the log and the API keep the chain).
    let kinds = db::rows(&db, "SELECT last_error_kind FROM sources ORDER BY id");
    let kinds: Vec<_> = kinds
        .iter()
        .map(|r| r[0].clone().unwrap_or_default())
        .collect();
    assert_eq!(kinds, ["http", "refused", "parse"]);
}
