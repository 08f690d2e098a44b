//! Page kinds through the real pipeline (issue 21), on either engine: a feed on the fixture
//! server points at the extractor's test pages (a German live ticker, a German photo gallery,
//! a topic overview and a news article); `fetch` stores each with its kind, the pages label it
//! ("Liveblog", "Bildergalerie", "Übersicht"; nothing for the article), the JSON API, the Atom
//! feed and the Google Reader API carry it, and the TLDR takes the kind's form: the live blog's
//! latest entries, newest first, with their times; the gallery's captions and the overview's
//! item titles as a list, verbatim, with no sentence the page did not say.

mod common;
mod web_common;

use common::db::{exec, rows};
use common::{kg, run_ok, Server};
use web_common::{feedparser, set_admin_password, Response};

const TICKER: &str = "Hochwasser in Bayern: Pegel steigen weiter – der Liveticker";
const GALERIE: &str = "Die schönsten Bilder vom Kieler Woche-Finale";
const UEBERSICHT: &str = "Klimapolitik";
const ARTIKEL: &str = "Bahnstreik legt Fernverkehr lahm: Was Reisende jetzt wissen müssen";

struct Kinds {
    _fixtures: common::FixtureServer,
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    server: Server,
}

impl Kinds {
    fn start() -> Kinds {
        let fixtures = common::FixtureServer::start();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kg.db");
        run_ok(kg(&db).args(["sources", "add", &fixtures.url("feeds/seitenarten.rss")]));
        let fetch = String::from_utf8_lossy(&run_ok(kg(&db).arg("fetch")).stdout).into_owned();
        assert!(fetch.contains("neu: 4,"), "{fetch}");
        set_admin_password(&db);
        let server = Server::start(&db, &["--role", "web", "--no-default-sources"]);
        Kinds {
            _fixtures: fixtures,
            _dir: dir,
            db,
            server,
        }
    }

    fn get(&self, path: &str) -> Response {
        let r = web_common::request(self.server.addr, path, &[]);
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        r
    }

    /// `/api/articles`: each article's title → its JSON.
    fn api(&self) -> std::collections::HashMap<String, serde_json::Value> {
        self.get("/api/articles").json()["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["titel"].as_str().unwrap().to_string(), a.clone()))
            .collect()
    }

    /// The article page of the article titled `title`.
    fn page(&self, title: &str, lang: &str) -> String {
        let id = self.api()[title]["id"].as_i64().unwrap();
        self.get(&format!("/artikel/{id}?lang={lang}")).body
    }
}

/// The HTML of `<dd class="tldr">…</dd>`.
fn tldr_field(html: &str) -> &str {
    let start =
        html.find("<dd class=\"tldr\">").expect("a TLDR field") + "<dd class=\"tldr\">".len();
    let end = html[start..].find("</dd>").unwrap() + start;
    &html[start..end]
}

/// The texts of the TLDR's sentence spans, in order.
fn tldr_sentences(html: &str) -> Vec<String> {
    tldr_field(html)
        .split("<span class=\"tldr-sentence\"")
        .skip(1)
        .map(|s| {
            let open = s.find('>').unwrap() + 1;
            let close = s.find("</span>").unwrap();
            s[open..close].to_string()
        })
        .collect()
}

#[test]
fn each_kind_is_stored_labelled_and_summarised_in_its_form() {
    let site = Kinds::start();

    // Stored with the article: the kind's name in `articles.page_type`.
    let mut stored: Vec<(String, String)> = rows(&site.db, "SELECT title, page_type FROM articles")
        .into_iter()
        .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap_or_default()))
        .collect();
    stored.sort();
    let mut want = vec![
        (ARTIKEL.to_string(), "article".to_string()),
        (GALERIE.to_string(), "gallery".to_string()),
        (UEBERSICHT.to_string(), "listing".to_string()),
        (TICKER.to_string(), "liveblog".to_string()),
    ];
    want.sort();
    assert_eq!(stored, want, "engine {}", common::db::engine());

    // The JSON API says the kind, and the TLDR's method.
    let api = site.api();
    for (title, kind) in &want {
        assert_eq!(api[title]["page_type"], kind.as_str(), "{title}");
    }
    let id = api[TICKER]["id"].as_i64().unwrap();
    let full = site.get(&format!("/api/articles/{id}")).json();
    assert_eq!(full["page_type"], "liveblog");
    assert_eq!(full["tldr_method"], "latest_entries");
    let gid = api[GALERIE]["id"].as_i64().unwrap();
    assert_eq!(
        site.get(&format!("/api/articles/{gid}")).json()["tldr_method"],
        "list"
    );

    // The start page labels the kinds beside their titles, not the article.
    let index = site.get("/").body;
    for (title, label) in [
        (TICKER, "<span class=\"kind kind-liveblog\">Liveblog</span>"),
        (
            GALERIE,
            "<span class=\"kind kind-gallery\">Bildergalerie</span>",
        ),
        (
            UEBERSICHT,
            "<span class=\"kind kind-listing\">Übersicht</span>",
        ),
    ] {
        assert!(
            index.contains(&format!("{title}</a> {label}")),
            "{title}: {label} missing:\n{index}"
        );
    }
    assert_eq!(index.matches("class=\"kind ").count(), 3, "{index}");
    let heading = &index[index
        .find(&format!("{ARTIKEL}</a>"))
        .expect("the article is listed")..];
    assert!(
        !heading[..heading.find("</h3>").unwrap()].contains("class=\"kind"),
        "{index}"
    );
    // In English.
    let en = site.get("/?lang=en").body;
    assert!(
        en.contains("<span class=\"kind kind-liveblog\">Live blog</span>"),
        "{en}"
    );
    assert!(
        en.contains("<span class=\"kind kind-gallery\">Photo gallery</span>"),
        "{en}"
    );
    assert!(
        en.contains("<span class=\"kind kind-listing\">Overview</span>"),
        "{en}"
    );

    // The live blog's TLDR: its newest entries, newest first, each with its time; the first says
    // what it is and how recent.
    let page = site.page(TICKER, "de");
    assert!(
        page.contains(&format!(
            "<h1>{TICKER}</h1> <span class=\"kind kind-liveblog\">Liveblog</span>"
        )),
        "{page}"
    );
    let s = tldr_sentences(&page);
    assert!((3..=5).contains(&s.len()), "{s:#?}");
    assert_eq!(
        s[0],
        "Liveblog, Stand 14:32 Uhr: Der Landkreis Deggendorf hat am Nachmittag den Katastrophenfall ausgerufen."
    );
    assert!(
        s[1].starts_with("12.15 Uhr: Bundeskanzler Scholz will am Nachmittag"),
        "{s:#?}"
    );
    assert!(
        s[2].starts_with("09:48: Die Feuerwehr meldet in Schrobenhausen"),
        "{s:#?}"
    );
    assert!(
        tldr_field(&page).contains("die neuesten Einträge der Seite, neueste zuerst"),
        "{page}"
    );
    // Each entry's sentence is supported by its time and its text, which the page shows in Inhalt.
    assert!(tldr_field(&page).contains("data-support=\""), "{page}");
    // Nothing the page does not say: past each entry's time, its sentence is in Inhalt.
    let inhalt = &page[page.find("<dd class=\"inhalt\">").unwrap()..];
    for sentence in &s {
        let text = sentence
            .rsplit_once(": ")
            .map_or(sentence.as_str(), |(_, t)| t);
        let first_words: String = text
            .split_whitespace()
            .take(6)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            inhalt.contains(&first_words),
            "{first_words:?} not in Inhalt"
        );
    }
    let en = site.page(TICKER, "en");
    assert!(
        en.contains("<span class=\"kind kind-liveblog\">Live blog</span>"),
        "{en}"
    );
    assert!(
        tldr_field(&en).contains("the page&#39;s latest entries, newest first")
            || tldr_field(&en).contains("the page's latest entries, newest first"),
        "{en}"
    );

    // The gallery's TLDR: its captions, verbatim, as a list, without the credits.
    let page = site.page(GALERIE, "de");
    let field = tldr_field(&page);
    assert!(field.starts_with("<ul class=\"tldr-list\"><li>"), "{field}");
    let s = tldr_sentences(&page);
    assert_eq!(
        s[0],
        "Zum Abschluss erleuchtete ein Feuerwerk den Himmel über der Förde."
    );
    assert!(
        s.iter().any(|c| c.starts_with("Die Windjammerparade zog")),
        "{s:#?}"
    );
    assert!(s.len() >= 3 && s.len() <= 5, "{s:#?}");
    assert!(!field.contains("Foto:"), "{field}");
    assert!(
        field.contains("die Einträge der Seite, wörtlich (keine Zusammenfassung)"),
        "{field}"
    );
    assert!(page.contains("<span class=\"kind kind-gallery\">Bildergalerie</span>"));

    // The overview's TLDR: its item titles, as a list.
    let page = site.page(UEBERSICHT, "de");
    let s = tldr_sentences(&page);
    assert_eq!(
        s,
        [
            "Klimageld soll 2027 kommen",
            "Kohleausstieg im Osten wackelt",
            "Wärmepumpen-Absatz bricht ein",
            "Was die Klimakonferenz gebracht hat",
        ]
    );
    // In lists (and the API's one-line TLDR) the items are separated by " · ".
    assert_eq!(
        api[UEBERSICHT]["tldr"],
        "Klimageld soll 2027 kommen · Kohleausstieg im Osten wackelt · Wärmepumpen-Absatz bricht ein · Was die Klimakonferenz gebracht hat"
    );
    assert!(
        index.contains("<ul class=\"tldr-list\"><li>Klimageld soll 2027 kommen</li>"),
        "{index}"
    );

    // The article keeps the extractive TLDR and has no label.
    let page = site.page(ARTIKEL, "de");
    assert!(!page.contains("class=\"kind "), "{page}");
    assert!(tldr_field(&page).contains("Sätze aus dem Artikel ausgewählt (extraktiv)"));
    assert_eq!(api[ARTIKEL]["page_type"], "article");

    // The Atom feed carries the kind as a category with its label.
    let atom = site.get("/feed.atom").body;
    let feed = feedparser(&atom);
    assert_eq!(feed["bozo"], false, "{}", feed["bozo_exception"]);
    let entries = feed["entries"].as_array().unwrap();
    let tags = |title: &str| -> Vec<String> {
        let e = entries
            .iter()
            .find(|e| e["title"] == title)
            .unwrap_or_else(|| panic!("{title} in {atom}"));
        e["tags"]
            .as_array()
            .map(|t| {
                t.iter()
                    .map(|t| t["term"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(tags(TICKER).contains(&"liveblog".to_string()), "{atom}");
    assert!(tags(GALERIE).contains(&"gallery".to_string()), "{atom}");
    assert!(!tags(ARTIKEL).iter().any(|t| t == "article"), "{atom}");
    assert!(
        atom.contains("<category term=\"liveblog\" label=\"Liveblog\"/>"),
        "{atom}"
    );

    // Rows saved before kinds were stored (NULL) are articles: no label, `article` in the API.
    exec(
        &site.db,
        &format!("UPDATE articles SET page_type = NULL WHERE title = '{GALERIE}'"),
    );
    assert_eq!(site.api()[GALERIE]["page_type"], "article");
    assert!(!site.page(GALERIE, "de").contains("class=\"kind "));
}

#[test]
fn no_model_is_asked_for_the_kinds_with_a_tldr_of_their_own() {
    let site = Kinds::start();
    // Queue the LLM jobs as the worker's sweep does: the live blog, gallery and overview keep
    // their own TLDRs; only the article is queued.
    let url = kurzgefasst::store::DbUrl::parse(&common::db_url(&site.db)).unwrap();
    let queued = std::thread::spawn(move || {
        let store = kurzgefasst::store::Store::open(&url).unwrap();
        store.enqueue_llm_jobs(0, kurzgefasst::store_now()).unwrap()
    })
    .join()
    .unwrap();
    assert_eq!(queued, 1);
    let jobs = rows(
        &site.db,
        "SELECT a.title FROM llm_jobs j JOIN articles a ON a.id = j.article_id",
    );
    assert_eq!(jobs, vec![vec![Some(ARTIKEL.to_string())]]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reader_api_items_carry_the_kind_and_the_list_tldr() {
    let site = Kinds::start();
    let mut c = web_common::Client::new(&format!("http://{}", site.server.addr));
    let r = c
        .post(
            "/accounts/ClientLogin",
            &[("Email", "admin"), ("Passwd", web_common::ADMIN_PASSWORD)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let auth = r
        .body
        .lines()
        .find_map(|l| l.strip_prefix("Auth="))
        .expect("Auth= line")
        .to_string();
    let auth = format!("GoogleLogin auth={auth}");
    let r = c
        .get_with(
            "/reader/api/0/stream/contents/user/-/state/com.google/reading-list?n=20&output=json",
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let doc = r.json();
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    let item = |title: &str| {
        items
            .iter()
            .find(|i| i["title"] == title)
            .unwrap_or_else(|| panic!("{title} in {doc}"))
    };
    assert_eq!(item(TICKER)["page_type"], "liveblog");
    assert_eq!(item(ARTIKEL)["page_type"], "article");
    let content = item(TICKER)["summary"]["content"].as_str().unwrap();
    assert!(
        content
            .starts_with("<p><strong>TLDR</strong> · Liveblog</p>\n<p>Liveblog, Stand 14:32 Uhr:"),
        "{content}"
    );
    let content = item(UEBERSICHT)["summary"]["content"].as_str().unwrap();
    assert!(
        content.starts_with("<p><strong>TLDR</strong> · Übersicht</p>\n<ul class=\"tldr-list\"><li>Klimageld soll 2027 kommen</li>"),
        "{content}"
    );
    let content = item(ARTIKEL)["summary"]["content"].as_str().unwrap();
    assert!(
        content.starts_with("<p><strong>TLDR</strong></p>\n<p>"),
        "{content}"
    );
}
