//! Ressorts over HTTP, against the real binary: each article gets the Ressort its page, its feed
//! entry or its URL path names (and none when none does), shown as a label, listed on its own
//! page (`/ressort/{slug}`), in its own Atom feed and through the JSON API's filter.

mod common;
mod web_common;

use common::{kg, run_ok, Server};
use web_common::{feedparser, set_admin_password, Response};

const GIPFEL: &str = "Außenminister treffen sich zum Gipfel in Wien";
const DERBY: &str = "Musterstadt gewinnt das Derby";
const AUSSTELLUNG: &str = "Kunsthalle zeigt Werke der Moderne";
const KATZE: &str = "Feuerwehr rettet Katze vom Kirchturm";
const BUSLINIE: &str = "Neue Buslinie verbindet Nord und Süd";

struct Ressorts {
    _fixtures: common::FixtureServer,
    _dir: tempfile::TempDir,
    server: Server,
}

impl Ressorts {
    fn start() -> Ressorts {
        let fixtures = common::FixtureServer::start();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kg.db");
        run_ok(kg(&db).args(["sources", "add", &fixtures.url("feeds/ressorts.rss")]));
        run_ok(kg(&db).arg("fetch"));
        set_admin_password(&db);
        let server = Server::start(&db, &["--role", "web", "--no-default-sources"]);
        Ressorts {
            _fixtures: fixtures,
            _dir: dir,
            server,
        }
    }

    fn get(&self, path: &str) -> Response {
        web_common::request(self.server.addr, path, &[])
    }

    /// The titles of `/api/articles?…` in order, and each one's `ressort`.
    fn api(&self, query: &str) -> Vec<(String, serde_json::Value)> {
        let r = self.get(&format!("/api/articles{query}"));
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["titel"].as_str().unwrap().to_string(),
                    a["ressort"].clone(),
                )
            })
            .collect()
    }
}

#[test]
fn the_page_the_feed_and_the_url_file_articles_under_ressorts() {
    let site = Ressorts::start();
    let mut all = site.api("");
    all.sort_by(|a, b| a.0.cmp(&b.0));
    let want = [
        // From the URL path (/politik/ausland/…); the feed's "Nachrichten" names none.
        (GIPFEL, serde_json::json!("politik")),
        // From the page's article:section, though the feed says "Lokales".
        (DERBY, serde_json::json!("sport")),
        // From the feed entry's <category>.
        (AUSSTELLUNG, serde_json::json!("kultur")),
        // The page could not be fetched: the feed entry's category still files it.
        (KATZE, serde_json::json!("panorama")),
        // Nothing names a Ressort: none is invented.
        (BUSLINIE, serde_json::Value::Null),
    ];
    let mut want: Vec<(String, serde_json::Value)> =
        want.into_iter().map(|(t, r)| (t.to_string(), r)).collect();
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(all, want);

    // The JSON API filters by Ressort, and refuses one that does not exist.
    assert_eq!(
        site.api("?ressort=sport"),
        [(DERBY.to_string(), serde_json::json!("sport"))]
    );
    assert_eq!(site.get("/api/articles?ressort=klatsch").status, 400);
}

#[test]
fn ressort_pages_labels_and_feeds() {
    let site = Ressorts::start();

    // The start page labels each article with its Ressort and links the Ressort pages.
    let start = site.get("/");
    assert_eq!(start.status, 200);
    assert!(
        start
            .body
            .contains("<a class=\"ressort\" href=\"/ressort/sport\">Sport</a>"),
        "{}",
        start.body
    );
    assert!(start
        .body
        .contains("<a href=\"/ressort/wissenschaft\">Wissenschaft</a>"));

    // A Ressort page lists only its articles.
    let politik = site.get("/ressort/politik");
    assert_eq!(politik.status, 200);
    assert!(politik.body.contains(GIPFEL));
    for other in [DERBY, AUSSTELLUNG, KATZE, BUSLINIE] {
        assert!(!politik.body.contains(other), "{other} on the Politik page");
    }
    assert!(politik.body.contains("<h1>Ressort: Politik</h1>"));
    assert!(politik
        .body
        .contains("<a href=\"/ressort/politik\" aria-current=\"page\">Politik</a>"));
    let leer = site.get("/ressort/gesundheit");
    assert_eq!(leer.status, 200);
    assert!(leer
        .body
        .contains("In diesem Ressort gibt es noch keine Artikel."));
    assert_eq!(site.get("/ressort/klatsch").status, 404);

    // The article page shows the label too.
    let ids = web_common::article_ids(&site.get("/ressort/kultur").body);
    assert_eq!(ids.len(), 1);
    let page = site.get(&format!("/artikel/{}", ids[0]));
    assert!(page
        .body
        .contains("<a class=\"ressort\" href=\"/ressort/kultur\">Kultur</a>"));

    // Each Ressort has its Atom feed, readable by feedparser, with the Ressort as a category.
    let r = site.get("/ressort/sport/feed.atom");
    assert_eq!(r.status, 200);
    let f = feedparser(&r.body);
    assert_eq!(f["bozo"], false, "{}", f["bozo_exception"]);
    assert_eq!(f["title"], "Kurzgefasst – Sport");
    let entries = f["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["title"], DERBY);
    let terms: Vec<&str> = entries[0]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["term"].as_str())
        .collect();
    assert!(terms.contains(&"sport"), "{terms:?}");
    assert!(politik.body.contains("href=\"/ressort/politik/feed.atom\""));
    assert_eq!(site.get("/ressort/klatsch/feed.atom").status, 404);
}

/// A logged-in reader's Ressort page is their list: their state, only unread, and "mark all"
/// for the Ressort, which marks that Ressort's articles and nothing else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_readers_ressort_page_marks_only_its_ressort() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let site = Ressorts::start();
    let mut c = web_common::Client::new(&format!("http://{}", site.server.addr));
    c.login().await;
    let unread = |html: &str| web_common::article_ids(html).len();
    let all_before = unread(&c.get("/?ungelesen=1").await.body);
    assert_eq!(all_before, 5, "every article unread at first");

    let sport = c.get("/ressort/sport").await;
    assert_eq!(sport.status, 200);
    assert!(
        sport.body.contains("id=\"nur-ungelesene\""),
        "the reader's toolbar"
    );
    assert!(
        sport
            .body
            .contains("<input type=\"hidden\" name=\"ressort\" value=\"sport\">"),
        "mark all names the Ressort"
    );
    // CSRF is checked.
    let r = c
        .post(
            "/gelesen",
            &[
                ("csrf", "falsch"),
                ("bis_id", "999999"),
                ("ressort", "sport"),
            ],
        )
        .await;
    assert_eq!(r.status, 403);
    let r = c
        .post(
            "/gelesen",
            &[
                ("csrf", &sport.csrf()),
                ("bis_id", "999999"),
                ("ressort", "sport"),
                ("weiter", "/ressort/sport"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(unread(&c.get("/ressort/sport?ungelesen=1").await.body), 0);
    assert_eq!(
        unread(&c.get("/ressort/sport").await.body),
        1,
        "read, still listed"
    );
    let left = c.get("/?ungelesen=1").await.body;
    assert_eq!(
        unread(&left),
        all_before - 1,
        "only the Sport article was marked"
    );
    assert!(!left.contains(DERBY));
    assert!(left.contains(GIPFEL));
}

/// A mute rule on a Ressort hides that Ressort's articles from the reader's lists (not from
/// anonymous visitors, not other Ressorts), a keep rule on a word overrides it, and a rule
/// without a Ressort is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ressort_mute_rule_hides_only_that_ressort() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let site = Ressorts::start();
    let mut c = web_common::Client::new(&format!("http://{}", site.server.addr));
    c.login().await;
    let page = c.get("/filter").await;
    assert!(page
        .body
        .contains("<option value=\"ressort\">Ressort</option>"));
    let csrf = page.csrf();
    // Without a Ressort the rule is refused.
    let r = c
        .post(
            "/filter/neu",
            &[
                ("csrf", &csrf),
                ("aktion", "mute"),
                ("feld", "ressort"),
                ("ressort", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 400);
    let r = c
        .post(
            "/filter/neu",
            &[
                ("csrf", &csrf),
                ("aktion", "mute"),
                ("feld", "ressort"),
                ("ressort", "kultur"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);

    let start = c.get("/").await.body;
    assert!(
        !start.contains(AUSSTELLUNG),
        "the Kultur article is muted for the reader"
    );
    assert!(
        start.contains(DERBY) && start.contains(GIPFEL),
        "other Ressorts stay"
    );
    assert!(c.get("/api/articles").await.body.contains(DERBY));
    assert!(!c.get("/api/articles").await.body.contains(AUSSTELLUNG));
    // Anonymous visitors still see it: nothing is deleted.
    assert!(site.get("/").body.contains(AUSSTELLUNG));
    // The filter page names the rule and how many articles it hid.
    let filters = c.get("/filter").await.body;
    assert!(
        filters.contains(
            "<td>Ressort</td><td class=\"pattern\">Kultur</td><td class=\"hidden-count\">1</td>"
        ),
        "{filters}"
    );

    // A keep rule on a word of the title overrides the mute.
    let r = c
        .post(
            "/filter/neu",
            &[
                ("csrf", &csrf),
                ("aktion", "keep"),
                ("feld", "title"),
                ("muster", "Kunsthalle"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(c.get("/").await.body.contains(AUSSTELLUNG));
}

/// Each Ressort has its own "Der Tag in Kürze" (`/ressort/{slug}/tag`: that Ressort's stories
/// only, paging within it), and search filters by Ressort: the `/suche` form and `ressort=` in
/// `/api/search` (an unknown Ressort refused there).
#[test]
fn a_ressorts_day_and_the_ressort_filter_in_search() {
    let site = Ressorts::start();
    let day = site.get("/ressort/sport/tag");
    assert_eq!(day.status, 200);
    assert!(day.body.contains(DERBY), "{}", day.body);
    for other in [GIPFEL, AUSSTELLUNG, KATZE, BUSLINIE] {
        assert!(!day.body.contains(other), "{other} on the Sport day");
    }
    assert!(day.body.contains("Der Tag in Kürze"));
    assert!(day
        .body
        .contains("<p class=\"ressort\"><a href=\"/ressort/sport\">Sport</a></p>"));
    assert!(
        day.body.contains("href=\"/ressort/sport/tag?datum="),
        "the pager stays in the Ressort"
    );
    assert_eq!(site.get("/ressort/klatsch/tag").status, 404);
    // The Ressort page links its day and its search.
    let page = site.get("/ressort/sport").body;
    assert!(page.contains("href=\"/ressort/sport/tag\""));
    assert!(page.contains("href=\"/suche?ressort=sport\""));

    // Search: the form's Ressort select, alone or with words.
    let found = site.get("/suche?ressort=politik");
    assert_eq!(found.status, 200);
    assert!(found.body.contains(GIPFEL), "{}", found.body);
    for other in [DERBY, AUSSTELLUNG, KATZE, BUSLINIE] {
        assert!(!found.body.contains(other), "{other} found under Politik");
    }
    assert!(found
        .body
        .contains("<option value=\"politik\" selected>Politik</option>"));
    let titles = |path: &str| -> Vec<String> {
        let r = site.get(path);
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        r.json()["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["article"]["titel"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(titles("/api/search?ressort=sport"), vec![DERBY.to_string()]);
    assert_eq!(
        titles("/api/search?q=Derby&ressort=sport"),
        vec![DERBY.to_string()]
    );
    assert!(titles("/api/search?q=Derby&ressort=kultur").is_empty());
    // Without the filter the word finds it: the Ressort did the narrowing.
    assert_eq!(titles("/api/search?q=Derby"), vec![DERBY.to_string()]);
    assert_eq!(site.get("/api/search?ressort=klatsch").status, 400);
    // The day of one Ressort in the JSON API too.
    let day = site.get("/api/tag?ressort=sport");
    assert_eq!(day.status, 200, "{}", day.body);
    let leads: Vec<String> = day.json()["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|st| st["article"]["titel"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(leads, vec![DERBY.to_string()]);
    assert_eq!(site.get("/api/tag?ressort=klatsch").status, 400);
    // The next page keeps the filter.
    let r = site.get("/api/search?ressort=sport").json();
    assert!(r["next"].is_null());
}

/// A reader's Ressort day shows their state and marks only that Ressort's day; what they muted
/// is not in it, nor in the Ressort's feed or search, while anonymous visitors see it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_readers_ressort_day_feed_and_search_leave_out_what_they_muted() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let site = Ressorts::start();
    let mut c = web_common::Client::new(&format!("http://{}", site.server.addr));
    c.login().await;
    let day = c.get("/ressort/kultur/tag").await;
    assert_eq!(day.status, 200);
    assert!(day.body.contains(AUSSTELLUNG));
    assert!(
        day.body
            .contains("<input type=\"hidden\" name=\"ressort\" value=\"kultur\">"),
        "mark all names the Ressort"
    );
    // Mark the Kultur day read: only the Kultur article is marked.
    let bis_id = {
        let key = "name=\"bis_id\" value=\"";
        let at = day.body.find(key).expect("mark-all form") + key.len();
        day.body[at..].split('"').next().unwrap().to_string()
    };
    let hidden = |name: &str| {
        let key = format!("name=\"{name}\" value=\"");
        let at = day.body.find(&key).unwrap_or_else(|| panic!("{name}")) + key.len();
        day.body[at..].split('"').next().unwrap().to_string()
    };
    let (von, bis) = (hidden("von"), hidden("bis"));
    let before = web_common::article_ids(&c.get("/?ungelesen=1").await.body).len();
    let r = c
        .post(
            "/gelesen",
            &[
                ("csrf", &day.csrf()),
                ("bis_id", &bis_id),
                ("von", &von),
                ("bis", &bis),
                ("ressort", "kultur"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let left = c.get("/?ungelesen=1").await.body;
    assert_eq!(web_common::article_ids(&left).len(), before - 1);
    assert!(!left.contains(AUSSTELLUNG));

    // Mute the Kultur Ressort: gone from the reader's Ressort day, feed and search.
    let csrf = c.get("/filter").await.csrf();
    let r = c
        .post(
            "/filter/neu",
            &[
                ("csrf", &csrf),
                ("aktion", "mute"),
                ("feld", "ressort"),
                ("ressort", "kultur"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(!c
        .get("/ressort/kultur/tag")
        .await
        .body
        .contains(AUSSTELLUNG));
    assert!(!c
        .get("/ressort/kultur/feed.atom")
        .await
        .body
        .contains(AUSSTELLUNG));
    assert!(!c
        .get("/suche?ressort=kultur")
        .await
        .body
        .contains(AUSSTELLUNG));
    assert!(!c
        .get("/api/search?q=Kunsthalle")
        .await
        .body
        .contains(AUSSTELLUNG));
    // Anonymous visitors still see it everywhere.
    assert!(site.get("/ressort/kultur/tag").body.contains(AUSSTELLUNG));
    assert!(site
        .get("/ressort/kultur/feed.atom")
        .body
        .contains(AUSSTELLUNG));
    assert!(site.get("/suche?ressort=kultur").body.contains(AUSSTELLUNG));
}
