//! The PostgreSQL engine (`PgStore`) against the real PostgreSQL on this machine: 127.0.0.1:5432,
//! user `postgres`, trust authentication, administrative database `test`. Each test creates its
//! own database `kg_test_…` and drops it when it ends, also when it fails. When the server is not
//! reachable the tests fail and say how to start it; they never pass without having run.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Barrier};

use kurzgefasst::store::{
    DateSource, EntryRef, NewArticle, PgStore, SaveOutcome, SearchQuery, SearchSort, StoreError,
};
use postgres::{Client, NoTls};

mod common;

use common::db::{drop_stale_databases, pg_admin as admin, PG_ADMIN as ADMIN};
use common::new_article as article;

/// A database of its own for one test, dropped when the guard is dropped (also on panic).
struct TestDb {
    name: String,
    url: String,
}

impl TestDb {
    fn new() -> TestDb {
        static N: AtomicU32 = AtomicU32::new(0);
        static CLEAN: std::sync::Once = std::sync::Once::new();
        CLEAN.call_once(drop_stale_databases);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!(
            "kg_test_{}_{}_{}",
            std::process::id(),
            nanos,
            N.fetch_add(1, Ordering::SeqCst)
        );
        admin()
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create the test database");
        let url = format!("postgres://postgres@127.0.0.1:5432/{name}");
        TestDb { name, url }
    }

    fn store(&self) -> PgStore {
        PgStore::connect(&self.url).expect("connect and migrate")
    }

    /// A plain connection to the test database, for looking behind the store's back.
    fn client(&self) -> Client {
        Client::connect(&self.url, NoTls).expect("connect to the test database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match Client::connect(ADMIN, NoTls) {
            Ok(mut c) => {
                if let Err(e) = c.batch_execute(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                )) {
                    eprintln!("could not drop test database {}: {e}", self.name);
                }
            }
            Err(e) => eprintln!("could not drop test database {}: {e}", self.name),
        }
    }
}

const NOW: i64 = 1_766_668_620; // 25.12.2025 14:17 Europe/Berlin

/// A German agency report, long enough (over 500 bytes) for the content-hash dedup.
const AGENTUR: &str = "Berlin (dpa) - Die Bundesregierung hat am Mittwoch ein Gesetz zur Förderung von Wärmepumpen beschlossen. \
    Hausbesitzer sollen künftig bis zu 70 Prozent der Kosten erstattet bekommen. Das Programm soll im Januar starten \
    und ist zunächst auf drei Jahre befristet. Die Opposition kritisierte die Pläne als zu teuer und zu bürokratisch. \
    Nach Angaben des Wirtschaftsministeriums stehen für das kommende Jahr insgesamt 12 Milliarden Euro bereit. \
    Anträge sollen online gestellt werden können, die Bearbeitung soll höchstens sechs Wochen dauern. \
    Der Verband der Heizungsindustrie begrüßte die Entscheidung, forderte aber verlässliche Regeln über das Jahr 2028 hinaus. \
    Umweltverbände bemängelten dagegen, dass Gas- und Ölheizungen weiter eingebaut werden dürfen. \
    Mieterverbände befürchten steigende Kosten, weil Vermieter einen Teil der Investitionen auf die Miete umlegen können.";

const SPORT: &str = "Der FC Musterstadt hat sein Heimspiel gegen den Tabellenführer mit 3:1 gewonnen. \
    Zwei Tore fielen in der Nachspielzeit. Der Trainer lobte die Moral seiner Mannschaft nach dem Spiel.";

fn entry<'a>(key: &'a str, link: &'a str, hash: &'a str) -> EntryRef<'a> {
    EntryRef {
        key,
        link: Some(link),
        title: Some("Titel"),
        hash,
    }
}

fn id_of(o: SaveOutcome) -> i64 {
    match o {
        SaveOutcome::New(id) | SaveOutcome::Updated(id) | SaveOutcome::Linked(id) => id,
    }
}

#[test]
fn migrations_are_idempotent_and_concurrent_starts_are_safe() {
    let db = TestDb::new();
    // Two processes starting at once on an empty database: each migration is applied once.
    let url = db.url.clone();
    let other = std::thread::spawn(move || PgStore::connect(&url).map(|_| ()));
    let store = db.store();
    other.join().unwrap().expect("concurrent connect");
    store.migrate().expect("second migrate");
    drop(PgStore::connect(&db.url).expect("third connect"));
    let mut c = db.client();
    let versions: Vec<i64> = c
        .query(
            "SELECT version FROM schema_migrations ORDER BY version",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        versions,
        [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 22, 23]
    );
    assert_eq!(store.integrity_check().unwrap(), "ok");

    assert_eq!(store.setting("default_sources_added").unwrap(), None);
    store.set_setting("default_sources_added", "1").unwrap();
    store.set_setting("default_sources_added", "2").unwrap();
    assert_eq!(
        store.setting("default_sources_added").unwrap().as_deref(),
        Some("2")
    );

    // The server closing the connection (restart, idle timeout) does not break the store.
    c.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        &[],
    )
    .unwrap();
    let mut tries = 0;
    let value = loop {
        match store.setting("default_sources_added") {
            Ok(v) => break v,
            // The first call may still find the old connection open and fail with it.
            Err(e) if tries == 0 => {
                tries += 1;
                eprintln!("first call after the server closed the connection: {e}");
            }
            Err(e) => panic!("store did not reconnect: {e}"),
        }
    };
    assert_eq!(value.as_deref(), Some("2"));
}

#[test]
fn sources_crud_and_health() {
    let db = TestDb::new();
    let store = db.store();
    let a = store.add_source("http://127.0.0.1:9/a.rss").unwrap();
    let b = store.add_source("http://127.0.0.1:9/b.rss").unwrap();
    assert_eq!(a.url, "http://127.0.0.1:9/a.rss");
    assert_eq!(
        (
            a.next_poll_at,
            a.consecutive_failures,
            a.article_count,
            a.poll_interval_secs
        ),
        (0, 0, 0, 900)
    );
    match store.add_source("http://127.0.0.1:9/a.rss") {
        Err(StoreError::DuplicateSource(id)) => assert_eq!(id, a.id),
        other => panic!("expected DuplicateSource, got {other:?}"),
    }
    let ids: Vec<i64> = store.list_sources().unwrap().iter().map(|s| s.id).collect();
    assert_eq!(ids, [a.id, b.id]);
    assert_eq!(store.due_sources(NOW).unwrap().len(), 2);

    store
        .record_poll_success(
            a.id,
            Some("\"etag-1\""),
            Some("Thu, 25 Dec 2025 13:00:00 GMT"),
            Some("Feed A"),
            Some("http://127.0.0.1:9/"),
            NOW,
            600,
            None,
        )
        .unwrap();
    let s = store.source(a.id).unwrap().unwrap();
    assert_eq!(s.title.as_deref(), Some("Feed A"));
    assert_eq!(s.etag.as_deref(), Some("\"etag-1\""));
    assert_eq!(
        (
            s.last_polled_at,
            s.last_success_at,
            s.next_poll_at,
            s.poll_interval_secs
        ),
        (Some(NOW), Some(NOW), NOW + 600, 600)
    );
    // A success without validators keeps the old ones.
    store
        .record_poll_success(a.id, None, None, None, None, NOW + 600, 600, None)
        .unwrap();
    assert_eq!(
        store.source(a.id).unwrap().unwrap().etag.as_deref(),
        Some("\"etag-1\"")
    );
    let due: Vec<i64> = store
        .due_sources(NOW)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(due, [b.id]);

    store
        .record_poll_failure(
            b.id,
            "http",
            "HTTP 503 Service Unavailable",
            NOW,
            NOW + 120,
            None,
        )
        .unwrap();
    store
        .record_poll_failure(
            b.id,
            "network",
            "connection refused",
            NOW + 120,
            NOW + 360,
            None,
        )
        .unwrap();
    let s = store.source(b.id).unwrap().unwrap();
    assert_eq!(s.consecutive_failures, 2);
    assert_eq!(s.last_error_kind.as_deref(), Some("network"));
    assert_eq!(s.last_error.as_deref(), Some("connection refused"));
    assert_eq!(
        (s.last_error_at, s.next_poll_at, s.last_success_at),
        (Some(NOW + 120), NOW + 360, None)
    );
    store
        .record_poll_success(b.id, None, None, None, None, NOW + 400, 900, None)
        .unwrap();
    let s = store.source(b.id).unwrap().unwrap();
    assert_eq!(s.consecutive_failures, 0);
    assert_eq!(
        s.last_error.as_deref(),
        Some("connection refused"),
        "the last error stays visible"
    );

    assert!(store
        .update_source_url(b.id, "http://127.0.0.1:9/b2.rss")
        .unwrap());
    assert!(
        !store.update_source_url(b.id, &a.url).unwrap(),
        "another source has that URL"
    );
    assert_eq!(
        store.source(b.id).unwrap().unwrap().url,
        "http://127.0.0.1:9/b2.rss"
    );

    assert!(store.remove_source(a.id).unwrap());
    assert!(!store.remove_source(a.id).unwrap());
    assert!(store.source(a.id).unwrap().is_none());
    assert_eq!(store.list_sources().unwrap().len(), 1);
}

#[test]
fn save_article_new_linked_updated_and_deduplicated() {
    let db = TestDb::new();
    let store = db.store();
    let s1 = store.add_source("http://127.0.0.1:9/one.rss").unwrap().id;
    let s2 = store.add_source("http://127.0.0.1:9/two.rss").unwrap().id;

    let mut a = article(
        "https://www.example.de/politik/waermepumpen.html",
        "www.example.de",
        "Förderung für Wärmepumpen",
        AGENTUR,
        NOW,
    );
    a.canonical_url = Some("https://www.example.de/politik/waermepumpen-100.html".into());
    a.author = Some("Anna Beispiel".into());
    a.paywalled = true;
    let new = store
        .save_article(s1, &entry("guid-1", &a.url, "h1"), &a)
        .unwrap();
    let SaveOutcome::New(id) = new else {
        panic!("expected New, got {new:?}")
    };
    let stored = store.article(id).unwrap().unwrap();
    assert_eq!(stored.title, "Förderung für Wärmepumpen");
    assert_eq!(stored.content, AGENTUR);
    assert_eq!(stored.blocks.len(), 1);
    assert_eq!(stored.blocks[0].kind, "paragraph");
    assert_eq!(stored.author.as_deref(), Some("Anna Beispiel"));
    assert!(stored.paywalled);
    assert_eq!(stored.date_source, DateSource::Page);
    let tldr = stored.tldr.expect("TLDR stored with the article");
    assert_eq!(tldr.method, "extractive");
    assert_eq!(tldr.sentences[0].support, [0]);

    // The same page from a second feed: linked, not duplicated.
    let again = store
        .save_article(s2, &entry("other-guid", &a.url, "h2"), &a)
        .unwrap();
    assert_eq!(again, SaveOutcome::Linked(id));
    assert_eq!(store.article_count().unwrap(), 1);
    assert_eq!(
        store
            .article_sources(id)
            .unwrap()
            .iter()
            .map(|s| s.0)
            .collect::<Vec<_>>(),
        [s1, s2]
    );

    // Another URL whose canonical URL is the stored article's: the same article.
    let mut amp = a.clone();
    amp.url = "https://www.example.de/amp/politik/waermepumpen.html".into();
    assert_eq!(
        store
            .save_article(s2, &entry("amp", &amp.url, "h3"), &amp)
            .unwrap(),
        SaveOutcome::Linked(id)
    );

    // The same text under another URL of the same site, no canonical URL: found by content hash.
    let mut print = a.clone();
    print.url = "https://www.example.de/druck/12345".into();
    print.canonical_url = None;
    assert_eq!(
        store
            .save_article(s2, &entry("print", &print.url, "h4"), &print)
            .unwrap(),
        SaveOutcome::Linked(id)
    );
    // ... but not on another site (that is a cluster sibling, not the same article).
    let mut other_site = print.clone();
    other_site.url = "https://www.andere-zeitung.de/artikel/1".into();
    other_site.site = "www.andere-zeitung.de".into();
    let o = store
        .save_article(s2, &entry("other-site", &other_site.url, "h5"), &other_site)
        .unwrap();
    assert!(matches!(o, SaveOutcome::New(other) if other != id), "{o:?}");
    assert_eq!(store.article_count().unwrap(), 2);

    // The page changed: updated in place, with a new TLDR shown.
    let mut changed = a.clone();
    changed.title = "Förderung für Wärmepumpen beschlossen".into();
    changed.tldr.sentences[0].text = "Neue Zusammenfassung.".into();
    assert_eq!(
        store
            .save_article(s1, &entry("guid-1", &a.url, "h6"), &changed)
            .unwrap(),
        SaveOutcome::Updated(id)
    );
    let stored = store.article(id).unwrap().unwrap();
    assert_eq!(stored.title, "Förderung für Wärmepumpen beschlossen");
    assert_eq!(stored.tldr.unwrap().text, "Neue Zusammenfassung.");
    assert_eq!(store.article_count().unwrap(), 2);

    // A fallback to the feed's text never overwrites an extracted article.
    let mut fallback = changed.clone();
    fallback.title = "Nur der Feed-Text".into();
    fallback.extract_error = Some("no main text".into());
    assert_eq!(
        store
            .save_article(s1, &entry("guid-1", &a.url, "h7"), &fallback)
            .unwrap(),
        SaveOutcome::Linked(id)
    );
    assert_eq!(
        store.article(id).unwrap().unwrap().title,
        "Förderung für Wärmepumpen beschlossen"
    );

    // Source article counts; the source's entries go with it, the articles stay.
    assert_eq!(store.source(s2).unwrap().unwrap().article_count, 2);
    assert!(store.remove_source(s2).unwrap());
    assert_eq!(store.article_count().unwrap(), 2);
    assert_eq!(store.article_sources(id).unwrap().len(), 1);
    assert!(store.article(9_999).unwrap().is_none());
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn entry_state_link_entry_and_article_by_url() {
    let db = TestDb::new();
    let store = db.store();
    let s1 = store.add_source("http://127.0.0.1:9/one.rss").unwrap().id;
    let s2 = store.add_source("http://127.0.0.1:9/two.rss").unwrap().id;
    assert_eq!(store.entry_state(s1, "guid-1").unwrap(), None);
    let a = article(
        "https://www.example.de/a?x=1",
        "www.example.de",
        "Ein Artikel",
        SPORT,
        NOW,
    );
    let id = id_of(
        store
            .save_article(
                s1,
                &entry("guid-1", "https://feed.example.de/redirect/a", "hash-1"),
                &a,
            )
            .unwrap(),
    );
    assert_eq!(
        store.entry_state(s1, "guid-1").unwrap(),
        Some((id, Some("hash-1".to_string())))
    );
    assert_eq!(store.entry_state(s2, "guid-1").unwrap(), None);

    assert_eq!(
        store
            .article_by_url("https://www.example.de/a?x=1")
            .unwrap(),
        Some(id)
    );
    assert_eq!(
        store
            .article_by_url("https://feed.example.de/redirect/a")
            .unwrap(),
        Some(id),
        "by an entry's link"
    );
    assert_eq!(
        store.article_by_url("https://www.example.de/b").unwrap(),
        None
    );

    // A second feed's entry pointing to the same link is linked without a fetch.
    store
        .link_entry(
            s2,
            &EntryRef {
                key: "s2-guid",
                link: Some("https://feed.example.de/redirect/a"),
                title: None,
                hash: "hash-2",
            },
            id,
        )
        .unwrap();
    assert_eq!(
        store.entry_state(s2, "s2-guid").unwrap(),
        Some((id, Some("hash-2".to_string())))
    );
    // Linking again updates the entry in place.
    store
        .link_entry(
            s2,
            &EntryRef {
                key: "s2-guid",
                link: None,
                title: Some("Neu"),
                hash: "hash-3",
            },
            id,
        )
        .unwrap();
    assert_eq!(
        store.entry_state(s2, "s2-guid").unwrap(),
        Some((id, Some("hash-3".to_string())))
    );
    assert_eq!(store.source(s2).unwrap().unwrap().article_count, 1);
    assert_eq!(store.article_sources(id).unwrap().len(), 2);
}

#[test]
fn list_articles_pages_newest_first() {
    let db = TestDb::new();
    let store = db.store();
    let s = store.add_source("http://127.0.0.1:9/one.rss").unwrap().id;
    // Seven articles; two pairs share a publication time, so paging must use the id too.
    let times = [
        NOW - 500,
        NOW - 100,
        NOW - 100,
        NOW,
        NOW - 300,
        NOW - 300,
        NOW - 200,
    ];
    let mut ids = Vec::new();
    for (i, t) in times.iter().enumerate() {
        let text = format!("Meldung Nummer {i}: {SPORT}");
        let a = article(
            &format!("https://www.example.de/{i}"),
            "www.example.de",
            &format!("Meldung {i}"),
            &text,
            *t,
        );
        ids.push((
            *t,
            id_of(
                store
                    .save_article(s, &entry(&format!("g{i}"), &a.url, "h"), &a)
                    .unwrap(),
            ),
        ));
    }
    let mut expected = ids.clone();
    expected.sort_by(|a, b| b.cmp(a));
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = store.newest(None, 3, before).unwrap();
        if page.is_empty() {
            break;
        }
        assert!(page.len() <= 3);
        for a in &page {
            seen.push((a.published_at, a.id));
            assert!(a.tldr.is_some());
        }
        let last = page.last().unwrap();
        before = Some((last.published_at, last.id));
    }
    assert_eq!(seen, expected);
    assert_eq!(store.newest(None, 100, None).unwrap().len(), 7);
}

#[test]
fn near_duplicate_texts_share_a_cluster() {
    let db = TestDb::new();
    let store = db.store();
    let s = store.add_source("http://127.0.0.1:9/one.rss").unwrap().id;
    let save = |url: &str, site: &str, title: &str, text: &str, t: i64| {
        let a = article(url, site, title, text, t);
        id_of(store.save_article(s, &entry(url, url, "h"), &a).unwrap())
    };
    let a = save(
        "https://a.example/w",
        "a.example",
        "Bundesregierung beschließt Förderung für Wärmepumpen",
        AGENTUR,
        NOW,
    );
    let copy = format!(
        "{AGENTUR} Weitere Einzelheiten will das Ministerium in der kommenden Woche nennen."
    );
    let b = save(
        "https://b.example/w",
        "b.example",
        "Wärmepumpen: Kabinett gibt Geld frei",
        &copy,
        NOW + 3600,
    );
    let sport = save(
        "https://b.example/s",
        "b.example",
        "FC Musterstadt gewinnt gegen Tabellenführer",
        SPORT,
        NOW + 60,
    );
    // The same event in other words: similar titles.
    let c = save(
        "https://c.example/w",
        "c.example",
        "Wärmepumpen: Bundesregierung beschließt neue Förderung",
        "Das Kabinett hat ein Programm aufgelegt, über das Eigentümer Zuschüsse für neue Heizungen bekommen.",
        NOW + 7200,
    );
    // The same text, but outside the two-day window: a story of its own.
    let late = save(
        "https://d.example/w",
        "d.example",
        "Späte Meldung",
        AGENTUR,
        NOW + 10 * 86_400,
    );

    let siblings = |id: i64| {
        store
            .cluster_siblings(id)
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(siblings(a), [b, c]);
    assert_eq!(siblings(b), [a, c]);
    assert!(siblings(sport).is_empty());
    assert!(siblings(late).is_empty());
    let sib = &store.cluster_siblings(a).unwrap()[0];
    assert_eq!(
        (sib.site.as_str(), sib.agency.as_deref()),
        ("b.example", Some("dpa"))
    );
    assert_eq!(store.article_agency(a).unwrap().as_deref(), Some("dpa"));
    assert_eq!(store.article_agency(sport).unwrap(), None);
    let mut c2 = db.client();
    let clusters: Vec<Option<i64>> = c2
        .query(
            "SELECT cluster_id FROM articles WHERE id = ANY($1) ORDER BY id",
            &[&vec![a, b, c]],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        clusters,
        [Some(a), Some(a), Some(a)],
        "the first article names the cluster"
    );
}

#[test]
fn german_search_stems_umlauts_and_phrases() {
    let db = TestDb::new();
    let store = db.store();
    let s1 = store.add_source("http://127.0.0.1:9/one.rss").unwrap().id;
    let s2 = store.add_source("http://127.0.0.1:9/two.rss").unwrap().id;
    let save = |s: i64, n: u32, title: &str, text: &str, t: i64| {
        let url = format!("https://www.example.de/{n}");
        let a = article(&url, "www.example.de", title, text, t);
        id_of(store.save_article(s, &entry(&url, &url, "h"), &a).unwrap())
    };
    let haus = save(
        s1,
        1,
        "Ein Haus am See",
        "Das Haus steht seit hundert Jahren am Ufer und wird nun verkauft.",
        NOW - 100,
    );
    let haeuser = save(
        s1,
        2,
        "Stadt baut neue Wohnungen",
        "An der neuen Straße entstehen bis 2027 vierzig Häuser mit Gärten.",
        NOW - 50,
    );
    let radweg = save(
        s2,
        3,
        "Stadtrat beschließt Radwegenetz",
        "Der Stadtrat hat ein neues Radwegenetz beschlossen, die Radwege werden breiter.",
        NOW,
    );
    let sport = save(s2, 4, "FC Musterstadt gewinnt", SPORT, NOW - 10);

    let search = |text: &str| -> Vec<i64> {
        let q = SearchQuery {
            text: text.into(),
            limit: 10,
            ..SearchQuery::default()
        };
        store
            .search(&q)
            .unwrap()
            .hits
            .iter()
            .map(|h| h.article.id)
            .collect()
    };
    let set = |v: Vec<i64>| v.into_iter().collect::<HashSet<_>>();
    assert_eq!(
        set(search("Häuser")),
        set(vec![haus, haeuser]),
        "Häuser finds Haus"
    );
    assert_eq!(
        set(search("Haus")),
        set(vec![haus, haeuser]),
        "Haus finds Häuser"
    );
    // A title match ranks above a match in the text only.
    assert_eq!(search("Haus")[0], haus);
    assert_eq!(search("Strasse"), [haeuser], "Strasse finds Straße");
    assert_eq!(
        search("Radweg"),
        [radweg],
        "prefix of the stem: Radweg finds Radwegenetz"
    );
    assert_eq!(search("\"neues Radwegenetz\""), [radweg]);
    assert!(
        search("\"Radwegenetz neues\"").is_empty(),
        "phrases keep their order"
    );
    assert_eq!(set(search("Haus -verkauft")), set(vec![haeuser]));
    assert!(search("-Haus").is_empty(), "only excluded words: nothing");
    assert!(search("Zeppelin").is_empty());
    assert!(search("'); DROP TABLE articles; --").is_empty());
    assert_eq!(store.article_count().unwrap(), 4);

    // Filters, sort by date, paging, and the empty query.
    let q = SearchQuery {
        text: "".into(),
        limit: 2,
        ..SearchQuery::default()
    };
    let page = store.search(&q).unwrap();
    assert_eq!(
        page.hits.iter().map(|h| h.article.id).collect::<Vec<_>>(),
        [radweg, sport]
    );
    assert!(page.more);
    let q = SearchQuery {
        text: "".into(),
        limit: 2,
        offset: 2,
        ..SearchQuery::default()
    };
    let page = store.search(&q).unwrap();
    assert_eq!(
        page.hits.iter().map(|h| h.article.id).collect::<Vec<_>>(),
        [haeuser, haus]
    );
    assert!(!page.more);
    let q = SearchQuery {
        text: "Haus".into(),
        source: Some(s2),
        limit: 10,
        ..SearchQuery::default()
    };
    assert!(store.search(&q).unwrap().hits.is_empty());
    let q = SearchQuery {
        text: "Haus".into(),
        sort: SearchSort::Date,
        limit: 10,
        ..SearchQuery::default()
    };
    assert_eq!(
        store
            .search(&q)
            .unwrap()
            .hits
            .iter()
            .map(|h| h.article.id)
            .collect::<Vec<_>>(),
        [haeuser, haus]
    );
    let q = SearchQuery {
        text: "Haus".into(),
        from: Some(NOW - 60),
        until: Some(NOW),
        limit: 10,
        ..SearchQuery::default()
    };
    assert_eq!(
        store
            .search(&q)
            .unwrap()
            .hits
            .iter()
            .map(|h| h.article.id)
            .collect::<Vec<_>>(),
        [haeuser]
    );

    // Highlights and scores.
    let q = SearchQuery {
        text: "Häuser".into(),
        limit: 10,
        ..SearchQuery::default()
    };
    let res = store.search(&q).unwrap();
    let first = &res.hits[0];
    assert_eq!(first.article.id, haus);
    assert!(
        first.title.pieces.iter().any(|p| p.hit && p.text == "Haus"),
        "{:?}",
        first.title
    );
    assert!(
        first.snippet.pieces.iter().any(|p| p.hit),
        "{:?}",
        first.snippet
    );
    assert!(
        res.hits[0].score < res.hits[1].score,
        "lower is better, as with bm25"
    );
}

#[test]
fn concurrent_claims_never_overlap() {
    let db = TestDb::new();
    let setup = db.store();
    let mut all = HashSet::new();
    for i in 0..60 {
        all.insert(
            setup
                .add_source(&format!("http://127.0.0.1:9/{i}.rss"))
                .unwrap()
                .id,
        );
    }
    // Four workers, each with its own connection, claim in small batches at the same moment.
    let workers = 4;
    let barrier = Arc::new(Barrier::new(workers));
    let handles: Vec<_> = (0..workers)
        .map(|w| {
            let url = db.url.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                // No panic before the barrier: the other workers would wait for ever.
                let store = PgStore::connect(&url);
                let owner = format!("worker-{w}");
                barrier.wait();
                let store = store.unwrap();
                let mut mine = Vec::new();
                loop {
                    let got = store.claim_due_sources(&owner, NOW, 300, 3).unwrap();
                    if got.is_empty() {
                        break;
                    }
                    mine.extend(got.iter().map(|s| s.id));
                }
                (owner, mine)
            })
        })
        .collect();
    let results: Vec<(String, Vec<i64>)> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let mut claimed = HashSet::new();
    for (owner, mine) in &results {
        for id in mine {
            assert!(
                claimed.insert(*id),
                "source {id} claimed twice (again by {owner})"
            );
        }
    }
    assert_eq!(claimed, all, "every due source claimed");
    // The leases are recorded with their owners.
    let mut c = db.client();
    for (owner, mine) in &results {
        let n: i64 = c
            .query_one(
                "SELECT COUNT(*) FROM sources WHERE lease_owner = $1 AND lease_until = $2",
                &[owner, &(NOW + 300)],
            )
            .unwrap()
            .get(0);
        assert_eq!(n as usize, mine.len());
    }
    assert_eq!(setup.integrity_check().unwrap(), "ok");
}

#[test]
fn expired_lease_can_be_claimed_by_another_owner() {
    let db = TestDb::new();
    let a = db.store();
    let b = db.store();
    let s1 = a.add_source("http://127.0.0.1:9/1.rss").unwrap().id;
    let s2 = a.add_source("http://127.0.0.1:9/2.rss").unwrap().id;
    // Not due yet: nobody claims it.
    a.record_poll_success(s2, None, None, None, None, NOW, 900, None)
        .unwrap();

    let got = a.claim_due_sources("a", NOW, 60, 10).unwrap();
    assert_eq!(got.iter().map(|s| s.id).collect::<Vec<_>>(), [s1]);
    assert!(
        b.claim_due_sources("b", NOW + 30, 60, 10)
            .unwrap()
            .is_empty(),
        "held by a"
    );
    assert!(
        a.claim_due_sources("a", NOW + 30, 60, 10)
            .unwrap()
            .is_empty(),
        "already a's"
    );

    // a's heartbeat extends the lease; b still gets nothing.
    assert_eq!(a.renew_leases("a", NOW + 120).unwrap(), 1);
    assert!(
        b.claim_due_sources("b", NOW + 90, 60, 10)
            .unwrap()
            .is_empty(),
        "renewed by a"
    );

    // a stops sending heartbeats (crashed): after the expiry b takes the source.
    let got = b.claim_due_sources("b", NOW + 121, 60, 10).unwrap();
    assert_eq!(got.iter().map(|s| s.id).collect::<Vec<_>>(), [s1]);
    assert_eq!(
        a.renew_leases("a", NOW + 500).unwrap(),
        0,
        "a holds nothing any more"
    );
    assert!(
        !a.release_lease(s1, "a").unwrap(),
        "a cannot release b's lease"
    );
    assert!(b.release_lease(s1, "b").unwrap());
    assert!(!b.release_lease(s1, "b").unwrap());
    let mut c = db.client();
    let row = c
        .query_one(
            "SELECT lease_owner, lease_until FROM sources WHERE id = $1",
            &[&s1],
        )
        .unwrap();
    assert_eq!(
        (
            row.get::<_, Option<String>>(0),
            row.get::<_, Option<i64>>(1)
        ),
        (None, None)
    );

    // Released and polled: due again only at its next poll time.
    b.record_poll_success(s1, None, None, None, None, NOW + 130, 900, None)
        .unwrap();
    assert!(a
        .claim_due_sources("a", NOW + 131, 60, 10)
        .unwrap()
        .is_empty());
    assert_eq!(
        a.claim_due_sources("a", NOW + 1030, 60, 10).unwrap().len(),
        2,
        "both due again"
    );
    assert_eq!(a.integrity_check().unwrap(), "ok");
}

#[test]
fn recording_a_poll_gives_up_the_pollers_lease_and_no_other() {
    let db = TestDb::new();
    let a = db.store();
    let b = db.store();
    let s1 = a.add_source("http://127.0.0.1:9/1.rss").unwrap().id;
    let s2 = a.add_source("http://127.0.0.1:9/2.rss").unwrap().id;
    let mut c = db.client();
    let mut lease = |id: i64| -> Option<String> {
        c.query_one("SELECT lease_owner FROM sources WHERE id = $1", &[&id])
            .unwrap()
            .get(0)
    };
    assert_eq!(a.claim_due_sources("a", NOW, 60, 10).unwrap().len(), 2);
    // Recorded and released in one statement: a worker killed right after leaves nothing.
    assert!(a
        .record_poll_success(s1, None, None, None, None, NOW + 5, 900, Some("a"))
        .unwrap());
    assert_eq!(lease(s1), None);
    // a's lease on s2 expires and b takes it over; a's failure is recorded, b's lease stays.
    assert_eq!(b.claim_due_sources("b", NOW + 61, 60, 10).unwrap().len(), 1);
    assert!(!a
        .record_poll_failure(s2, "http", "HTTP 500", NOW + 62, NOW + 600, Some("a"))
        .unwrap());
    assert_eq!(lease(s2).as_deref(), Some("b"));
    assert!(b
        .record_poll_success(s2, None, None, None, None, NOW + 63, 900, Some("b"))
        .unwrap());
    assert_eq!(lease(s2), None);
    let s = a.source(s2).unwrap().unwrap();
    assert_eq!(s.consecutive_failures, 0);
}

#[test]
fn concurrent_saves_of_the_same_article_store_it_once() {
    let db = TestDb::new();
    let setup = db.store();
    let sources: Vec<i64> = (0..2)
        .map(|i| {
            setup
                .add_source(&format!("http://127.0.0.1:9/{i}.rss"))
                .unwrap()
                .id
        })
        .collect();
    // Two workers whose feeds carry the same twenty articles save them at the same moments.
    let rounds = 20;
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = sources
        .iter()
        .map(|&source| {
            let url = db.url.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                // Errors are collected, not raised, so that both threads meet at every barrier.
                let store = PgStore::connect(&url).map_err(|e| e.to_string());
                let mut outcomes = Vec::new();
                for i in 0..rounds {
                    let text = format!("Meldung {i}: {AGENTUR}");
                    let url = format!("https://www.example.de/meldung/{i}");
                    let a = article(
                        &url,
                        "www.example.de",
                        &format!("Meldung {i}"),
                        &text,
                        NOW + i64::from(i),
                    );
                    barrier.wait();
                    let saved = store.as_ref().map_err(Clone::clone).and_then(|store| {
                        store
                            .save_article(source, &entry(&url, &url, "h"), &a)
                            .map_err(|e| e.to_string())
                    });
                    outcomes.push(saved);
                }
                outcomes
            })
        })
        .collect();
    let results: Vec<Vec<Result<SaveOutcome, String>>> =
        handles.into_iter().map(|h| h.join().unwrap()).collect();
    for (i, (x, y)) in results[0].iter().zip(&results[1]).enumerate() {
        let (x, y) = match (x, y) {
            (Ok(x), Ok(y)) => (*x, *y),
            (x, y) => panic!("round {i}: a save failed: {x:?} {y:?}"),
        };
        let new = [x, y]
            .iter()
            .filter(|o| matches!(o, SaveOutcome::New(_)))
            .count();
        let linked = [x, y]
            .iter()
            .filter(|o| matches!(o, SaveOutcome::Linked(_)))
            .count();
        assert_eq!(
            (new, linked, id_of(x)),
            (1, 1, id_of(y)),
            "round {i}: {x:?} {y:?}"
        );
    }
    assert_eq!(setup.article_count().unwrap(), i64::from(rounds));
    for s in &sources {
        assert_eq!(
            setup.source(*s).unwrap().unwrap().article_count,
            i64::from(rounds)
        );
    }
    assert_eq!(setup.integrity_check().unwrap(), "ok");
}

#[test]
fn same_outcomes_as_the_sqlite_engine() {
    let db = TestDb::new();
    let pg = db.store();
    let dir = tempfile::tempdir().unwrap();
    let lite = kurzgefasst::store::Store::open_path(&dir.path().join("kg.db")).unwrap();

    // One sequence of saves, applied to both engines: new, linked by URL, by canonical URL and
    // by content hash, updated, a feed-text fallback, near-duplicates and unrelated news.
    let mut steps: Vec<(usize, String, NewArticle)> = Vec::new();
    let mut a = article(
        "https://a.example/w",
        "a.example",
        "Bundesregierung beschließt Förderung für Wärmepumpen",
        AGENTUR,
        NOW,
    );
    a.canonical_url = Some("https://a.example/w-100".into());
    steps.push((0, "a".into(), a.clone()));
    steps.push((1, "a-again".into(), a.clone()));
    let mut amp = a.clone();
    amp.url = "https://a.example/amp/w".into();
    steps.push((1, "amp".into(), amp));
    let mut print = a.clone();
    print.url = "https://a.example/druck/w".into();
    print.canonical_url = None;
    steps.push((1, "print".into(), print));
    let copy = format!(
        "{AGENTUR} Weitere Einzelheiten will das Ministerium in der kommenden Woche nennen."
    );
    steps.push((
        1,
        "b".into(),
        article(
            "https://b.example/w",
            "b.example",
            "Wärmepumpen: Kabinett gibt Geld frei",
            &copy,
            NOW + 3600,
        ),
    ));
    steps.push((
        0,
        "sport".into(),
        article(
            "https://b.example/s",
            "b.example",
            "FC Musterstadt gewinnt gegen Tabellenführer",
            SPORT,
            NOW + 60,
        ),
    ));
    let mut changed = a.clone();
    changed.title = "Förderung für Wärmepumpen beschlossen".into();
    steps.push((0, "a".into(), changed.clone()));
    let mut fallback = changed;
    fallback.extract_error = Some("no main text".into());
    fallback.title = "Feed-Text".into();
    steps.push((0, "a".into(), fallback));
    steps.push((
        1,
        "c".into(),
        article(
            "https://c.example/w",
            "c.example",
            "Wärmepumpen: Bundesregierung beschließt neue Förderung",
            "Das Kabinett hat ein Programm aufgelegt, über das Eigentümer Zuschüsse für neue Häuser bekommen.",
            NOW + 7200,
        ),
    ));

    let pg_sources: Vec<i64> = (0..2)
        .map(|i| {
            pg.add_source(&format!("http://127.0.0.1:9/{i}.rss"))
                .unwrap()
                .id
        })
        .collect();
    let lite_sources: Vec<i64> = (0..2)
        .map(|i| {
            lite.add_source(&format!("http://127.0.0.1:9/{i}.rss"))
                .unwrap()
                .id
        })
        .collect();
    let kind = |o: SaveOutcome| match o {
        SaveOutcome::New(_) => "new",
        SaveOutcome::Updated(_) => "updated",
        SaveOutcome::Linked(_) => "linked",
    };
    let (mut pg_ids, mut lite_ids) = (Vec::new(), Vec::new());
    for (source, key, a) in &steps {
        let e = entry(key, &a.url, "h");
        let p = pg.save_article(pg_sources[*source], &e, a).unwrap();
        let l = lite.save_article(lite_sources[*source], &e, a).unwrap();
        assert_eq!(
            kind(p),
            kind(l),
            "step {key}: PostgreSQL {p:?}, SQLite {l:?}"
        );
        pg_ids.push(id_of(p));
        lite_ids.push(id_of(l));
    }
    // The ids may differ between engines; the mapping between them must be one to one.
    let map: std::collections::HashMap<i64, i64> = pg_ids
        .iter()
        .copied()
        .zip(lite_ids.iter().copied())
        .collect();
    assert_eq!(map.len(), map.values().collect::<HashSet<_>>().len());
    assert_eq!(pg.article_count().unwrap(), lite.article_count().unwrap());

    let view = |list: Vec<kurzgefasst::store::StoredArticle>| {
        list.into_iter()
            .map(|a| {
                (
                    a.title,
                    a.published_at,
                    a.content,
                    a.tldr.map(|t| t.text),
                    a.extract_error,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        view(pg.newest(None, 50, None).unwrap()),
        view(lite.list_articles(50, None).unwrap())
    );
    for (&p, &l) in &map {
        let ps: Vec<i64> = pg
            .cluster_siblings(p)
            .unwrap()
            .iter()
            .map(|s| map[&s.id])
            .collect();
        let ls: Vec<i64> = lite
            .cluster_siblings(l)
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(ps, ls, "cluster siblings of article {p} (SQLite {l})");
        assert_eq!(
            pg.article_agency(p).unwrap(),
            lite.article_agency(l).unwrap()
        );
        assert_eq!(
            pg.article_sources(p).unwrap().len(),
            lite.article_sources(l).unwrap().len()
        );
    }
    for (i, (p, l)) in pg_sources.iter().zip(&lite_sources).enumerate() {
        let (p, l) = (
            pg.source(*p).unwrap().unwrap(),
            lite.source(*l).unwrap().unwrap(),
        );
        assert_eq!(p.article_count, l.article_count, "source {i}");
        assert_eq!(
            pg.entry_state(p.id, "a").unwrap().map(|e| e.1),
            lite.entry_state(l.id, "a").unwrap().map(|e| e.1)
        );
    }
    assert_eq!(
        pg.article_by_url("https://a.example/w-100")
            .unwrap()
            .map(|id| map[&id]),
        lite.article_by_url("https://a.example/w-100").unwrap()
    );

    // Search: the same hits for queries whose meaning both engines share.
    for text in [
        "Häuser",
        "Wärmepumpe",
        "Förderung -Kabinett",
        "\"Tore fielen\"",
        "Musterstadt",
        "Zeppelin",
    ] {
        let q = SearchQuery {
            text: text.into(),
            limit: 20,
            ..SearchQuery::default()
        };
        let mut p: Vec<i64> = pg
            .search(&q)
            .unwrap()
            .hits
            .iter()
            .map(|h| map[&h.article.id])
            .collect();
        let mut l: Vec<i64> = lite
            .search(&q)
            .unwrap()
            .hits
            .iter()
            .map(|h| h.article.id)
            .collect();
        p.sort_unstable();
        l.sort_unstable();
        assert_eq!(p, l, "search {text:?}");
        assert_eq!(
            l.is_empty(),
            text == "Zeppelin",
            "search {text:?} finds something"
        );
    }
}

#[test]
fn the_llm_queue_on_postgres() {
    let db = TestDb::new();
    let store = db.store();
    llm_queue_scenario!(store, |url: &str, text: &str| article(
        url,
        "127.0.0.1",
        "Titel",
        text,
        NOW
    ));
}

/// Accounts, sessions, API tokens, reader state and metrics counts, as one script run on both
/// engines: each step's result must be what the script expects, in SQLite as in PostgreSQL.
macro_rules! accounts_script {
    ($s:expr) => {{
        use kurzgefasst::store::ReaderFilter;
        let s = $s;
        assert_eq!(s.user_count().unwrap(), 0);
        let uid = s.set_user_password("admin", "$argon2id$eins").unwrap();
        assert_eq!(s.user_count().unwrap(), 1);
        assert_eq!(
            s.user_by_name("admin").unwrap().unwrap().password_hash,
            "$argon2id$eins"
        );
        assert!(s.user_by_name("niemand").unwrap().is_none());

        // Sessions: found by hash until they expire; a new password ends them.
        s.create_session("h1", uid, "csrf1", NOW, NOW + 100)
            .unwrap();
        let sess = s.session("h1", NOW + 1).unwrap().unwrap();
        assert_eq!(
            (
                sess.user_id,
                sess.user_name.as_str(),
                sess.csrf_token.as_str()
            ),
            (uid, "admin", "csrf1")
        );
        assert!(s.session("h1", NOW + 100).unwrap().is_none(), "expired");
        assert!(s.session("h2", NOW).unwrap().is_none());
        assert_eq!(s.set_user_password("admin", "$argon2id$zwei").unwrap(), uid);
        assert!(
            s.session("h1", NOW + 1).unwrap().is_none(),
            "password change ends sessions"
        );
        s.create_session("h3", uid, "csrf3", NOW, NOW + 100)
            .unwrap();
        assert!(s.delete_session("h3").unwrap());
        assert!(!s.delete_session("h3").unwrap());

        // API tokens.
        let t1 = s.create_api_token(uid, "App", "th1", NOW).unwrap();
        assert_eq!(s.api_token_user("th1", NOW + 5).unwrap().unwrap().id, uid);
        assert!(s.api_token_user("th-falsch", NOW).unwrap().is_none());
        let list = s.list_api_tokens(uid).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(
            (list[0].id, list[0].name.as_str(), list[0].last_used_at),
            (t1, "App", Some(NOW + 5))
        );
        assert!(s.delete_api_token(uid, t1).unwrap());
        assert!(s.api_token_user("th1", NOW).unwrap().is_none());

        // Reader state over three articles in two sources the reader follows.
        let src1 = s.add_source("https://a.example/feed").unwrap().id;
        let src2 = s.add_source("https://b.example/feed").unwrap().id;
        assert!(s.subscribe(uid, src1, None, None).unwrap());
        assert!(s.subscribe(uid, src2, None, None).unwrap());
        let a1 = id_of(
            s.save_article(
                src1,
                &entry("1", "https://a.example/1", "x"),
                &article(
                    "https://a.example/1",
                    "a.example",
                    "Erster Artikel",
                    SPORT,
                    NOW - 300,
                ),
            )
            .unwrap(),
        );
        let a2 = id_of(
            s.save_article(
                src1,
                &entry("2", "https://a.example/2", "x"),
                &article(
                    "https://a.example/2",
                    "a.example",
                    "Zweiter Artikel",
                    "Der Zoo bekommt zwei neue Elefanten. Sie kommen aus Leipzig.",
                    NOW - 200,
                ),
            )
            .unwrap(),
        );
        let a3 = id_of(
            s.save_article(
                src2,
                &entry("3", "https://b.example/3", "x"),
                &article(
                    "https://b.example/3",
                    "b.example",
                    "Dritter Artikel",
                    "Die Brücke wird ab Montag gesperrt. Umleitungen sind ausgeschildert.",
                    NOW - 100,
                ),
            )
            .unwrap(),
        );
        let ids =
            |v: Vec<kurzgefasst::store::ReaderItem>| v.iter().map(|i| i.id).collect::<Vec<_>>();
        let all = ReaderFilter {
            limit: 10,
            ..ReaderFilter::default()
        };
        assert_eq!(ids(s.reader_items(uid, &all).unwrap()), vec![a3, a2, a1]);
        let page = ReaderFilter {
            limit: 2,
            ..ReaderFilter::default()
        };
        assert_eq!(ids(s.reader_items(uid, &page).unwrap()), vec![a3, a2]);
        let next = ReaderFilter {
            limit: 2,
            after: Some((NOW - 200, a2)),
            ..ReaderFilter::default()
        };
        assert_eq!(ids(s.reader_items(uid, &next).unwrap()), vec![a1]);
        let oldest = ReaderFilter {
            limit: 10,
            oldest_first: true,
            ..ReaderFilter::default()
        };
        assert_eq!(ids(s.reader_items(uid, &oldest).unwrap()), vec![a1, a2, a3]);
        let feed1 = ReaderFilter {
            limit: 10,
            source: Some(src1),
            ..ReaderFilter::default()
        };
        assert_eq!(ids(s.reader_items(uid, &feed1).unwrap()), vec![a2, a1]);
        let newer = ReaderFilter {
            limit: 10,
            newer_than: Some(NOW - 200),
            ..ReaderFilter::default()
        };
        assert_eq!(ids(s.reader_items(uid, &newer).unwrap()), vec![a3, a2]);
        assert_eq!(s.unread_total(uid).unwrap(), (3, NOW - 100));

        assert_eq!(
            s.set_item_state(uid, &[a2, 999_999], Some(true), None)
                .unwrap(),
            1
        );
        assert_eq!(s.set_item_state(uid, &[a3], None, Some(true)).unwrap(), 1);
        let unread = ReaderFilter {
            limit: 10,
            exclude_read: true,
            ..ReaderFilter::default()
        };
        assert_eq!(ids(s.reader_items(uid, &unread).unwrap()), vec![a3, a1]);
        let starred = ReaderFilter {
            limit: 10,
            starred_only: true,
            ..ReaderFilter::default()
        };
        assert_eq!(ids(s.reader_items(uid, &starred).unwrap()), vec![a3]);
        let read = ReaderFilter {
            limit: 10,
            read_only: true,
            ..ReaderFilter::default()
        };
        assert_eq!(ids(s.reader_items(uid, &read).unwrap()), vec![a2]);
        let by_id = s.reader_items_by_id(uid, &[a3, 424_242, a2]).unwrap();
        assert_eq!(
            by_id
                .iter()
                .map(|i| (i.id, i.read, i.starred, i.source_id))
                .collect::<Vec<_>>(),
            vec![(a3, false, true, Some(src2)), (a2, true, false, Some(src1))]
        );
        // Starring keeps read; unread keeps starred.
        s.set_item_state(uid, &[a2], None, Some(true)).unwrap();
        s.set_item_state(uid, &[a3], Some(false), None).unwrap();
        let st = s.reader_items_by_id(uid, &[a2, a3]).unwrap();
        assert_eq!(
            st.iter().map(|i| (i.read, i.starred)).collect::<Vec<_>>(),
            vec![(true, true), (false, true)]
        );
        let counts = s.unread_counts(uid).unwrap();
        assert_eq!(
            counts
                .iter()
                .map(|c| (c.source_id, c.count, c.newest))
                .collect::<Vec<_>>(),
            vec![(src1, 1, NOW - 300), (src2, 1, NOW - 100)]
        );

        // Mark all read: one source up to a time, then everything.
        assert_eq!(
            s.mark_all_read(uid, Some(src2), NOW - 150).unwrap(),
            0,
            "a3 is newer"
        );
        assert!(s.mark_all_read(uid, Some(src1), NOW).unwrap() >= 1);
        assert_eq!(s.unread_total(uid).unwrap().0, 1);
        s.mark_all_read(uid, None, NOW).unwrap();
        assert_eq!(s.unread_total(uid).unwrap(), (0, 0));
        assert!(s.unread_counts(uid).unwrap().is_empty());
        let still = s.reader_items_by_id(uid, &[a2]).unwrap();
        assert!(still[0].starred, "marking read keeps the star");

        // Counts for /metrics.
        s.record_poll_failure(src2, "http", "HTTP 500", NOW, NOW + 60, None)
            .unwrap();
        let c = s.store_counts().unwrap();
        assert_eq!((c.articles, c.sources), (3, 2));
        assert_eq!(c.failing_sources, vec![("http".to_string(), 1)]);
        assert_eq!(c.tldrs_by_method, vec![("extractive".to_string(), 3)]);
        assert!(c.tldr_rejections.is_empty());
        (a1, a2, a3)
    }};
}

#[test]
fn accounts_sessions_tokens_and_reader_state_in_both_engines() {
    let db = TestDb::new();
    // Users are made through `Store` (readers.rs writes their statements once for both engines).
    let pg = kurzgefasst::store::Store::Postgres(db.store());
    let dir = tempfile::tempdir().unwrap();
    let lite = kurzgefasst::store::Store::open_path(&dir.path().join("kg.db")).unwrap();
    let on_pg = accounts_script!(&pg);
    let on_lite = accounts_script!(&lite);
    assert_eq!(on_pg, on_lite, "the same ids in both engines");
    // The hash columns hold what the caller gave (the server gives SHA-256 hashes).
    let mut c = db.client();
    let n: i64 = c
        .query_one("SELECT COUNT(*) FROM sessions WHERE token_hash = 'h3'", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
}

/// Relevance over a store larger than the recent window: the newest matches and their bm25
/// statistics come from the window (SQLite's recent index, PostgreSQL's id range), the same on
/// both engines to the bit; a word found only before the window falls back to the whole store.
#[test]
fn relevance_statistics_from_the_recent_window_in_both_engines() {
    let db = TestDb::new();
    let pg = db.store();
    let dir = tempfile::tempdir().unwrap();
    let lite = kurzgefasst::store::Store::open_path(&dir.path().join("kg.db")).unwrap();
    const TOTAL: i64 = 2_400;
    const WINDOW: i64 = 2_000; // = the rank window: the recent ids hold exactly enough matches
    let pg_source = pg.add_source("http://127.0.0.1:9/a.rss").unwrap().id;
    let lite_source = lite.add_source("http://127.0.0.1:9/a.rss").unwrap().id;
    // The window is set before the saves: each save moves it on (and drops what leaves it).
    pg.set_search_recent_window(WINDOW).unwrap();
    lite.set_search_recent_window(WINDOW).unwrap();
    let mut lite_ids = Vec::new();
    for i in 0..TOTAL {
        // Older articles are longer and alone mention the dispute: the window's mean length
        // and document frequencies differ from the whole store's.
        let mut text = format!(
            "Der Haushalt {i} der Stadt wurde beraten. {} Kennziffer v{i}x.",
            "Der Haushalt wächst. ".repeat((i % 3 + 1) as usize)
        );
        if i < 300 {
            text.push_str(&" Der Streit im Rat dauerte bis spät in die Nacht.".repeat(4));
        }
        let a = article(
            &format!("https://a.example/{i}"),
            "a.example",
            &format!("Beratung Nummer {i}"),
            &text,
            NOW + i,
        );
        let e = entry("k", &a.url, "h");
        pg.save_article(pg_source, &EntryRef { key: &a.url, ..e }, &a)
            .unwrap();
        lite_ids.push(id_of(
            lite.save_article(lite_source, &EntryRef { key: &a.url, ..e }, &a)
                .unwrap(),
        ));
    }
    let first_pg_id = pg
        .newest(None, TOTAL as usize, None)
        .unwrap()
        .last()
        .unwrap()
        .id;
    let query = |text: &str| SearchQuery {
        text: text.into(),
        limit: 30,
        ..SearchQuery::default()
    };
    let hits = |r: kurzgefasst::store::SearchResults, base: i64| -> Vec<(i64, f64)> {
        r.hits
            .iter()
            .map(|h| (h.article.id - base, h.score))
            .collect()
    };
    let lite_scored = |text: &str, base: i64| hits(lite.search(&query(text)).unwrap(), base);
    let pg_scored = |text: &str, base: i64| hits(pg.search(&query(text)).unwrap(), base);
    let lite_base = lite_ids[0];
    for text in ["Haushalt", "Haushalt Stadt", "Streit", "Kennziffer"] {
        let p = pg_scored(text, first_pg_id);
        let l = lite_scored(text, lite_base);
        assert_eq!(p.len(), 30, "{text}: hits");
        assert_eq!(p, l, "{text}: same hits, order and scores on both engines");
    }
    // Rebuilding the recent index from the articles gives the same as the saves made it.
    let incremental = lite_scored("Haushalt Stadt", lite_base);
    lite.set_search_recent_window(WINDOW).unwrap();
    assert_eq!(incremental, lite_scored("Haushalt Stadt", lite_base));
    // The window's statistics are in use: with a window as large as the store the same query
    // scores otherwise (the mean length of the older, longer articles counts then).
    let windowed = lite_scored("Haushalt", lite_base);
    assert!(
        windowed.iter().all(|(id, _)| *id >= TOTAL - WINDOW),
        "newest matches"
    );
    lite.set_search_recent_window(1_000_000).unwrap();
    pg.set_search_recent_window(1_000_000).unwrap();
    let whole = lite_scored("Haushalt", lite_base);
    assert_eq!(
        windowed.iter().map(|h| h.0).collect::<Vec<_>>().len(),
        whole.len()
    );
    assert_ne!(windowed[0].1, whole[0].1, "scores from the window differ");
    assert_eq!(whole, pg_scored("Haushalt", first_pg_id));
    // The dispute lies before the window: found through the whole index on both engines.
    let streit = lite_scored("Streit", lite_base);
    assert!(streit.iter().all(|(id, _)| *id < 300));
}
