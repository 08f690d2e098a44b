//! Several readers in the browser and the JSON API (issue 19), against the real binary on
//! either engine: each logged-in reader's lists show their own subscriptions, their categories
//! are in the navigation with a page, an Atom feed, a "Der Tag in Kürze" and a search and API
//! filter each; categories are made, renamed, deleted and subscriptions moved in the browser;
//! the admin manages readers (add, set password, remove), readers who are not admins cannot;
//! every form refuses a wrong CSRF token; a removed reader's session and token stop working at
//! once; each reader has a language of their own; anonymous visitors see the instance's view.
//! The Google Reader API gives categories as labels, manages subscriptions and labels, and
//! never shows or changes another reader's subscriptions, labels or states.

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
    // The JSON API and the feeds no longer know the token either: no state is written, no
    // reader's state or category is shown (the instance's anonymous view at most).
    let bearer = format!("Bearer {bert_token}");
    let r = app
        .post_json_with(
            "/api/articles/1/state",
            br#"{"saved": true}"#.to_vec(),
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(r.status, 401);
    let list = app
        .get_with("/api/articles", &[("authorization", &bearer)])
        .await
        .json();
    assert!(list["articles"][0].get("read").is_none(), "{list}");
    assert_eq!(
        app.get_with("/api/articles?gemerkt=1", &[("authorization", &bearer)])
            .await
            .json()["articles"][0]
            .get("saved"),
        None
    );
    assert_ne!(
        app.get(&format!("/gemerkt?token={bert_token}"))
            .await
            .status,
        200
    );
    assert_eq!(
        common::db::count(
            &s.db(),
            &format!("SELECT COUNT(*) FROM item_states WHERE user_id = {bert_id}")
        ),
        0
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

/// A Google Reader client: ClientLogin with name and password, then the `GoogleLogin` header.
struct Greader {
    c: Client,
    auth: String,
    t: String,
}

impl Greader {
    async fn login(base: &str, name: &str, password: &str) -> Greader {
        let mut c = Client::new(base);
        let r = c
            .post(
                "/accounts/ClientLogin",
                &[("Email", name), ("Passwd", password)],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let auth = format!(
            "GoogleLogin auth={}",
            r.body
                .lines()
                .find_map(|l| l.strip_prefix("Auth="))
                .unwrap()
        );
        let t = c
            .get_with("/reader/api/0/token", &[("authorization", &auth)])
            .await
            .body
            .trim()
            .to_string();
        Greader { c, auth, t }
    }

    async fn json(&mut self, path: &str) -> serde_json::Value {
        let r = self
            .c
            .get_with(path, &[("authorization", &self.auth.clone())])
            .await;
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        r.json()
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> web_common::Response {
        let mut f = form.to_vec();
        let t = self.t.clone();
        f.push(("T", &t));
        let auth = self.auth.clone();
        self.c
            .post_with(path, &f, &[("authorization", &auth)])
            .await
    }

    /// The titles of a stream's items.
    async fn titles(&mut self, stream: &str) -> Vec<String> {
        let doc = self
            .json(&format!(
                "/reader/api/0/stream/contents?s={}&n=50",
                web_common::enc(stream)
            ))
            .await;
        doc["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["title"].as_str().unwrap().to_string())
            .collect()
    }

    async fn ids(&mut self, stream: &str) -> Vec<String> {
        let doc = self
            .json(&format!(
                "/reader/api/0/stream/items/ids?s={}&n=50",
                web_common::enc(stream)
            ))
            .await;
        doc["itemRefs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    }

    async fn subscriptions(&mut self) -> Vec<serde_json::Value> {
        self.json("/reader/api/0/subscription/list?output=json")
            .await["subscriptions"]
            .as_array()
            .unwrap()
            .clone()
    }
}

const LABEL: &str = "user/-/label/Wissen & Forschung";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn google_reader_labels_subscriptions_and_two_readers() {
    let s = Setup::start();
    let mut anna = Greader::login(&s.base(), "anna", ANNA_PASSWORD).await;
    let mut admin = Greader::login(&s.base(), "admin", ADMIN_PASSWORD).await;

    // Labels: tag/list, subscription/list with categories, label streams, unread counts.
    let tags = anna.json("/reader/api/0/tag/list?output=json").await;
    assert!(tags["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"] == LABEL && t["type"] == "folder"));
    let admin_tags = admin.json("/reader/api/0/tag/list?output=json").await;
    assert!(!admin_tags.to_string().contains("label/"), "{admin_tags}");
    let subs = anna.subscriptions().await;
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0]["id"], "feed/2");
    assert_eq!(subs[0]["categories"][0]["id"], LABEL);
    assert_eq!(subs[0]["categories"][0]["label"], "Wissen &amp; Forschung");
    let admin_subs = admin.subscriptions().await;
    assert_eq!(admin_subs.len(), 1);
    assert_eq!(admin_subs[0]["id"], "feed/1");
    let labelled = anna.titles(LABEL).await;
    assert!(labelled.contains(&HITZE.to_string()), "{labelled:?}");
    assert!(!labelled.iter().any(|t| t == BIBLIOTHEK));
    let reading = anna.titles("user/-/state/com.google/reading-list").await;
    assert_eq!(
        reading.len(),
        2,
        "anna's reading list: her source's articles: {reading:?}"
    );
    let counts = anna.json("/reader/api/0/unread-count?output=json").await;
    let label_count = counts["unreadcounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == LABEL)
        .expect("the label's unread count")["count"]
        .as_i64()
        .unwrap();
    assert_eq!(label_count, 2);
    let total = counts["unreadcounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "user/-/state/com.google/reading-list")
        .unwrap()["count"]
        .as_i64()
        .unwrap();
    assert_eq!(total, 2, "anna's unread articles, not the store's");
    assert!(
        !counts.to_string().contains("\"feed/1\""),
        "not the admin's feed: {counts}"
    );

    // Another reader's feed and label are empty streams for the admin.
    assert!(admin.titles(LABEL).await.is_empty());
    assert!(admin.titles("feed/2").await.is_empty());
    let admin_reading = admin.titles("user/-/state/com.google/reading-list").await;
    assert!(
        !admin_reading.iter().any(|t| t == HITZE),
        "{admin_reading:?}"
    );

    // Items only anna's sources carry: the admin can neither read them by id nor mark them.
    let hitze_id = {
        let doc = anna
            .json(&format!(
                "/reader/api/0/stream/contents/{}?n=50",
                LABEL.replace(' ', "%20").replace('&', "%26")
            ))
            .await;
        doc["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["title"] == HITZE)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let r = admin
        .post("/reader/api/0/stream/items/contents", &[("i", &hitze_id)])
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["items"].as_array().unwrap().len(), 0, "{}", r.body);
    let r = admin
        .post(
            "/reader/api/0/edit-tag",
            &[
                ("i", &hitze_id),
                ("a", "user/-/state/com.google/starred"),
                ("a", "user/-/state/com.google/read"),
            ],
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        common::db::count(&s.db(), "SELECT COUNT(*) FROM item_states WHERE user_id = (SELECT id FROM users WHERE name = 'admin')"),
        0,
        "nothing marked for the admin"
    );
    // anna marks it read: her state only.
    let r = anna
        .post(
            "/reader/api/0/edit-tag",
            &[("i", &hitze_id), ("a", "user/-/state/com.google/read")],
        )
        .await;
    assert_eq!(r.status, 200);
    let unread = anna.ids(LABEL).await.len();
    assert_eq!(unread, 2);
    let doc = anna
        .json(&format!(
            "/reader/api/0/stream/contents?s={}&n=50&xt=user/-/state/com.google/read",
            web_common::enc(LABEL)
        ))
        .await;
    assert_eq!(doc["items"].as_array().unwrap().len(), 1);

    // The browser's add form files a feed in a category (made when missing).
    let mut browser = Client::new(&s.base());
    login_as(&mut browser, "anna", ANNA_PASSWORD).await;
    let csrf = browser.get("/quellen").await.csrf();
    let r = browser
        .post(
            "/quellen/neu",
            &[
                ("csrf", &csrf),
                ("url", &s._fixtures.url("feeds/agentur-b.rss")),
                ("kategorie", "Agenturen"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let subs = anna.subscriptions().await;
    let b = subs
        .iter()
        .find(|x| x["url"].as_str().unwrap().ends_with("agentur-b.rss"))
        .unwrap();
    assert_eq!(b["categories"][0]["id"], "user/-/label/Agenturen");
    let r = anna
        .post(
            "/reader/api/0/subscription/edit",
            &[("ac", "unsubscribe"), ("s", b["id"].as_str().unwrap())],
        )
        .await;
    assert_eq!(r.status, 200);
    let r = anna
        .post("/reader/api/0/disable-tag", &[("t", "Agenturen")])
        .await;
    assert_eq!(r.status, 200);

    // quickadd: a feed the admin follows already is shared, not added twice.
    let fixtures = &s._fixtures;
    let r = anna
        .post(
            "/reader/api/0/subscription/quickadd",
            &[("quickadd", &fixtures.url("feeds/lokales.rss"))],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["streamId"], "feed/1");
    assert_eq!(
        common::db::count(&s.db(), "SELECT COUNT(*) FROM sources"),
        2
    );
    let r = anna
        .post(
            "/reader/api/0/subscription/quickadd",
            &[("quickadd", &fixtures.url("feeds/agentur-a.rss"))],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let agentur = r.json()["streamId"].as_str().unwrap().to_string();
    assert_eq!(anna.subscriptions().await.len(), 3);
    assert_eq!(
        admin.subscriptions().await.len(),
        1,
        "the admin's list is unchanged"
    );

    // subscription/edit: move into a new label, rename, move out, unsubscribe.
    let r = anna
        .post(
            "/reader/api/0/subscription/edit",
            &[
                ("ac", "edit"),
                ("s", &agentur),
                ("a", "user/-/label/Agenturen"),
                ("t", "Agentur Alpha"),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let subs = anna.subscriptions().await;
    let a = subs.iter().find(|x| x["id"] == agentur.as_str()).unwrap();
    assert_eq!(a["title"], "Agentur Alpha");
    assert_eq!(a["categories"][0]["id"], "user/-/label/Agenturen");
    // Move between labels with a and r.
    let r = anna
        .post(
            "/reader/api/0/subscription/edit",
            &[
                ("ac", "edit"),
                ("s", &agentur),
                ("r", "user/-/label/Agenturen"),
                ("a", LABEL),
            ],
        )
        .await;
    assert_eq!(r.status, 200);
    let subs = anna.subscriptions().await;
    assert_eq!(
        subs.iter().find(|x| x["id"] == agentur.as_str()).unwrap()["categories"][0]["id"],
        LABEL
    );
    let r = anna
        .post(
            "/reader/api/0/subscription/edit",
            &[("ac", "edit"), ("s", &agentur), ("r", LABEL)],
        )
        .await;
    assert_eq!(r.status, 200);
    let subs = anna.subscriptions().await;
    assert_eq!(
        subs.iter().find(|x| x["id"] == agentur.as_str()).unwrap()["categories"],
        serde_json::json!([])
    );
    // The admin cannot edit or unsubscribe anna's subscription.
    let r = admin
        .post(
            "/reader/api/0/subscription/edit",
            &[("ac", "edit"), ("s", "feed/2"), ("t", "Gekapert")],
        )
        .await;
    assert_eq!(r.status, 404);
    let r = admin
        .post(
            "/reader/api/0/subscription/edit",
            &[("ac", "unsubscribe"), ("s", "feed/2")],
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(anna.subscriptions().await.len(), 3);
    let r = anna
        .post(
            "/reader/api/0/subscription/edit",
            &[("ac", "unsubscribe"), ("s", &agentur)],
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(anna.subscriptions().await.len(), 2);
    // subscribe by URL with a label.
    let r = anna
        .post(
            "/reader/api/0/subscription/edit",
            &[
                ("ac", "subscribe"),
                (
                    "s",
                    &format!("feed/{}", fixtures.url("feeds/agentur-b.rss")),
                ),
                ("a", "user/-/label/Agenturen"),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        anna.titles("user/-/label/Agenturen").await.is_empty(),
        "not polled yet, but the label exists"
    );
    let tags = anna
        .json("/reader/api/0/tag/list?output=json")
        .await
        .to_string();
    assert!(tags.contains("user/-/label/Agenturen"), "{tags}");

    // rename-tag and disable-tag: anna's only.
    let r = admin
        .post(
            "/reader/api/0/rename-tag",
            &[("s", LABEL), ("dest", "user/-/label/Gekapert")],
        )
        .await;
    assert_eq!(r.status, 404);
    let r = admin
        .post("/reader/api/0/disable-tag", &[("s", LABEL)])
        .await;
    assert_eq!(r.status, 404);
    let r = anna
        .post(
            "/reader/api/0/rename-tag",
            &[("s", LABEL), ("dest", "user/-/label/Wissen")],
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(anna
        .titles("user/-/label/Wissen")
        .await
        .contains(&HITZE.to_string()));
    assert!(anna.titles(LABEL).await.is_empty());
    let r = anna
        .post("/reader/api/0/disable-tag", &[("s", "user/-/label/Wissen")])
        .await;
    assert_eq!(r.status, 200);
    let tags = anna
        .json("/reader/api/0/tag/list?output=json")
        .await
        .to_string();
    assert!(!tags.contains("label/Wissen"), "{tags}");
    assert!(
        anna.subscriptions()
            .await
            .iter()
            .any(|x| x["id"] == "feed/2"),
        "the feed stays"
    );
    // A wrong write token is refused.
    let auth = anna.auth.clone();
    let r = anna
        .c
        .post_with(
            "/reader/api/0/disable-tag",
            &[("s", "user/-/label/Agenturen"), ("T", "falsch")],
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(r.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_readers_token_is_refused_on_admin_routes_and_other_readers_things() {
    let s = Setup::start();
    let anna_token = token(&s.db(), "anna");
    let admin_token = token(&s.db(), "admin");
    let mut c = Client::new(&s.base());
    // Tokens are not browser sessions: no form accepts them, whoever's they are.
    for tok in [&anna_token, &admin_token] {
        let bearer = format!("Bearer {tok}");
        for (path, form) in [
            (
                "/leser/neu",
                vec![
                    ("csrf", ""),
                    ("name", "eve"),
                    ("passwort", "eves-passwort-1"),
                ],
            ),
            ("/einstellungen/lesen", vec![("csrf", ""), ("privat", "1")]),
            ("/kategorien/neu", vec![("csrf", ""), ("name", "X")]),
            ("/quellen/2/entfernen", vec![("csrf", "")]),
            ("/einstellungen/token", vec![("csrf", ""), ("name", "X")]),
        ] {
            let r = c
                .post_with(path, &form, &[("authorization", &bearer)])
                .await;
            assert_eq!(r.status, 403, "{path}");
        }
        assert_ne!(
            c.get_with("/leser", &[("authorization", &bearer)])
                .await
                .status,
            200
        );
    }
    assert_eq!(common::db::count(&s.db(), "SELECT COUNT(*) FROM users"), 2);
    assert_eq!(
        common::db::count(&s.db(), "SELECT COUNT(*) FROM subscriptions"),
        2
    );
    // Tokens are per reader: each lists only their own.
    let mut admin = Client::new(&s.base());
    admin.login().await;
    let settings = admin.get("/einstellungen").await.body;
    assert_eq!(
        settings.matches("/entfernen\" method=\"post\"").count(),
        1,
        "the admin's one token"
    );
    let mut anna = Client::new(&s.base());
    login_as(&mut anna, "anna", ANNA_PASSWORD).await;
    let csrf = anna.get("/einstellungen").await.csrf();
    // anna cannot revoke the admin's token by its id.
    let admin_token_id = common::db::rows(
        &s.db(),
        "SELECT t.id FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.name = 'admin'",
    )[0][0]
        .clone()
        .unwrap();
    let r = anna
        .post(
            &format!("/einstellungen/token/{admin_token_id}/entfernen"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        common::db::count(
            &s.db(),
            &format!("SELECT COUNT(*) FROM api_tokens WHERE id = {admin_token_id}")
        ),
        1,
        "the admin's token stays"
    );
    // Another reader's source is not shown by its id (page, feed), nor named on an article.
    assert_eq!(anna.get("/quellen/1").await.status, 404);
    assert_eq!(admin.get("/quellen/1").await.status, 200);
    assert_eq!(
        c.get(&format!("/quellen/1/feed.atom?token={anna_token}"))
            .await
            .status,
        404
    );
    let shared = common::db::rows(
        &s.db(),
        "SELECT id FROM articles WHERE title = 'Stadtrat beschließt Radwegenetz für Musterstadt'",
    )[0][0]
        .clone()
        .unwrap();
    let full = c
        .get_with(
            &format!("/api/articles/{shared}"),
            &[("authorization", &format!("Bearer {anna_token}"))],
        )
        .await
        .json();
    let names: Vec<i64> = full["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(names, [2], "only anna's source carrying it");
    let page = anna.get(&format!("/artikel/{shared}")).await.body;
    assert!(
        !page.contains("href=\"/quellen/1\""),
        "the admin's source is not named to anna"
    );
    assert!(page.contains("href=\"/quellen/2\""), "her own is");
    let anon_page = c.get(&format!("/artikel/{shared}")).await.body;
    assert!(anon_page.contains("href=\"/quellen/1\"") && anon_page.contains("href=\"/quellen/2\""));
    // anna cannot unsubscribe the admin's source by its id.
    let r = anna.post("/quellen/1/entfernen", &[("csrf", &csrf)]).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        common::db::count(
            &s.db(),
            "SELECT COUNT(*) FROM subscriptions WHERE source_id = 1"
        ),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_freshrss_export_uploaded_in_the_browser_keeps_its_folders() {
    let s = Setup::start();
    let mut anna = Client::new(&s.base());
    login_as(&mut anna, "anna", ANNA_PASSWORD).await;
    let csrf = anna.get("/quellen").await.csrf();
    let opml = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/opml/freshrss.opml"),
    )
    .unwrap();
    let body = format!(
        "--grenze\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
--grenze\r\nContent-Disposition: form-data; name=\"opml\"; filename=\"freshrss.opml\"\r\nContent-Type: text/x-opml\r\n\r\n{opml}\r\n--grenze--\r\n"
    );
    let r = anna
        .post_raw(
            "/quellen/import",
            "multipart/form-data; boundary=grenze",
            body.into_bytes(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body
            .contains("Importiert: 4, schon vorhanden: 0, ungültig: 1"),
        "{}",
        r.body
    );
    let nav = anna.get("/").await.body;
    for (slug, name) in [
        ("agenturen", "Agenturen"),
        ("lokales", "Lokales"),
        ("sans-categorie", "Sans catégorie"),
    ] {
        assert!(
            nav.contains(&format!("<a href=\"/kategorie/{slug}\">{name}</a>")),
            "{slug}"
        );
    }
    // Her OPML export writes them back as folders; the admin's has none of them.
    let doc = anna.get("/quellen.opml").await.body;
    let folders: std::collections::BTreeSet<String> = kurzgefasst::ingest::opml::parse(&doc)
        .into_iter()
        .filter_map(|o| o.category)
        .collect();
    assert_eq!(
        folders.into_iter().collect::<Vec<_>>(),
        [
            "Agenturen",
            "Lokales",
            "Sans catégorie",
            "Wissen & Forschung"
        ]
    );
    let mut admin = Client::new(&s.base());
    admin.login().await;
    let doc = admin.get("/quellen.opml").await.body;
    assert!(kurzgefasst::ingest::opml::parse(&doc)
        .iter()
        .all(|o| o.category.is_none()));
}

/// The POST routes of a router's source (`.route("PATH", … post(…) …)`), in order.
fn post_routes(source: &str) -> Vec<String> {
    source
        .split(".route(")
        .skip(1)
        .filter_map(|chunk| {
            // The route's own call ends where the next builder call starts.
            let call = chunk.split("\n        .").next().unwrap_or(chunk);
            let path = call.split('"').nth(1)?;
            (path.starts_with('/') && call.contains("post(")).then(|| path.to_string())
        })
        .collect()
}

/// Every state-changing route of `web/mod.rs`, read from its source so that a new form
/// without a CSRF check fails here: with a logged-in admin's session and a wrong CSRF token
/// each is refused with 403 and changes nothing; an API token (no session) is refused too, and
/// the Google Reader API's writes refuse the session cookie (they take tokens only).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_form_that_changes_state_checks_csrf() {
    let s = Setup::start();
    let routes = post_routes(include_str!("../src/web/mod.rs"));
    for known in [
        "/anmelden",
        "/abmelden",
        "/gelesen",
        "/artikel/{id}/gelesen",
        "/artikel/{id}/merken",
        "/filter/neu",
        "/filter/{id}/entfernen",
        "/filter/cluster",
        "/quellen/neu",
        "/quellen/import",
        "/kategorien/neu",
        "/leser/neu",
        "/einstellungen/token",
        "/api/articles/{id}/state",
    ] {
        assert!(routes.iter().any(|r| r == known), "{known} in {routes:?}");
    }
    assert!(routes.len() >= 23, "{routes:?}");
    let token = token(&s.db(), "admin");
    let mut admin = Client::new(&s.base());
    admin.login().await;
    let right = admin.get("/filter").await.csrf();
    let mut anon = Client::new(&s.base());
    let feed = s._fixtures.url("feeds/wissen.atom");
    // Every field any form takes, with values its handler accepts, so that only the CSRF
    // token is wrong.
    let fields = [
        ("csrf", "0000falsch"),
        ("name", "probe"),
        ("passwort", "probe-passwort-123"),
        ("url", feed.as_str()),
        ("kategorie", "1"),
        ("titel", "Probe"),
        ("privat", "1"),
        ("sprache", "en"),
        ("wirklich", "1"),
        ("wert", "1"),
        ("an", "1"),
        ("bis_id", "999999"),
        ("aktion", "mute"),
        ("feld", "title"),
        ("muster", "Probe"),
        ("quelle", "1"),
        ("ressort", "sport"),
        ("weiter", "/"),
    ];
    let snapshot = || {
        [
            "users",
            "sessions",
            "api_tokens",
            "sources",
            "subscriptions",
            "categories",
            "item_states",
            "reader_rules",
            "reader_settings",
            "settings",
        ]
        .iter()
        .map(|t| common::db::count(&s.db(), &format!("SELECT COUNT(*) FROM {t}")))
        .collect::<Vec<i64>>()
    };
    let before = snapshot();
    let boundary = "grenze";
    let multipart = |csrf: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
--{boundary}\r\nContent-Disposition: form-data; name=\"opml\"; filename=\"a.opml\"\r\nContent-Type: text/xml\r\n\r\n\
<opml version=\"2.0\"><body><outline type=\"rss\" xmlUrl=\"{feed}\"/></body></opml>\r\n--{boundary}--\r\n"
        )
        .into_bytes()
    };
    for route in &routes {
        let path = route.replace("{id}", "1");
        let bearer = format!("Bearer {token}");
        let (with_session, with_token) = if path == "/api/articles/1/state" {
            // JSON: a session's CSRF token goes in X-CSRF-Token.
            let body = br#"{"read": true, "saved": true}"#.to_vec();
            (
                admin
                    .post_json_with(&path, body.clone(), &[("x-csrf-token", "0000falsch")])
                    .await,
                // A token needs no CSRF token (no cookie is involved): checked below.
                anon.post_json_with(&path, body, &[]).await,
            )
        } else if path == "/quellen/import" {
            let ct = format!("multipart/form-data; boundary={boundary}");
            (
                admin.post_raw(&path, &ct, multipart("0000falsch")).await,
                anon.post_with(&path, &[], &[("authorization", &bearer)])
                    .await,
            )
        } else {
            (
                admin.post(&path, &fields).await,
                anon.post_with(&path, &fields, &[("authorization", &bearer)])
                    .await,
            )
        };
        assert_eq!(
            with_session.status, 403,
            "{route}: a wrong CSRF token must be refused: {}",
            with_session.body
        );
        if path == "/api/articles/1/state" {
            assert_eq!(with_token.status, 401, "{route} without a viewer");
        } else {
            assert_eq!(with_token.status, 403, "{route} with an API token");
        }
        assert_eq!(snapshot(), before, "{route} changed something");
    }
    // The session is still there and its own token works (the refusals were CSRF's).
    let r = admin
        .post(
            "/filter/neu",
            &[
                ("csrf", &right),
                ("aktion", "mute"),
                ("feld", "title"),
                ("muster", "Probe"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        common::db::count(&s.db(), "SELECT COUNT(*) FROM reader_rules"),
        1
    );

    // The Google Reader API never takes the session cookie: its writes need a token.
    let reader_routes = post_routes(include_str!("../src/web/reader.rs"));
    assert!(reader_routes.iter().any(|r| r == "/reader/api/0/edit-tag"));
    for route in reader_routes
        .iter()
        .filter(|r| r.starts_with("/reader/api/0/"))
    {
        let r = admin
            .post(
                route,
                &[
                    ("i", "1"),
                    ("a", "user/-/state/com.google/read"),
                    ("T", &right),
                ],
            )
            .await;
        assert_eq!(r.status, 401, "{route} with a session cookie: {}", r.body);
    }
    assert_eq!(
        common::db::count(&s.db(), "SELECT COUNT(*) FROM item_states"),
        0
    );
}

/// Another reader's article ids in the JSON API and the forms: the state written is always the
/// caller's own, never the other reader's; "mark all" with another reader's ids marks nothing
/// outside the caller's subscriptions; what the other reader saved is not shown to the caller.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_readers_item_ids_change_nothing_of_theirs_in_the_json_api_and_forms() {
    let s = Setup::start();
    let anna_token = token(&s.db(), "anna");
    let admin_token = token(&s.db(), "admin");
    let hitze: i64 = common::db::rows(
        &s.db(),
        &format!("SELECT id FROM articles WHERE title = '{HITZE}'"),
    )[0][0]
        .as_ref()
        .unwrap()
        .parse()
        .unwrap();
    let anna_id = common::db::rows(&s.db(), "SELECT id FROM users WHERE name = 'anna'")[0][0]
        .clone()
        .unwrap();
    let admin_id = common::db::rows(&s.db(), "SELECT id FROM users WHERE name = 'admin'")[0][0]
        .clone()
        .unwrap();
    let mut c = Client::new(&s.base());
    let as_anna = format!("Bearer {anna_token}");
    let as_admin = format!("Bearer {admin_token}");
    // anna reads and saves the article only her source carries.
    let r = c
        .post_json_with(
            &format!("/api/articles/{hitze}/state"),
            br#"{"read": true, "saved": true}"#.to_vec(),
            &[("authorization", &as_anna)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let anna_state = || {
        common::db::rows(
            &s.db(),
            &format!(
                "SELECT CAST(is_read AS INTEGER), CAST(starred AS INTEGER) FROM item_states \
                 WHERE user_id = {anna_id} AND article_id = {hitze}"
            ),
        )
    };
    let hers = anna_state();
    assert_eq!(hers.len(), 1);
    // The admin's view of it carries the admin's state, not hers.
    let doc = c
        .get_with(
            &format!("/api/articles/{hitze}"),
            &[("authorization", &as_admin)],
        )
        .await
        .json();
    assert_ne!(doc["read"], true, "{doc}");
    assert_ne!(doc["saved"], true, "{doc}");
    let saved = c
        .get_with("/api/articles?gemerkt=1", &[("authorization", &as_admin)])
        .await
        .json();
    assert!(saved["articles"].as_array().unwrap().is_empty(), "{saved}");
    // The admin writes with her article's id: only the admin's own state changes.
    let r = c
        .post_json_with(
            &format!("/api/articles/{hitze}/state"),
            br#"{"read": false, "saved": false}"#.to_vec(),
            &[("authorization", &as_admin)],
        )
        .await;
    assert!(r.status == 200 || r.status == 404, "{}", r.body);
    assert_eq!(anna_state(), hers, "the JSON API changed nothing of anna's");
    let mut admin = Client::new(&s.base());
    admin.login().await;
    let csrf = admin.get("/").await.csrf();
    for (path, form) in [
        (
            format!("/artikel/{hitze}/gelesen"),
            vec![("csrf", csrf.as_str()), ("wert", "0")],
        ),
        (
            format!("/artikel/{hitze}/merken"),
            vec![("csrf", csrf.as_str()), ("wert", "0")],
        ),
    ] {
        let r = admin.post(&path, &form).await;
        assert!(r.status == 303 || r.status == 404, "{path}: {}", r.status);
        assert_eq!(anna_state(), hers, "{path} changed anna's state");
    }
    // "Mark all" naming her article's id marks nothing the admin does not follow.
    let ids = hitze.to_string();
    let r = admin
        .post(
            "/gelesen",
            &[("csrf", &csrf), ("bis_id", "999999"), ("ids", &ids)],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        common::db::count(
            &s.db(),
            &format!(
                "SELECT COUNT(*) FROM item_states WHERE user_id = {admin_id} AND article_id = {hitze} AND is_read = TRUE"
            )
        ),
        0
    );
    assert_eq!(anna_state(), hers);
    // Her list still shows it read and saved.
    let mine = c
        .get_with("/api/articles?gemerkt=1", &[("authorization", &as_anna)])
        .await
        .json();
    let ids: Vec<i64> = mine["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![hitze]);
}
