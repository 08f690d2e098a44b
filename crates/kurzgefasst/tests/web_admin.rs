//! Accounts and security of the web server, against the real binary: the admin account made on
//! first start, login and logout, session cookies (random, HttpOnly, SameSite=Strict, stored
//! hashed), CSRF tokens on every form, source management (add by feed or site URL, remove, OPML
//! import and export) with the private-address guard, private reading, and API tokens.

mod common;
mod web_common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{kg, run_ok, FixtureServer, Server};
use web_common::{set_admin_password, Client, Site, ADMIN_PASSWORD};

/// SHA-256 hex, computed independently of the server (by `sha256sum`).
fn sha256_hex(s: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("sha256sum");
    child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_makes_an_admin_with_a_one_time_password() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let addr = common::free_addr();
    let mut child = kg(&db)
        .args([
            "serve",
            "--role",
            "web",
            "--no-default-sources",
            "--listen",
            &addr.to_string(),
        ])
        .env_remove("KURZGEFASST_ADMIN_PASSWORD")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = lines.next().unwrap().unwrap();
    // In the user's language only (the test runs with a German locale).
    assert!(line.contains("Admin-Konto angelegt: admin / "), "{line}");
    assert!(!line.contains("account created"), "{line}");
    let password = line.rsplit(" / ").next().unwrap().trim().to_string();
    assert_eq!(password.len(), 20, "{line}");
    let deadline = Instant::now() + Duration::from_secs(20);
    while common::http_get(addr, "/healthz").is_err() {
        assert!(Instant::now() < deadline, "serve did not come up");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut c = Client::new(&format!("http://{addr}"));
    let page = c.get("/anmelden").await;
    let r = c
        .post(
            "/anmelden",
            &[
                ("name", "admin"),
                ("passwort", &password),
                ("csrf", &page.csrf()),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "the printed password logs in: {}", r.body);
    let _ = child.kill();
    let _ = child.wait();

    // The hash in the database is argon2id, not the password.
    let hash = common::db::rows(&db, "SELECT password_hash FROM users WHERE name = 'admin'")
        .remove(0)
        .remove(0)
        .expect("a password hash");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains(&password));

    // A second start prints no password; KURZGEFASST_ADMIN_PASSWORD sets it on a fresh database.
    let mut again = kg(&db)
        .args([
            "serve",
            "--role",
            "web",
            "--no-default-sources",
            "--listen",
            &common::free_addr().to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let first = BufReader::new(again.stdout.take().unwrap())
        .lines()
        .next()
        .unwrap()
        .unwrap();
    assert!(
        first.starts_with("Kurzgefasst: http://"),
        "no password again: {first}"
    );
    let _ = again.kill();
    let _ = again.wait();

    let db2 = dir.path().join("kg2.db");
    let server = Server::start_with_env(
        &db2,
        &["--role", "web", "--no-default-sources"],
        &[("KURZGEFASST_ADMIN_PASSWORD", Some(ADMIN_PASSWORD))],
    );
    let mut c = Client::new(&format!("http://{}", server.addr));
    c.login().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_sessions_csrf_and_source_management() {
    let site = Site::start();
    let mut anon = Client::new(&site.base());

    // Anonymous: no forms, and admin actions are refused without changing anything.
    let page = anon.get("/quellen").await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("id=\"quelle-neu\""));
    assert!(page.body.contains("href=\"/anmelden\""));
    let r = anon
        .post(
            "/quellen/neu",
            &[
                ("csrf", "x"),
                ("url", &site.fixtures.url("feeds/agentur-a.rss")),
            ],
        )
        .await;
    assert_eq!(r.status, 403);
    let r = anon.post("/quellen/1/entfernen", &[("csrf", "x")]).await;
    assert_eq!(r.status, 403);
    assert_eq!(
        anon.get("/api/sources").await.json()["sources"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let r = anon.get("/einstellungen/token").await;
    assert_eq!(r.status, 405, "state changes only by POST");

    // Login: wrong password, missing double-submit cookie, then right.
    let mut c = Client::new(&site.base());
    let login = c.get("/anmelden?weiter=/quellen").await;
    assert_eq!(login.status, 200);
    assert!(login
        .set_cookies()
        .iter()
        .any(|s| s.starts_with("kg_anmeldung=")
            && s.contains("HttpOnly")
            && s.contains("SameSite=Strict")));
    let csrf = login.csrf();
    let r = c
        .post(
            "/anmelden",
            &[
                ("name", "admin"),
                ("passwort", "falsches-passwort"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(r.status, 401);
    assert!(r.body.contains("Name oder Passwort ist falsch."));
    assert!(!c.cookies.contains_key("kg_sitzung"));
    let mut stranger = Client::new(&site.base());
    let r = stranger
        .post(
            "/anmelden",
            &[
                ("name", "admin"),
                ("passwort", ADMIN_PASSWORD),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(r.status, 403, "login without the form's cookie is refused");
    assert!(!stranger.cookies.contains_key("kg_sitzung"));
    let login = c.get("/anmelden?weiter=/quellen").await;
    let r = c
        .post(
            "/anmelden",
            &[
                ("name", "admin"),
                ("passwort", ADMIN_PASSWORD),
                ("csrf", &login.csrf()),
                ("weiter", "/quellen"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), Some("/quellen"));
    let cookie = r
        .set_cookies()
        .iter()
        .find(|s| s.starts_with("kg_sitzung="))
        .expect("session cookie")
        .to_string();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    let token = c.cookies["kg_sitzung"].clone();
    assert_eq!(token.len(), 64);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    // An open redirect is not possible.
    let mut other = Client::new(&site.base());
    let p = other.get("/anmelden").await;
    let r = other
        .post(
            "/anmelden",
            &[
                ("name", "admin"),
                ("passwort", ADMIN_PASSWORD),
                ("csrf", &p.csrf()),
                ("weiter", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.location(), Some("/"));

    // The session is stored only as the SHA-256 of the cookie.
    {
        let hashes: Vec<String> = common::db::rows(
            &site.dir.path().join("kg.db"),
            "SELECT token_hash FROM sessions",
        )
        .into_iter()
        .filter_map(|mut r| r.remove(0))
        .collect();
        assert!(hashes.contains(&sha256_hex(&token)), "{hashes:?}");
        assert!(!hashes.contains(&token));
    }

    // Logged in: the forms appear, each with the session's CSRF token.
    let page = c.get("/quellen").await;
    assert!(page.body.contains("id=\"quelle-neu\""));
    assert!(page.body.contains("Abmelden (admin)"));
    let csrf = page.csrf();
    assert_eq!(csrf.len(), 64);
    assert!(
        page.body.matches(&format!("value=\"{csrf}\"")).count() >= 4,
        "every form has it"
    );

    // Wrong or missing CSRF token: refused, nothing added.
    let feed = site.fixtures.url("feeds/agentur-a.rss");
    let r = c
        .post("/quellen/neu", &[("csrf", "0000"), ("url", &feed)])
        .await;
    assert_eq!(r.status, 403);
    let r = c.post("/quellen/neu", &[("url", &feed)]).await;
    assert!(r.status >= 400, "no token: {}", r.status);
    assert_eq!(
        c.get("/api/sources").await.json()["sources"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Add by site URL: the page's advertised feed is subscribed.
    let r = c
        .post(
            "/quellen/neu",
            &[
                ("csrf", &csrf),
                ("url", &site.fixtures.url("startseite.html")),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let loc = r.location().unwrap().to_string();
    assert!(loc.starts_with("/quellen?neu="), "{loc}");
    let new_id: i64 = loc.rsplit('=').next().unwrap().parse().unwrap();
    let page = c.get(&loc).await;
    assert!(page.body.contains("Quelle hinzugefügt"));
    assert!(
        page.body.contains(&format!("href=\"{feed}\"")),
        "the feed, not the page, is listed"
    );
    // The same again: a clear conflict, nothing doubled.
    let r = c
        .post("/quellen/neu", &[("csrf", &csrf), ("url", &feed)])
        .await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("schon abonniert"));
    // Not a URL; a page without a feed.
    let r = c
        .post(
            "/quellen/neu",
            &[("csrf", &csrf), ("url", "javascript:alert(1)")],
        )
        .await;
    assert_eq!(r.status, 400);
    let r = c
        .post(
            "/quellen/neu",
            &[
                ("csrf", &csrf),
                ("url", &site.fixtures.url("artikel/hitze.html")),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains(
            "Kein Feed gefunden: weder ein Feed noch eine Seite, die auf einen verweist."
        ),
        "{}",
        r.body
    );
    assert_eq!(
        c.get("/api/sources").await.json()["sources"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // Remove it again.
    let r = c
        .post(&format!("/quellen/{new_id}/entfernen"), &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        c.get("/api/sources").await.json()["sources"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let r = c.post("/quellen/9999/entfernen", &[("csrf", &csrf)]).await;
    assert_eq!(r.status, 404);

    // OPML import (multipart upload) and export.
    let opml = format!(
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><body>\
<outline text=\"A\" type=\"rss\" xmlUrl=\"{feed}\"/>\
<outline text=\"B\" type=\"rss\" xmlUrl=\"{}\"/>\
<outline text=\"C\" type=\"rss\" xmlUrl=\"javascript:alert(1)\"/>\
<outline text=\"D\" type=\"rss\" xmlUrl=\"{}\"/></body></opml>",
        site.fixtures.url("feeds/agentur-b.rss"),
        site.fixtures.url("feeds/lokales.rss"),
    );
    let multipart = |csrf: &str| {
        format!(
            "--grenze\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
--grenze\r\nContent-Disposition: form-data; name=\"opml\"; filename=\"abos.opml\"\r\nContent-Type: text/x-opml\r\n\r\n{opml}\r\n--grenze--\r\n"
        )
        .into_bytes()
    };
    let r = c
        .post_raw(
            "/quellen/import",
            "multipart/form-data; boundary=grenze",
            multipart("falsch"),
        )
        .await;
    assert_eq!(r.status, 403);
    let r = c
        .post_raw(
            "/quellen/import",
            "multipart/form-data; boundary=grenze",
            multipart(&csrf),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body
            .contains("Importiert: 2, schon vorhanden: 1, ungültig: 1"),
        "{}",
        r.body
    );
    let export = c.get("/quellen.opml").await;
    assert!(export.body.contains(&feed.replace('&', "&amp;")));
    assert!(export.body.contains("agentur-b.rss"));

    // Logout ends the session for good.
    let r = c.post("/abmelden", &[("csrf", &csrf)]).await;
    assert_eq!(r.status, 303);
    assert!(!c.cookies.contains_key("kg_sitzung"));
    c.cookies.insert("kg_sitzung".into(), token.clone());
    let page = c.get("/quellen").await;
    assert!(
        !page.body.contains("id=\"quelle-neu\""),
        "old cookie no longer valid"
    );
    let r = c
        .post("/quellen/neu", &[("csrf", &csrf), ("url", &feed)])
        .await;
    assert_eq!(r.status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_urls_cannot_reach_private_addresses() {
    let fixtures = FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    set_admin_password(&db);
    let server = Server::start_with_env(
        &db,
        &["--role", "web", "--no-default-sources"],
        &[("KURZGEFASST_ALLOW_PRIVATE", None)],
    );
    let mut c = Client::new(&format!("http://{}", server.addr));
    c.login().await;
    let csrf = c.get("/quellen").await.csrf();
    for url in [
        fixtures.url("feeds/lokales.rss"),
        "http://169.254.169.254/latest/meta-data/".to_string(),
        "http://[::1]:9/feed".to_string(),
        "http://10.0.0.1/feed".to_string(),
    ] {
        let r = c
            .post("/quellen/neu", &[("csrf", &csrf), ("url", &url)])
            .await;
        assert_eq!(r.status, 422, "{url}: {}", r.body);
        assert!(r.body.contains("Kein Feed gefunden"), "{url}");
        assert!(
            r.body
                .contains("Gesperrt: Die Adresse führt in ein privates oder lokales Netz."),
            "{url}: {}",
            r.body
        );
    }
    assert!(c.get("/api/sources").await.json()["sources"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_reading_needs_a_login_or_token() {
    let site = Site::start();
    let mut c = Client::new(&site.base());
    c.login().await;
    let page = c.get("/einstellungen").await;
    assert!(page.body.contains("id=\"privat\""));
    let csrf = page.csrf();

    // A token made in the browser, shown once.
    let r = c
        .post(
            "/einstellungen/token",
            &[("csrf", &csrf), ("name", "Feedleser")],
        )
        .await;
    assert_eq!(r.status, 200);
    let token = r
        .body
        .split("<code id=\"neues-token\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the new token is shown")
        .to_string();
    assert_eq!(token.len(), 64);
    let again = c.get("/einstellungen").await;
    assert!(!again.body.contains(&token), "shown only once");
    assert!(again.body.contains("Feedleser"));

    // Reading is public by default.
    let mut anon = Client::new(&site.base());
    assert_eq!(anon.get("/").await.status, 200);

    let r = c
        .post("/einstellungen/lesen", &[("csrf", &csrf), ("privat", "1")])
        .await;
    assert_eq!(r.status, 303);

    let r = anon.get("/artikel/1").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), Some("/anmelden?weiter=%2Fartikel%2F1"));
    for path in [
        "/feed.atom",
        "/api/articles",
        "/quellen.opml",
        "/metrics",
        "/reader/api/0/subscription/list",
        "/quellen/1/feed.atom",
    ] {
        let r = anon.get(path).await;
        assert_eq!(r.status, 401, "{path}");
        assert!(!r.body.contains("Radwegenetz"), "{path} leaks nothing");
    }
    for path in ["/anmelden", "/static/app.css", "/healthz"] {
        assert_eq!(anon.get(path).await.status, 200, "{path} stays reachable");
    }
    // With the session, a bearer token, or ?token= for feed readers.
    let r = c.get("/").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Radwegenetz"));
    let auth = format!("Bearer {token}");
    let r = anon
        .get_with("/api/articles", &[("authorization", &auth)])
        .await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Radwegenetz"));
    let r = anon.get(&format!("/feed.atom?token={token}")).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Radwegenetz"));
    let r = anon
        .get_with("/api/articles", &[("authorization", "Bearer falsch")])
        .await;
    assert_eq!(r.status, 401);

    // A token from the command line works too; a revoked token no longer does.
    let out = run_ok(kg(&site.dir.path().join("kg.db")).args(["admin", "token", "Kommandozeile"]));
    let cli_token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(cli_token.len(), 64);
    let r = anon.get(&format!("/feed.atom?token={cli_token}")).await;
    assert_eq!(r.status, 200);
    let page = c.get("/einstellungen").await;
    let form = page
        .body
        .split("action=\"/einstellungen/token/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap()
        .to_string();
    let r = c
        .post(
            &format!("/einstellungen/token/{form}/entfernen"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, 303);
    let r = anon.get(&format!("/feed.atom?token={token}")).await;
    assert_eq!(r.status, 401, "revoked");

    // Public again.
    let r = c.post("/einstellungen/lesen", &[("csrf", &csrf)]).await;
    assert_eq!(r.status, 303);
    assert_eq!(anon.get("/artikel/1").await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failed_logins_lock_out_that_address_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    set_admin_password(&db);
    let server = Server::start(&db, &["--role", "web", "--no-default-sources"]);
    let base = format!("http://{}", server.addr);
    let mut c = Client::new(&base);
    for i in 0..10 {
        let page = c.get("/anmelden").await;
        let r = c
            .post(
                "/anmelden",
                &[
                    ("name", "admin"),
                    ("passwort", &format!("falsch-{i:04}")),
                    ("csrf", &page.csrf()),
                ],
            )
            .await;
        assert_eq!(r.status, 401, "attempt {i}");
    }
    // The eleventh try is refused before the password is checked, even the right one; the
    // Reader API's login too.
    let page = c.get("/anmelden").await;
    let r = c
        .post(
            "/anmelden",
            &[
                ("name", "admin"),
                ("passwort", ADMIN_PASSWORD),
                ("csrf", &page.csrf()),
            ],
        )
        .await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some("300"));
    assert!(!c.cookies.contains_key("kg_sitzung"));
    let r = c
        .post(
            "/accounts/ClientLogin",
            &[("Email", "admin"), ("Passwd", ADMIN_PASSWORD)],
        )
        .await;
    assert_eq!(r.status, 429);
    // Another address (127.0.0.2 is loopback too) is not affected.
    let other = reqwest::Client::builder()
        .local_address(Some("127.0.0.2".parse().unwrap()))
        .build()
        .unwrap();
    let r = other
        .post(format!("{base}/accounts/ClientLogin"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "Email=admin&Passwd={}",
            web_common::enc(ADMIN_PASSWORD)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}
