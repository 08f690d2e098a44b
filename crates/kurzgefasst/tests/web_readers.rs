//! Several readers in the browser and the JSON API (issue 19), against the real binary on
//! either engine: each logged-in reader's lists show their own subscriptions, their categories
//! are in the navigation with a page, an Atom feed, a "Der Tag in Kürze" and a search and API
//! filter each; categories are made, renamed, deleted and subscriptions moved in the browser;
//! the admin manages readers (add, set password, remove), readers who are not admins cannot;
//! every form refuses a wrong CSRF token; a removed reader's session and token stop working at
//! once; each reader has a language of their own; anonymous visitors see the instance's view.

mod common;
mod web_common;

use common::{kg, run_ok, FixtureServer, Server};
use web_common::{set_admin_password, Client, ADMIN_PASSWORD};

const ANNA_PASSWORD: &str = "annas-passwort-123";

/// Logs `name` in; the client keeps the session cookie.
async fn login_as(c: &mut Client, name: &str, password: &str) {
    let page = c.get("/anmelden").await;
    let r = c
        .post(
            "/anmelden",
            &[
                ("name", name),
                ("passwort", password),
                ("csrf", &page.csrf()),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "login of {name}: {}", r.body);
}

/// An API token for `name`, made with the command line.
fn token(db: &std::path::Path, name: &str) -> String {
    let out = run_ok(kg(db).args(["admin", "token", "Test", "--user", name]));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

struct Setup {
    _fixtures: FixtureServer,
    dir: tempfile::TempDir,
    server: Server,
}

impl Setup {
    /// The admin follows lokales.rss; anna follows wissen.atom in her category "Wissen".
    fn start() -> Setup {
        let fixtures = FixtureServer::start();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kg.db");
        set_admin_password(&db);
        run_ok(
            kg(&db)
                .env("KURZGEFASST_PASSWORD", ANNA_PASSWORD)
                .args(["users", "add", "anna"]),
        );
        run_ok(kg(&db).args(["sources", "add", &fixtures.url("feeds/lokales.rss")]));
        run_ok(kg(&db).args([
            "sources",
            "add",
            &fixtures.url("feeds/wissen.atom"),
            "--user",
            "anna",
            "--category",
            "Wissen & Forschung",
        ]));
        run_ok(kg(&db).arg("fetch"));
        let server = Server::start(&db, &["--role", "web", "--no-default-sources"]);
        Setup {
            _fixtures: fixtures,
            dir,
            server,
        }
    }

    fn base(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    fn db(&self) -> std::path::PathBuf {
        self.dir.path().join("kg.db")
    }
}

const HITZE: &str = "Hitzewelle: Kliniken in Südbaden melden mehr Notfälle";
const BIBLIOTHEK: &str = "Bibliothek verlängert Öffnungszeiten";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_reader_sees_their_subscriptions_and_categories() {
    let s = Setup::start();
    let mut anon = Client::new(&s.base());
    let page = anon.get("/").await.body;
    assert!(
        page.contains(HITZE) && page.contains(BIBLIOTHEK),
        "anonymous: every article"
    );
    assert!(
        !page.contains("class=\"kategorien\""),
        "no categories for anonymous visitors"
    );

    let mut anna = Client::new(&s.base());
    login_as(&mut anna, "anna", ANNA_PASSWORD).await;
    let page = anna.get("/").await.body;
    assert!(page.contains(HITZE), "anna follows wissen");
    assert!(!page.contains(BIBLIOTHEK), "anna does not follow lokales");
    assert!(
        page.contains("<a href=\"/kategorie/wissen-forschung\">Wissen &amp; Forschung</a>"),
        "her category in the navigation"
    );
    assert!(!page.contains("id=\"leser-verwalten\""), "not an admin");
    let mut admin = Client::new(&s.base());
    admin.login().await;
    let page = admin.get("/").await.body;
    assert!(page.contains(BIBLIOTHEK) && !page.contains(HITZE));
    assert!(page.contains("id=\"leser-verwalten\""));
    let sources = admin.get("/quellen").await.body;
    assert!(sources.contains("lokales.rss") && !sources.contains("wissen.atom"));

    // The category page, its feed, its day, the search and API filters.
    let cat = anna.get("/kategorie/wissen-forschung").await;
    assert_eq!(cat.status, 200);
    assert!(cat.body.contains("<h1>Wissen &amp; Forschung</h1>") && cat.body.contains(HITZE));
    assert!(!cat.body.contains(BIBLIOTHEK));
    assert_eq!(
        admin.get("/kategorie/wissen-forschung").await.status,
        404,
        "anna's, not the admin's"
    );
    let r = anon.get("/kategorie/wissen-forschung").await;
    assert_eq!(r.status, 303, "anonymous visitors are asked to log in");
    let anna_token = token(&s.db(), "anna");
    let feed = anon
        .get(&format!(
            "/kategorie/wissen-forschung/feed.atom?token={anna_token}"
        ))
        .await;
    assert_eq!(feed.status, 200);
    assert!(
        feed.body.contains("<feed") && feed.body.contains("Hitzewelle"),
        "{}",
        feed.body
    );
    assert!(!feed.body.contains("Bibliothek"));
    let admin_token = token(&s.db(), "admin");
    let r = anon
        .get(&format!(
            "/kategorie/wissen-forschung/feed.atom?token={admin_token}"
        ))
        .await;
    assert_eq!(r.status, 404);
    let day = anna
        .get("/kategorie/wissen-forschung/tag?datum=2025-12-24")
        .await;
    assert_eq!(day.status, 200);
    assert!(day
        .body
        .contains("class=\"kategorie\">Wissen &amp; Forschung</p>"));
    let search = anna
        .get("/suche?q=Stadtrat&kategorie=wissen-forschung")
        .await
        .body;
    assert!(
        search.contains("Radwegenetz"),
        "the shared article is in anna's category"
    );
    let search = anna.get("/suche?q=Bibliothek").await.body;
    assert!(
        !search.contains("Öffnungszeiten</a>"),
        "anna's search covers her subscriptions"
    );
    let bearer = format!("Bearer {anna_token}");
    let api = anon
        .get_with(
            "/api/articles?kategorie=wissen-forschung",
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(api.status, 200);
    let titles: Vec<String> = api.json()["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["titel"].as_str().unwrap().to_string())
        .collect();
    assert!(
        titles.iter().any(|t| t == HITZE) && !titles.iter().any(|t| t == BIBLIOTHEK),
        "{titles:?}"
    );
    let r = anon
        .get_with(
            "/api/articles?kategorie=wissen-forschung",
            &[("authorization", &format!("Bearer {admin_token}"))],
        )
        .await;
    assert_eq!(r.status, 404, "another reader's category is not found");
    assert_eq!(
        anon.get("/api/articles?kategorie=wissen-forschung")
            .await
            .status,
        401
    );
    let hits = anon
        .get_with("/api/search?q=Bibliothek", &[("authorization", &bearer)])
        .await
        .json();
    assert_eq!(hits["hits"].as_array().unwrap().len(), 0);
    let srcs = anon
        .get_with("/api/sources", &[("authorization", &bearer)])
        .await
        .json();
    assert_eq!(srcs["sources"].as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn categories_are_managed_in_the_browser_with_csrf() {
    let s = Setup::start();
    let mut anna = Client::new(&s.base());
    login_as(&mut anna, "anna", ANNA_PASSWORD).await;
    let manage = anna.get("/kategorien").await;
    assert_eq!(manage.status, 200);
    let csrf = manage.csrf();
    // Every form refuses a wrong token and changes nothing.
    for (path, form) in [
        ("/kategorien/neu", vec![("name", "Neu")]),
        ("/kategorien/1/umbenennen", vec![("name", "X")]),
        ("/kategorien/1/loeschen", vec![]),
        ("/quellen/2/abo", vec![("titel", "X"), ("kategorie", "")]),
        ("/einstellungen/sprache", vec![("sprache", "en")]),
    ] {
        let mut f = form.clone();
        f.push(("csrf", "falsch"));
        let r = anna.post(path, &f).await;
        assert_eq!(r.status, 403, "{path}");
    }
    assert!(anna
        .get("/kategorien")
        .await
        .body
        .contains(">Wissen &amp; Forschung</a>"));

    let r = anna
        .post("/kategorien/neu", &[("csrf", &csrf), ("name", "Lesestoff")])
        .await;
    assert_eq!(r.status, 303);
    let db = s.db();
    let cat_id = |name: &str| -> String {
        common::db::rows(
            &db,
            &format!("SELECT id FROM categories WHERE name = '{name}'"),
        )[0][0]
            .clone()
            .unwrap()
    };
    let lese = cat_id("Lesestoff");
    let wissen = cat_id("Wissen & Forschung");
    // Move wissen.atom (source 2) into Lesestoff with an own title.
    let r = anna
        .post(
            "/quellen/2/abo",
            &[
                ("csrf", &csrf),
                ("titel", "Mittagswissen"),
                ("kategorie", &lese),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = anna.get("/kategorie/lesestoff").await.body;
    assert!(page.contains(HITZE));
    assert!(anna.get("/quellen").await.body.contains("Mittagswissen"));
    // Rename: the address follows the name.
    let r = anna
        .post(
            &format!("/kategorien/{lese}/umbenennen"),
            &[("csrf", &csrf), ("name", "Zum Lesen")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(anna.get("/kategorie/lesestoff").await.status, 404);
    assert!(anna.get("/kategorie/zum-lesen").await.body.contains(HITZE));
    let r = anna
        .post(
            &format!("/kategorien/{lese}/umbenennen"),
            &[("csrf", &csrf), ("name", "wissen & forschung")],
        )
        .await;
    assert_eq!(r.status, 409, "the name is taken");
    // The admin can neither rename nor delete anna's category, nor move into it.
    let mut admin = Client::new(&s.base());
    admin.login().await;
    let acsrf = admin.get("/kategorien").await.csrf();
    let r = admin
        .post(
            &format!("/kategorien/{wissen}/umbenennen"),
            &[("csrf", &acsrf), ("name", "Meins")],
        )
        .await;
    assert_eq!(r.status, 404);
    let r = admin
        .post(
            &format!("/kategorien/{wissen}/loeschen"),
            &[("csrf", &acsrf)],
        )
        .await;
    assert_eq!(r.status, 404);
    let r = admin
        .post(
            "/quellen/1/abo",
            &[("csrf", &acsrf), ("titel", ""), ("kategorie", &wissen)],
        )
        .await;
    assert_eq!(r.status, 404);
    let r = admin
        .post(
            "/quellen/2/abo",
            &[("csrf", &acsrf), ("titel", "Gekapert"), ("kategorie", "")],
        )
        .await;
    assert_eq!(r.status, 404, "the admin does not follow wissen.atom");
    assert!(anna.get("/quellen").await.body.contains("Mittagswissen"));
    // Delete: the subscription stays, without a category.
    let r = anna
        .post(&format!("/kategorien/{lese}/loeschen"), &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(anna.get("/kategorie/zum-lesen").await.status, 404);
    assert!(anna.get("/").await.body.contains(HITZE));
    assert_eq!(
        common::db::count(&db, "SELECT COUNT(*) FROM subscriptions WHERE category_id IS NULL AND title = 'Mittagswissen'"),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_manages_readers_and_readers_cannot() {
    let s = Setup::start();
    let mut anna = Client::new(&s.base());
    login_as(&mut anna, "anna", ANNA_PASSWORD).await;
    let csrf = anna.get("/einstellungen").await.csrf();
    assert_eq!(anna.get("/leser").await.status, 403);
    for (path, form) in [
        (
            "/leser/neu",
            vec![("name", "eve"), ("passwort", "eves-passwort-1")],
        ),
        ("/leser/1/passwort", vec![("passwort", "gekapert-123456")]),
        ("/leser/1/entfernen", vec![("wirklich", "1")]),
        ("/einstellungen/lesen", vec![("privat", "1")]),
    ] {
        let mut f = form.clone();
        f.push(("csrf", &csrf));
        assert_eq!(anna.post(path, &f).await.status, 403, "{path}");
    }
    assert_eq!(common::db::count(&s.db(), "SELECT COUNT(*) FROM users"), 2);
    let settings = anna.get("/einstellungen").await.body;
    assert!(
        !settings.contains("id=\"privat\""),
        "no instance settings for readers"
    );
    assert!(
        settings.contains("id=\"token-erzeugen\""),
        "but her own tokens"
    );

    let mut admin = Client::new(&s.base());
    admin.login().await;
    let page = admin.get("/leser").await;
    assert_eq!(page.status, 200);
    let acsrf = page.csrf();
    let r = admin
        .post(
            "/leser/neu",
            &[
                ("csrf", "falsch"),
                ("name", "bert"),
                ("passwort", "berts-passwort-1"),
            ],
        )
        .await;
    assert_eq!(r.status, 403);
    let r = admin
        .post(
            "/leser/neu",
            &[("csrf", &acsrf), ("name", "bert"), ("passwort", "kurz")],
        )
        .await;
    assert_eq!(r.status, 400);
    let r = admin
        .post(
            "/leser/neu",
            &[
                ("csrf", &acsrf),
                ("name", "bert"),
                ("passwort", "berts-passwort-1"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let r = admin
        .post(
            "/leser/neu",
            &[
                ("csrf", &acsrf),
                ("name", "bert"),
                ("passwort", "berts-passwort-1"),
            ],
        )
        .await;
    assert_eq!(r.status, 409);
    let bert_id = common::db::rows(&s.db(), "SELECT id FROM users WHERE name = 'bert'")[0][0]
        .clone()
        .unwrap();
    let mut bert = Client::new(&s.base());
    login_as(&mut bert, "bert", "berts-passwort-1").await;
    assert!(bert.get("/").await.body.contains("id=\"abmelden\""));
    // A new password ends bert's sessions.
    let r = admin
        .post(
            &format!("/leser/{bert_id}/passwort"),
            &[("csrf", &acsrf), ("passwort", "berts-neues-pw-2")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(!bert.get("/").await.body.contains("id=\"abmelden\""));
    login_as(&mut bert, "bert", "berts-neues-pw-2").await;
    let bert_token = token(&s.db(), "bert");
    let auth = format!("GoogleLogin auth={bert_token}");
    let mut app = Client::new(&s.base());
    assert_eq!(
        app.get_with("/reader/api/0/user-info", &[("authorization", &auth)])
            .await
            .status,
        200
    );
    // Removing needs the confirmation; then the session and the token stop working at once.
    let r = admin
        .post(&format!("/leser/{bert_id}/entfernen"), &[("csrf", &acsrf)])
        .await;
    assert_eq!(r.status, 400);
    let r = admin
        .post(
            &format!("/leser/{bert_id}/entfernen"),
            &[("csrf", &acsrf), ("wirklich", "1")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(
        !bert.get("/").await.body.contains("id=\"abmelden\""),
        "session ended"
    );
    assert_eq!(
        bert.post("/kategorien/neu", &[("csrf", "x"), ("name", "x")])
            .await
            .status,
        403
    );
    assert_eq!(
        app.get_with("/reader/api/0/user-info", &[("authorization", &auth)])
            .await
            .status,
        401
    );
    // The last admin stays.
    let admin_id = common::db::rows(&s.db(), "SELECT id FROM users WHERE name = 'admin'")[0][0]
        .clone()
        .unwrap();
    let r = admin
        .post(
            &format!("/leser/{admin_id}/entfernen"),
            &[("csrf", &acsrf), ("wirklich", "1")],
        )
        .await;
    assert_eq!(r.status, 409);
    let _ = ADMIN_PASSWORD;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_reader_has_their_own_language() {
    let s = Setup::start();
    let mut anna = Client::new(&s.base());
    login_as(&mut anna, "anna", ANNA_PASSWORD).await;
    let csrf = anna.get("/einstellungen").await.csrf();
    let r = anna
        .post(
            "/einstellungen/sprache",
            &[("csrf", &csrf), ("sprache", "en")],
        )
        .await;
    assert_eq!(r.status, 303);
    // Another browser without a language cookie: English once anna logs in, German before.
    let mut other = Client::new(&s.base());
    assert!(other.get("/").await.body.contains("<html lang=\"de\">"));
    login_as(&mut other, "anna", ANNA_PASSWORD).await;
    assert!(other.get("/").await.body.contains("<html lang=\"en\">"));
    let mut admin = Client::new(&s.base());
    admin.login().await;
    assert!(
        admin.get("/").await.body.contains("<html lang=\"de\">"),
        "the admin's stays German"
    );
}
