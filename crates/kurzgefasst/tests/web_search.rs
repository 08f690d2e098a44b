//! The reading experience over HTTP, against the real binary on the fixture articles: search
//! (German stemming, umlaut folding, compounds, phrases, filters, ranking, highlighting), the
//! article page's sentence spans, English, the Atom feeds (read by Python's feedparser), the JSON
//! API and its OpenAPI document, the security headers and the page weight.

mod common;
mod web_common;

use web_common::{article_ids, enc, feedparser, Site};

const RADWEGE: &str = "Stadtrat beschließt Radwegenetz für Musterstadt";
const HITZE: &str = "Hitzewelle: Kliniken in Südbaden melden mehr Notfälle";

/// The titles of the hits of `/suche?q=…&extra`, in order.
fn hits(site: &Site, q: &str, extra: &str) -> Vec<String> {
    let r = site.get(&format!("/api/search?q={}{extra}", enc(q)));
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["article"]["titel"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn search_finds_german_words_in_any_form() {
    let site = Site::start();
    // Inflection, umlaut and compound: "Krankenhaus" finds "Krankenhäuser" (and "Krankenhausgesellschaft").
    assert_eq!(hits(&site, "Krankenhaus", ""), [HITZE]);
    // ä written as ae, ß as ss.
    assert_eq!(hits(&site, "Krankenhaeuser", ""), [HITZE]);
    assert_eq!(hits(&site, "Hauptstrasse", ""), [RADWEGE]);
    assert_eq!(hits(&site, "Parkplatz", ""), [RADWEGE]);
    // The head of a compound finds it: "Radweg" finds "Radwegenetz" in a title.
    assert_eq!(hits(&site, "Radweg", ""), [RADWEGE]);
    // Case does not matter; all words must match.
    assert_eq!(hits(&site, "KLINIK freiburg", ""), [HITZE]);
    assert!(hits(&site, "Klinik Radweg", "").is_empty());
    // Phrases keep word order; -word excludes.
    assert_eq!(hits(&site, "\"zwei Dritteln\"", ""), [RADWEGE]);
    assert!(hits(&site, "\"Dritteln zwei\"", "").is_empty());
    assert!(hits(&site, "Radweg -Opposition", "").is_empty());
    // Words the index never saw, and query syntax that must not reach FTS5 raw.
    assert!(hits(&site, "Quantencomputer", "").is_empty());
    for weird in [
        "\"",
        "a\"b OR c*",
        "NEAR(x y)",
        "-",
        "*",
        "^Stadt",
        "title:x",
        "(((",
        "'; DROP TABLE articles; --",
    ] {
        let r = site.get(&format!("/suche?q={}", enc(weird)));
        assert_eq!(r.status, 200, "{weird:?}: {}", r.body);
    }
    // The query is shown escaped everywhere (title, fields, feed link).
    let r = site.get(&format!(
        "/suche?q={}&von={}",
        enc("\"><script>alert(1)</script>"),
        enc("<img src=x onerror=alert(1)>")
    ));
    assert_eq!(r.status, 200);
    assert!(
        !r.body.contains("<script>alert") && !r.body.contains("<img"),
        "{}",
        r.body
    );
    assert_eq!(
        site.get("/api/articles").json()["articles"]
            .as_array()
            .unwrap()
            .len(),
        4,
        "nothing was dropped"
    );
}

#[test]
fn search_filters_ranks_and_highlights() {
    let site = Site::start();
    // Source filter: the Atom feed (2) carries Hitze and Radwege, the RSS feed (1) not Hitze.
    assert_eq!(hits(&site, "Hitzewelle", "&quelle=2"), [HITZE]);
    assert!(hits(&site, "Hitzewelle", "&quelle=1").is_empty());
    assert_eq!(hits(&site, "Stadtrat", "&quelle=2"), [RADWEGE]);
    // Date filter, in Berlin days, both ends inclusive; Hitze is of 01.07.2025.
    assert_eq!(
        hits(&site, "Klinik", "&von=2025-07-01&bis=2025-07-01"),
        [HITZE]
    );
    assert!(hits(&site, "Klinik", "&von=2025-07-02").is_empty());
    assert!(hits(&site, "Klinik", "&bis=2025-06-30").is_empty());
    // Filters alone list newest first.
    let listed = hits(&site, "", "&quelle=2");
    assert_eq!(listed, [RADWEGE, HITZE]);
    assert_eq!(
        hits(&site, "", "&von=2025-12-24&bis=2025-12-24"),
        ["Bibliothek verlängert Öffnungszeiten"]
    );
    // Ranked: the article about the city council first (title match), then others mentioning "Stadt".
    let stadt = hits(&site, "Stadt", "");
    assert!(stadt.len() >= 2, "{stadt:?}");
    assert_eq!(stadt[0], RADWEGE, "{stadt:?}");
    assert_eq!(hits(&site, "Stadt", "&sortierung=datum")[0], RADWEGE);

    // The HTML page: highlighted title and snippet, escaped query, the search's feed advertised.
    let r = site.get(&format!("/suche?q={}", enc("Krankenhäuser <!>")));
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<mark>Krankenhäuser</mark>"), "{}", r.body);
    assert!(!r.body.contains("<!>") && r.body.contains("Krankenhäuser &lt;!&gt;"));
    assert!(r
        .body
        .contains("<link rel=\"alternate\" type=\"application/atom+xml\""));
    assert!(
        r.body
            .contains("href=\"/suche/feed.atom?q=Krankenh%C3%A4user+%3C%21%3E\""),
        "{}",
        r.body
    );
    let r = site.get("/suche?q=Radweg");
    assert!(
        r.body
            .contains("Stadtrat beschließt <mark>Radwegenetz</mark> für Musterstadt</a></h3>"),
        "{}",
        r.body
    );
    assert_eq!(article_ids(&r.body).len(), 1);
    // The API gives the same pieces.
    let v = site.get("/api/search?q=Radweg").json();
    let pieces = v["hits"][0]["snippet"]["pieces"].as_array().unwrap();
    assert!(
        pieces
            .iter()
            .any(|p| p["hit"] == true && p["text"] == "Radwege"),
        "{v}"
    );
    let r = site.get("/suche?q=Krankenhaus&lang=en");
    assert!(r.body.contains("<html lang=\"en\">") && r.body.contains("Excerpt"));
}

#[test]
fn article_page_marks_the_sentences_the_tldr_rests_on() {
    let site = Site::start();
    let index = site.get("/");
    let id = article_ids(&index.body)[0];
    let page = site.get(&format!("/artikel/{id}")).body;
    let api = site.get(&format!("/api/articles/{id}")).json();
    assert_eq!(api["titel"], RADWEGE);
    let sentences = api["tldr_sentences"].as_array().unwrap();
    assert!((3..=5).contains(&sentences.len()));
    for s in sentences {
        let support = s["support"].as_array().unwrap();
        assert!(!support.is_empty(), "{s}");
        // An extractive TLDR sentence is its own support: the span with that number holds it.
        for n in support {
            let marker = format!("<span class=\"s\" data-s=\"{n}\">");
            let start = page
                .find(&marker)
                .unwrap_or_else(|| panic!("no sentence {n} in Inhalt"));
            let text = &page[start + marker.len()..];
            let text = &text[..text.find("</span>").unwrap()];
            let tldr = s["text"].as_str().unwrap();
            assert!(
                text.ends_with(tldr) || text.replace("&quot;", "\"").ends_with(tldr),
                "sentence {n}: {text:?} vs {tldr:?}"
            );
        }
        let list: Vec<String> = support.iter().map(|n| n.to_string()).collect();
        assert!(page.contains(&format!("data-support=\"{}\"", list.join(" "))));
    }
    assert!(page.contains("<script src=\"/static/app.js\" defer></script>"));
    let js = site.get("/static/app.js");
    assert_eq!(js.status, 200);
    assert!(js
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    assert!(js.body.contains("data-support") && js.body.contains("\"j\""));
}

#[test]
fn english_is_a_remembered_setting() {
    let site = Site::start();
    let de = site.get("/");
    assert!(de.body.contains("<html lang=\"de\">") && de.body.contains("Weiterlesen"));
    let en = site.get("/einstellungen?lang=en");
    assert_eq!(en.status, 200);
    let cookie = en.header("set-cookie").expect("cookie set");
    assert!(
        cookie.starts_with("lang=en;") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(en.body.contains("<html lang=\"en\">") && en.body.contains("Saved."));
    let en = site.get_with("/", &[("Cookie", "lang=en")]);
    assert!(
        en.body.contains("Read more")
            && en.body.contains("<dt>Date</dt>")
            && !en.body.contains("Weiterlesen")
    );
    let id = article_ids(&en.body)[0];
    let page = site
        .get_with(&format!("/artikel/{id}"), &[("Cookie", "lang=en")])
        .body;
    for label in [
        "<dt>Date</dt>",
        "<dt>Source</dt>",
        "<dt>TLDR</dt>",
        "<dt>Content</dt>",
        "sentences chosen from the article",
    ] {
        assert!(page.contains(label), "{label}");
    }
    // The article keeps its own language.
    assert!(page.contains("<article class=\"full\" lang=\"de\">"));
    let r = site.get_with("/gibt-es-nicht", &[("Cookie", "lang=en")]);
    assert_eq!(r.status, 404);
    assert!(r.body.contains("There is no such page."));
    // Back to German.
    let de = site.get_with("/?lang=de", &[("Cookie", "lang=en")]);
    assert!(
        de.body.contains("Weiterlesen") && de.header("set-cookie").unwrap().starts_with("lang=de;")
    );
}

#[test]
fn pages_are_accessible_small_and_locked_down() {
    let site = Site::start();
    let id = article_ids(&site.get("/").body)[0];
    let css = site.get("/static/app.css").body.len();
    let js = site.get("/static/app.js").body.len();
    for path in [
        "/".to_string(),
        format!("/artikel/{id}"),
        "/suche?q=Stadt".into(),
        "/quellen".into(),
        "/quellen/2".into(),
        "/einstellungen".into(),
        "/tag".into(),
    ] {
        let r = site.get(&path);
        assert_eq!(r.status, 200, "{path}");
        let csp = r.header("content-security-policy").unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        let weight = r.body.len() + css + js;
        assert!(weight < 100 * 1024, "{path}: {weight} bytes of HTML+CSS+JS");
        // Landmarks, a skip link, a labelled search field, no inline script or style.
        for needle in [
            "<header class=\"site\">",
            "<nav aria-label=",
            "<main id=\"inhalt\"",
            "<footer",
            "class=\"skip\" href=\"#inhalt\"",
            "<label class=\"visually-hidden\" for=\"kopf-q\">",
            "role=\"search\"",
        ] {
            assert!(r.body.contains(needle), "{path} lacks {needle}");
        }
        assert!(
            !r.body.contains("<script>") && !r.body.contains("style=") && !r.body.contains(" on"),
            "{path}: inline code"
        );
        assert_eq!(r.body.matches("<h1").count(), 1, "{path}: one h1");
        // Every form field has a label.
        for part in r.body.split("<input").skip(1) {
            let id = part
                .split("id=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or_else(|| panic!("{path}: input without id"));
            assert!(
                r.body.contains(&format!("for=\"{id}\"")),
                "{path}: no label for {id}"
            );
        }
    }
}

#[test]
fn atom_feeds_are_read_by_feedparser() {
    let site = Site::start();
    let base = site.base();
    let index = site.get("/").body;
    assert!(index.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Kurzgefasst – alle Artikel\" href=\"/feed.atom\">"));

    let r = site.get("/feed.atom");
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/atom+xml"));
    let f = feedparser(&r.body);
    assert_eq!(f["bozo"], false, "{}", f["bozo_exception"]);
    assert_eq!(f["version"], "atom10");
    assert_eq!(f["title"], "Kurzgefasst – alle Artikel");
    let entries = f["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 4);
    let radwege = entries
        .iter()
        .find(|e| e["title"] == RADWEGE)
        .expect("Radwege entry");
    assert!(
        radwege["summary"]
            .as_str()
            .unwrap()
            .contains("42 Kilometer"),
        "the TLDR: {radwege}"
    );
    assert!(
        radwege["link"]
            .as_str()
            .unwrap()
            .ends_with("/artikel/radwege.html"),
        "{radwege}"
    );
    assert!(
        radwege["id"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{base}/artikel/")),
        "{radwege}"
    );
    assert!(radwege["links"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l.as_str().unwrap().starts_with(&format!("{base}/artikel/"))));

    // Per source (the Atom source carries two), linked from the sources page and advertised on
    // the source's own page, which lists its articles by day.
    assert!(site
        .get("/quellen")
        .body
        .contains("href=\"/quellen/2/feed.atom\""));
    let page = site.get("/quellen/2");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Kurzgefasst – Wissen am Mittag\" href=\"/quellen/2/feed.atom\">"));
    assert_eq!(article_ids(&page.body).len(), 2);
    assert!(page.body.contains("<h1>Wissen am Mittag</h1>") && page.body.contains("ok, zuletzt"));
    assert_eq!(site.get("/quellen/99").status, 404);
    // The subscriptions as OPML, linked from the sources page.
    assert!(site.get("/quellen").body.contains("href=\"/quellen.opml\""));
    let opml = site.get("/quellen.opml");
    assert!(opml
        .header("content-type")
        .unwrap()
        .starts_with("text/x-opml"));
    assert!(opml.body.contains("<opml version=\"2.0\">"));
    assert!(
        opml.body.contains(&format!(
            "xmlUrl=\"{}\"",
            site.fixtures.url("feeds/wissen.atom")
        )),
        "{}",
        opml.body
    );
    let f = feedparser(&site.get("/quellen/2/feed.atom").body);
    assert_eq!(f["bozo"], false, "{}", f["bozo_exception"]);
    assert_eq!(f["title"], "Kurzgefasst – Wissen am Mittag");
    let titles: Vec<&str> = f["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, [RADWEGE, HITZE]);
    assert_eq!(site.get("/quellen/99/feed.atom").status, 404);

    // Per search.
    let f = feedparser(
        &site
            .get(&format!("/suche/feed.atom?q={}", enc("Krankenhäuser")))
            .body,
    );
    assert_eq!(f["bozo"], false, "{}", f["bozo_exception"]);
    assert_eq!(f["title"], "Kurzgefasst – Suche nach „Krankenhäuser“");
    assert_eq!(f["entries"].as_array().unwrap().len(), 1);
    assert_eq!(f["entries"][0]["title"], HITZE);
}

#[test]
fn json_api_matches_its_openapi_document() {
    let site = Site::start();
    let doc = site.get("/api/openapi.json");
    assert_eq!(doc.status, 200);
    let doc = doc.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let schemas = &doc["components"]["schemas"];
    let required = |name: &str| -> Vec<String> {
        schemas[name]["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let has_all = |v: &serde_json::Value, schema: &str| {
        for field in required(schema) {
            assert!(v.get(&field).is_some(), "{schema}.{field} missing in {v}");
        }
    };

    let list = site.get("/api/articles?limit=2");
    assert_eq!(list.status, 200);
    assert!(list
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let list = list.json();
    has_all(&list, "ArticlesPage");
    let articles = list["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 2);
    for a in articles {
        has_all(a, "Article");
    }
    assert_eq!(articles[0]["titel"], RADWEGE);
    assert_eq!(articles[0]["datum"], "25.12.2025 14:17");
    assert_eq!(articles[0]["quelle"], "127.0.0.1");
    let next = list["next"].as_str().unwrap();
    let older = site.get(next).json();
    assert_eq!(older["articles"].as_array().unwrap().len(), 2);
    assert_ne!(older["articles"][0]["id"], articles[0]["id"]);

    let id = articles[0]["id"].as_i64().unwrap();
    let full = site.get(&format!("/api/articles/{id}")).json();
    has_all(&full, "Article");
    for field in doc["components"]["schemas"]["ArticleFull"]["allOf"][1]["required"]
        .as_array()
        .unwrap()
    {
        assert!(full.get(field.as_str().unwrap()).is_some(), "{field}");
    }
    assert!(full["inhalt"]
        .as_str()
        .unwrap()
        .starts_with("Nach zwei Jahren Streit"));
    assert_eq!(full["tldr_method"], "extractive");
    assert_eq!(full["sources"].as_array().unwrap().len(), 2);
    let missing = site.get("/api/articles/424242");
    assert_eq!(missing.status, 404);
    has_all(&missing.json(), "Error");

    let sources = site.get("/api/sources").json();
    has_all(&sources, "SourcesList");
    for s in sources["sources"].as_array().unwrap() {
        has_all(s, "Source");
    }
    assert_eq!(sources["sources"][1]["title"], "Wissen am Mittag");

    let found = site.get("/api/search?q=Radwege").json();
    has_all(&found, "SearchPage");
    for h in found["hits"].as_array().unwrap() {
        has_all(h, "Hit");
        has_all(&h["snippet"], "Highlighted");
    }
    // Every documented GET path answers (the state path takes POST with a token: tests/reading.rs).
    for (path, ops) in doc["paths"].as_object().unwrap() {
        if ops.get("get").is_none() {
            continue;
        }
        let path = path.replace("{id}", &id.to_string());
        assert_eq!(site.get(&path).status, 200, "{path}");
    }
}

#[test]
fn article_page_names_the_other_sites_reporting_the_story() {
    let a = common::FixtureServer::start_on("127.0.0.1");
    let b = common::FixtureServer::start_on("127.0.0.2");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    common::run_ok(common::kg(&db).args(["sources", "add", &a.url("feeds/agentur-a.rss")]));
    common::run_ok(common::kg(&db).args(["sources", "add", &b.url("feeds/agentur-b.rss")]));
    common::run_ok(common::kg(&db).arg("fetch"));
    let server = common::Server::start(&db, &["--role", "web", "--no-default-sources"]);
    let list = server.get("/api/articles").1;
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    let first = list["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| {
            x["titel"].as_str().unwrap().contains("Wärmepumpen") && x["quelle"] == "127.0.0.1"
        })
        .expect("the agency story");
    let id = first["id"].as_i64().unwrap();
    let (status, page) = server.get(&format!("/artikel/{id}"));
    assert_eq!(status, 200);
    let also = &page[page
        .find("<section class=\"also\"")
        .expect("Auch berichtet von")..];
    assert!(also.contains("<h2 id=\"auch\">Auch berichtet von</h2>"));
    assert!(also.contains(">127.0.0.2</a>"), "{also}");
    assert!(
        page.contains("<p class=\"agency\">Agenturmeldung: dpa</p>"),
        "{page}"
    );
    let api: serde_json::Value =
        serde_json::from_str(&server.get(&format!("/api/articles/{id}")).1).unwrap();
    assert_eq!(api["agency"], "dpa");
    assert_eq!(api["also_reported_by"][0]["site"], "127.0.0.2");

    // "Der Tag in Kürze": the newest day by default, each story once with every site reporting it.
    let (status, day) = server.get("/tag");
    assert_eq!(status, 200);
    assert!(
        day.contains("<h1>Der Tag in Kürze <small>Dienstag, 01.07.2025</small></h1>"),
        "{day}"
    );
    assert_eq!(day.matches("class=\"entry story\"").count(), 1, "{day}");
    assert!(
        day.contains("Hitzewelle")
            && day.contains(">127.0.0.1</a>")
            && day.contains(">127.0.0.2</a>"),
        "{day}"
    );
    let (_, day) = server.get("/tag?datum=2025-06-11");
    assert_eq!(
        day.matches("class=\"entry story\"").count(),
        1,
        "one story from two sites: {day}"
    );
    assert!(
        day.contains("Wärmepumpen") && day.contains(">127.0.0.2</a>"),
        "{day}"
    );
    let api: serde_json::Value =
        serde_json::from_str(&server.get("/api/tag?datum=2025-06-11").1).unwrap();
    assert_eq!(api["datum"], "2025-06-11");
    assert_eq!(api["stories"].as_array().unwrap().len(), 1);
    assert_eq!(
        api["stories"][0]["also_reported_by"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let (_, empty) = server.get("/tag?datum=2020-01-01");
    assert!(empty.contains("An diesem Tag gibt es keine Artikel."));
}
