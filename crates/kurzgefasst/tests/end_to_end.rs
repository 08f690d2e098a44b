//! End to end on SQLite: feeds on a fixture server → `fetch` → the web pages show the record
//! (Titel, Datum, Quelle, TLDR, Inhalt) in the seed's form, without boilerplate.

mod common;

use common::{kg, run_ok, FixtureServer, Server};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The id of the article linked with exactly this title on the start page.
fn article_id(index_html: &str, title: &str) -> i64 {
    let needle = format!("\">{title}</a></h3>");
    let pos = index_html
        .find(&needle)
        .unwrap_or_else(|| panic!("{title:?} not on the start page:\n{index_html}"));
    let start = index_html[..pos].rfind("/artikel/").expect("article link") + "/artikel/".len();
    index_html[start..pos].parse().expect("article id")
}

/// The text inside `<dt>label</dt><dd …>…</dd>`.
fn field<'a>(html: &'a str, label: &str) -> &'a str {
    let start = html
        .find(&format!("<dt>{label}</dt>"))
        .unwrap_or_else(|| panic!("no field {label}"));
    let rest = &html[start..];
    let dd = rest.find("<dd").unwrap();
    let open_end = rest[dd..].find('>').unwrap() + dd + 1;
    let close = rest[open_end..].find("</dd>").unwrap() + open_end;
    &rest[open_end..close]
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn feed_to_seed_record() {
    let fx = FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");

    let add = run_ok(kg(&db).args(["sources", "add", &fx.url("feeds/lokales.rss")]));
    assert!(
        stdout(&add).contains("Quelle hinzugefügt 1"),
        "{}",
        stdout(&add)
    );
    // --db after the subcommand works as well as the environment variable.
    run_ok(
        kg(&db)
            .args(["sources", "add", &fx.url("feeds/wissen.atom"), "--db"])
            .arg(common::db_url(&db)),
    );

    let fetch = stdout(&run_ok(kg(&db).arg("fetch")));
    // Radwege (RSS and Atom: stored once), Bibliothek, Hitze, and the missing page from the feed's text.
    assert!(fetch.contains("neu: 4,"), "{fetch}");
    assert!(fetch.contains("fehlgeschlagen: 1 "), "{fetch}");
    assert!(fetch.contains("Quellen: 2, davon mit Fehler: 0"), "{fetch}");

    let again = stdout(&run_ok(kg(&db).arg("fetch")));
    assert!(
        again.contains("neu: 0,"),
        "second fetch stores nothing new: {again}"
    );

    let list = stdout(&run_ok(kg(&db).args(["sources", "list"])));
    assert!(list.contains("Musterstädter Anzeiger – Lokales"), "{list}");
    assert!(list.contains("Wissen am Mittag  2 Artikel  ok"), "{list}");
    assert!(list.contains("3 Artikel  ok"), "{list}");

    let server = Server::start(&db, &["--role", "web", "--no-default-sources"]);
    let (status, index) = server.get("/");
    assert_eq!(status, 200);
    assert_eq!(
        index
            .matches("Stadtrat beschließt Radwegenetz für Musterstadt</a>")
            .count(),
        1,
        "stored once"
    );
    assert!(index.contains("25.12.2025 14:17"));
    assert!(index.contains("01.07.2025 14:00"));
    assert!(index.contains("Weiterlesen"));

    let id = article_id(&index, "Stadtrat beschließt Radwegenetz für Musterstadt");
    let (status, page) = server.get(&format!("/artikel/{id}"));
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Stadtrat beschließt Radwegenetz für Musterstadt</h1>"));
    assert_eq!(strip_tags(field(&page, "Datum")), "25.12.2025 14:17");
    assert_eq!(strip_tags(field(&page, "Quelle")), "127.0.0.1");

    let tldr = strip_tags(field(&page, "TLDR"));
    let tldr_text = tldr.split(" Sätze aus dem Artikel").next().unwrap();
    let sentences = page.matches("class=\"tldr-sentence\"").count();
    assert!(
        (3..=5).contains(&sentences),
        "3 to 5 TLDR sentences, got {sentences}: {tldr}"
    );
    let words = tldr_text.split_whitespace().count();
    assert!(
        (25..=110).contains(&words),
        "TLDR length {words} words: {tldr_text}"
    );
    assert!(
        tldr_text.contains("42 Kilometer"),
        "TLDR carries the story: {tldr_text}"
    );
    assert!(tldr.contains("extraktiv"), "method shown: {tldr}");

    let inhalt = strip_tags(field(&page, "Inhalt"));
    assert!(
        inhalt.starts_with("Nach zwei Jahren Streit ist die Entscheidung gefallen"),
        "teaser first: {inhalt}"
    );
    for wanted in [
        "mit 31 zu 24 Stimmen ein neues Radwegenetz beschlossen",
        "Kritik von Handel und Opposition",
        "mehr als 9.500 Radfahrten pro Tag",
        "die Ringstraße bis 2030.",
        "sondern für alle, die sicher ankommen wollen",
        "Anwohner können sich ab Januar bei drei Bürgerversammlungen",
    ] {
        assert!(inhalt.contains(wanted), "Inhalt lacks {wanted:?}: {inhalt}");
    }
    for unwanted in [
        "Wir verwenden Cookies",
        "Abo abschließen",
        "Startseite",
        "Lesen Sie auch",
        "Neues Parkhaus am Bahnhof",
        "E-Bike probefahren",
        "Jetzt kostenlos anmelden",
        "Radler42",
        "Kommentare",
        "Alle Rechte vorbehalten",
        "Impressum",
        "Foto: Max Muster",
        "Teilen",
        "window.tracking",
    ] {
        assert!(
            !inhalt.contains(unwanted),
            "Inhalt holds boilerplate {unwanted:?}: {inhalt}"
        );
    }
    assert!(page.contains("Zum Original"));
    assert_eq!(
        inhalt.matches("Nach zwei Jahren Streit").count(),
        1,
        "teaser not repeated"
    );

    // No date on the page: the feed entry's date, in Berlin time.
    let id = article_id(&index, "Bibliothek verlängert Öffnungszeiten");
    let (_, page) = server.get(&format!("/artikel/{id}"));
    assert_eq!(strip_tags(field(&page, "Datum")), "24.12.2025 08:30");

    // The page is missing: the feed's text is kept and the reason shown.
    let id = article_id(&index, "Weihnachtsmarkt zieht Bilanz");
    let (_, page) = server.get(&format!("/artikel/{id}"));
    assert!(strip_tags(field(&page, "Inhalt")).contains("Mehr als 200.000 Menschen besuchten"));
    assert!(page.contains("HTTP 404"), "reason visible");

    let (status, sources) = server.get("/quellen");
    assert_eq!(status, 200);
    assert!(sources.contains("Wissen am Mittag") && sources.contains("ok, zuletzt"));
    let (status, _) = server.get("/artikel/999999");
    assert_eq!(status, 404);
}

#[test]
fn tldr_command_prints_the_seed_form() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("unused.db");
    let page = common::site_dir().join("artikel/radwege.html");
    let out = stdout(&run_ok(kg(&db).args(["tldr"]).arg(&page).args([
        "--url",
        "https://www.musterstadt-anzeiger.de/lokales/radwege.html",
    ])));
    let expected_head = "Stadtrat beschließt Radwegenetz für Musterstadt\n\nDatum: 25.12.2025 14:17\nQuelle: www.musterstadt-anzeiger.de\nTLDR: ";
    assert!(out.starts_with(expected_head), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "title, blank, four labelled lines: {out}");
    assert!(
        lines[4].starts_with("TLDR: ") && lines[5].starts_with("Inhalt: Nach zwei Jahren Streit"),
        "{out}"
    );
    assert!(!lines[5].contains("Radler42") && !lines[5].contains("Wir verwenden Cookies"));
    assert!(!db.exists(), "tldr needs no database");

    let json = stdout(&run_ok(
        kg(&db)
            .args(["tldr", "--format", "json"])
            .arg(common::site_dir().join("artikel/hitze.html"))
            .args(["--url", "https://wissen.example/hitze"]),
    ));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["titel"],
        "Hitzewelle: Kliniken in Südbaden melden mehr Notfälle"
    );
    assert_eq!(v["datum"], "01.07.2025 14:00");
    assert_eq!(v["quelle"], "wissen.example");
    assert_eq!(v["published_at"], "2025-07-01T14:00:00+02:00");
    assert_eq!(v["url"], "https://wissen.example/hitze");
    assert!(v["inhalt"]
        .as_str()
        .unwrap()
        .starts_with("Bei Temperaturen von bis zu 38 Grad"));
    assert!(!v["inhalt"].as_str().unwrap().contains("Mehr zum Thema"));
    assert!(v["tldr"].as_str().unwrap().split_whitespace().count() >= 25);
}

#[test]
fn extract_command_gives_article_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&run_ok(
        kg(&dir.path().join("x.db"))
            .arg("extract")
            .arg(common::site_dir().join("artikel/radwege.html"))
            .args([
                "--url",
                "https://www.musterstadt-anzeiger.de/lokales/radwege.html",
            ]),
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["title"],
        "Stadtrat beschließt Radwegenetz für Musterstadt"
    );
    assert_eq!(v["published"], "2025-12-25T14:17:00+01:00");
    assert_eq!(v["author"], "Jana Beispiel");
    assert_eq!(v["language"], "de");
    assert_eq!(
        v["canonical_url"],
        "https://www.musterstadt-anzeiger.de/artikel/radwege.html"
    );
    assert_eq!(v["site"], "Musterstädter Anzeiger");
    assert!(v["teaser"]
        .as_str()
        .unwrap()
        .starts_with("Nach zwei Jahren Streit"));
    assert!(v["paragraphs"].as_array().unwrap().len() >= 8);
    assert!(v["text"].as_str().unwrap().contains("9.500 Radfahrten"));
}

#[test]
fn failing_sources_are_recorded_and_the_rest_goes_on() {
    let fx = FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    run_ok(kg(&db).args([
        "sources",
        "add",
        "--no-check",
        &fx.url("feeds/gibt-es-nicht.rss"),
    ]));
    run_ok(kg(&db).args([
        "sources",
        "add",
        "--no-check",
        &fx.url("artikel/hitze.html"),
    ]));
    run_ok(kg(&db).args(["sources", "add", &fx.url("feeds/wissen.atom")]));
    // A dead host: nothing listens on this port.
    run_ok(kg(&db).args([
        "sources",
        "add",
        "--no-check",
        &format!("http://{}/feed", common::free_addr()),
    ]));
    let fetch = stdout(&run_ok(kg(&db).arg("fetch")));
    assert!(fetch.contains("neu: 2,"), "{fetch}");
    assert!(fetch.contains("Quellen: 4, davon mit Fehler: 3"), "{fetch}");
    let list = stdout(&run_ok(kg(&db).args(["sources", "list"])));
    let lines: Vec<&str> = list.lines().collect();
    assert!(
        lines[0].contains("FEHLER: Der Server antwortete mit HTTP 404 (nicht gefunden)."),
        "{list}"
    );
    assert!(
        lines[1].contains("FEHLER: Das ist kein lesbarer Feed (RSS, Atom oder JSON Feed)."),
        "{list}"
    );
    assert!(lines[2].contains("ok ("), "{list}");
    assert!(
        lines[3].contains("FEHLER: Netzwerkfehler: Der Server lehnte die Verbindung ab."),
        "{list}"
    );
    assert!(lines[0].contains("1× in Folge"), "{list}");
    // The error stays visible in the web UI too.
    let server = Server::start(&db, &["--role", "web", "--no-default-sources"]);
    let (_, page) = server.get("/quellen");
    assert!(
        page.contains("Der Server antwortete mit HTTP 404 (nicht gefunden)."),
        "{page}"
    );
    assert!(page.contains("<code>http: HTTP 404 for "), "{page}");
}

#[test]
fn default_sources_on_first_start_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    {
        let server = Server::start(&db, &["--role", "web"]);
        let (_, page) = server.get("/quellen");
        for host in [
            "tagesschau.de",
            "spiegel.de",
            "zeit.de",
            "faz.net",
            "sueddeutsche.de",
            "deutschlandfunk.de",
            "dw.com",
            "heise.de",
            "golem.de",
            "netzpolitik.org",
        ] {
            assert!(page.contains(host), "default source {host} missing");
        }
    }
    let list = stdout(&run_ok(kg(&db).args(["sources", "list"])));
    let n = list.lines().count();
    assert!(n >= 10, "{list}");
    for id in 1..=n {
        run_ok(kg(&db).args(["sources", "remove", &id.to_string()]));
    }
    // Once removed, they stay removed.
    drop(Server::start(&db, &["--role", "web"]));
    assert!(stdout(&run_ok(kg(&db).args(["sources", "list"]))).contains("Keine Quellen"));

    let other = dir.path().join("other.db");
    drop(Server::start(
        &other,
        &["--role", "web", "--no-default-sources"],
    ));
    assert!(stdout(&run_ok(kg(&other).args(["sources", "list"]))).contains("Keine Quellen"));
}

#[test]
fn errors_are_clear_and_exit_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["sources".into(), "remove".into(), "42".into()],
            "keine Quelle mit der id 42",
        ),
        (
            vec![
                "sources".into(),
                "add".into(),
                "ftp://example.org/feed".into(),
            ],
            "Fehler: Das ist keine gültige http(s)-Adresse.",
        ),
        (
            vec![
                "tldr".into(),
                dir.path().join("fehlt.html").display().to_string(),
            ],
            "Datei nicht lesbar",
        ),
        (
            vec![
                "sources".into(),
                "list".into(),
                "--db".into(),
                "mysql://x".into(),
            ],
            "invalid database URL",
        ),
        (
            vec![
                "sources".into(),
                "list".into(),
                "--tz".into(),
                "Mars/Olympus".into(),
            ],
            "unbekannte Zeitzone",
        ),
    ];
    for (args, msg) in cases {
        let out = kg(&db).args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(msg), "{args:?}: {err}");
    }
    // English messages with an English locale.
    let out = kg(&db)
        .env("LANG", "en_US.UTF-8")
        .args(["sources", "remove", "42"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("error: no source with id 42"));
    run_ok(kg(&db).args([
        "sources",
        "add",
        "--no-check",
        "https://example.org/feed.xml",
    ]));
    let out = kg(&db)
        .args([
            "sources",
            "add",
            "--no-check",
            "https://example.org/feed.xml",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Quelle existiert bereits (id 1)"));
}

#[test]
fn user_given_urls_cannot_reach_private_addresses_by_default() {
    let fx = FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    let out = kg(&dir.path().join("x.db"))
        .env_remove("KURZGEFASST_ALLOW_PRIVATE")
        .args(["tldr", &fx.url("artikel/radwege.html")])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("Gesperrt: Die Adresse führt in ein privates oder lokales Netz."),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = kg(&dir.path().join("x.db"))
        .env_remove("KURZGEFASST_ALLOW_PRIVATE")
        .args(["tldr", "http://localhost:9/x"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("Gesperrt"));
    // Allowed explicitly, the same URL works.
    run_ok(kg(&dir.path().join("x.db")).args(["tldr", &fx.url("artikel/radwege.html")]));
}
