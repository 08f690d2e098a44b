//! `Store::save_batch`, the pipeline's group commit, on a real database (a SQLite file, or with
//! `KURZGEFASST_TEST_DB=postgres` a fresh PostgreSQL database): each article of a batch is
//! saved as `save_article` would save it, one that fails takes nothing of the others with it,
//! and the search index and its recent window end up as after saving one by one. Also
//! `Store::seed_articles`, the bulk seeding of `bench serve`.

use std::collections::BTreeSet;

use kurzgefasst::store::{BatchItem, DbUrl, EntryRef, SaveOutcome, SearchQuery, Store};

mod common;

use common::new_article as article;

const NOW: i64 = 1_766_668_620; // 25.12.2025 14:17 Europe/Berlin

fn open(dir: &tempfile::TempDir, name: &str) -> Store {
    let url = common::db_url(&dir.path().join(name));
    Store::open(&DbUrl::parse(&url).unwrap()).unwrap()
}

fn entry<'a>(key: &'a str, link: &'a str) -> EntryRef<'a> {
    EntryRef {
        key,
        link: Some(link),
        title: None,
        hash: "h",
    }
}

/// Ids of the articles a search finds (at most 50).
fn found(store: &Store, text: &str) -> BTreeSet<i64> {
    let q = SearchQuery {
        text: text.into(),
        limit: 50,
        ..SearchQuery::default()
    };
    store
        .search(&q)
        .unwrap()
        .hits
        .iter()
        .map(|h| h.article.id)
        .collect()
}

/// Articles of distinct topics (one word each only they contain).
const TOPICS: &[(&str, &str)] = &[
    (
        "Wärmepumpen",
        "Die Stadt fördert Wärmepumpen in alten Häusern mit einem neuen Programm.",
    ),
    (
        "Radwege",
        "Der Stadtrat hat neue Radwege entlang der Hauptstraße beschlossen.",
    ),
    (
        "Hochwasser",
        "Nach dem Hochwasser räumen die Anwohner ihre Keller aus.",
    ),
    (
        "Bibliothek",
        "Die Bibliothek öffnet künftig auch am Sonntag ihre Türen.",
    ),
    (
        "Straßenbahn",
        "Die neue Straßenbahn fährt ab Montag im Zehn-Minuten-Takt.",
    ),
];

#[test]
fn a_batch_saves_each_article_and_a_failing_one_takes_nothing_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir, "batch.db");
    let s1 = store.add_source("http://127.0.0.1:9/eins.rss").unwrap().id;
    let s2 = store.add_source("http://127.0.0.1:9/zwei.rss").unwrap().id;
    let arts: Vec<_> = TOPICS
        .iter()
        .enumerate()
        .map(|(i, (title, text))| {
            let a = article(
                &format!("https://www.example.de/artikel/{i}.html"),
                "www.example.de",
                title,
                text,
                NOW - i as i64 * 60,
            );
            Store::prepare(a).unwrap()
        })
        .collect();
    let urls: Vec<String> = arts.iter().map(|p| p.article.url.clone()).collect();
    let missing_source = s2 + 1000;
    let items = [
        BatchItem {
            source_id: s1,
            entry: entry("g0", &urls[0]),
            article: &arts[0],
        },
        BatchItem {
            source_id: s1,
            entry: entry("g1", &urls[1]),
            article: &arts[1],
        },
        // The first article again, from the second feed: linked, not stored twice.
        BatchItem {
            source_id: s2,
            entry: entry("other", &urls[0]),
            article: &arts[0],
        },
        // An entry of a source that does not exist: this save fails (foreign key).
        BatchItem {
            source_id: missing_source,
            entry: entry("g3", &urls[3]),
            article: &arts[3],
        },
        BatchItem {
            source_id: s2,
            entry: entry("g4", &urls[4]),
            article: &arts[4],
        },
    ];
    let results = store.save_batch(&items);
    assert_eq!(results.len(), 5);
    let SaveOutcome::New(first) = *results[0].as_ref().unwrap() else {
        panic!("first article not new: {:?}", results[0])
    };
    assert!(
        matches!(results[1], Ok(SaveOutcome::New(_))),
        "{:?}",
        results[1]
    );
    assert_eq!(*results[2].as_ref().unwrap(), SaveOutcome::Linked(first));
    assert!(
        results[3].is_err(),
        "an entry of a missing source was saved: {:?}",
        results[3]
    );
    assert!(
        matches!(results[4], Ok(SaveOutcome::New(_))),
        "{:?}",
        results[4]
    );

    // Three articles, the failed one's rows gone with it; the linked one under both sources.
    assert_eq!(store.article_count().unwrap(), 3);
    assert!(store.article_by_url(&urls[3]).unwrap().is_none());
    let sources: Vec<i64> = store
        .article_sources(first)
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(sources, [s1, s2]);
    let stored = store.article(first).unwrap().unwrap();
    assert_eq!(stored.title, "Wärmepumpen");
    assert!(stored.tldr.is_some(), "TLDR saved with the article");

    // The search index holds exactly the saved articles (written at the batch's end).
    assert_eq!(found(&store, "Wärmepumpen"), BTreeSet::from([first]));
    assert_eq!(
        found(&store, "Hochwasser").len(),
        0,
        "Hochwasser was never saved"
    );
    assert_eq!(
        found(&store, "Bibliothek").len(),
        0,
        "the failed article is not indexed"
    );
    assert_eq!(found(&store, "Straßenbahn").len(), 1);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn batches_give_the_same_store_and_recent_window_as_saving_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let one_by_one = open(&dir, "single.db");
    let batched = open(&dir, "batched.db");
    // A recent window of 7 ids, so that saving 40 articles moves it on many times.
    for store in [&one_by_one, &batched] {
        store.set_search_recent_window(7).unwrap();
        store.add_source("http://127.0.0.1:9/feed.rss").unwrap();
    }
    let source = one_by_one.list_sources().unwrap()[0].id;
    let arts: Vec<_> = (0..40)
        .map(|i| {
            let (word, text) = TOPICS[i % TOPICS.len()];
            Store::prepare(article(
                &format!("https://www.example.de/meldung/{i}.html"),
                "www.example.de",
                &format!("{word} {i}"),
                &format!("{text} Meldung Nummer {i} des Tages."),
                NOW - i as i64 * 60,
            ))
            .unwrap()
        })
        .collect();
    let keys: Vec<String> = (0..40).map(|i| format!("g{i}")).collect();
    for (i, p) in arts.iter().enumerate() {
        let e = entry(&keys[i], &p.article.url);
        one_by_one.save_article(source, &e, &p.article).unwrap();
    }
    // Batches of 1, 2, 3, … articles.
    let mut i = 0;
    let mut size = 1;
    while i < arts.len() {
        let end = (i + size).min(arts.len());
        let items: Vec<BatchItem<'_>> = (i..end)
            .map(|k| BatchItem {
                source_id: source,
                entry: entry(&keys[k], &arts[k].article.url),
                article: &arts[k],
            })
            .collect();
        for r in batched.save_batch(&items) {
            assert!(matches!(r, Ok(SaveOutcome::New(_))), "{r:?}");
        }
        i = end;
        size += 1;
    }
    assert_eq!(batched.article_count().unwrap(), 40);
    for (word, _) in TOPICS {
        let single = found(&one_by_one, word);
        assert_eq!(single.len(), 8, "{word}: 8 articles each");
        assert_eq!(found(&batched, word), single, "{word}");
    }
    // Relevance search reads its statistics from the recent window: the same hits in the same
    // order with the same scores means the window holds the same rows.
    let ranked = |s: &Store| {
        let q = SearchQuery {
            text: "Meldung".into(),
            limit: 50,
            ..SearchQuery::default()
        };
        s.search(&q)
            .unwrap()
            .hits
            .iter()
            .map(|h| (h.article.id, format!("{:.6}", h.score)))
            .collect::<Vec<_>>()
    };
    let single = ranked(&one_by_one);
    assert_eq!(single.len(), 40);
    assert_eq!(ranked(&batched), single);
    assert_eq!(batched.integrity_check().unwrap(), "ok");
}

/// `bench serve`'s bulk seeding: every row lands with its TLDR, entry and search keys, and
/// without story-cluster keys (SQLite only; PostgreSQL refuses it with a clear error).
#[test]
fn seeding_in_bulk_writes_articles_tldrs_and_index_rows() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir, "seed.db");
    let source = store.add_source("http://127.0.0.1:9/seed.rss").unwrap().id;
    let rows: Vec<_> = TOPICS
        .iter()
        .enumerate()
        .map(|(i, (title, text))| {
            kurzgefasst::store::SeedRow::new(article(
                &format!("https://www.example.de/seed/{i}.html"),
                "www.example.de",
                title,
                text,
                NOW - i as i64 * 60,
            ))
            .unwrap()
        })
        .collect();
    let seeded = store.seed_articles(source, &rows);
    if store.engine() == "postgres" {
        let e = seeded.expect_err("PostgreSQL refuses bulk seeding");
        assert!(e.to_string().contains("needs SQLite"), "{e}");
        return;
    }
    seeded.unwrap();
    assert_eq!(store.article_count().unwrap(), TOPICS.len() as i64);
    let listed = store.list_articles(10, None).unwrap();
    assert_eq!(listed.len(), TOPICS.len());
    for a in &listed {
        let (title, text) = TOPICS
            .iter()
            .find(|(t, _)| *t == a.title)
            .unwrap_or_else(|| panic!("unexpected title {:?}", a.title));
        assert!(a.content.contains(text), "{}: {:?}", title, a.content);
        assert!(a.tldr.is_some(), "{title}: no TLDR");
        assert_eq!(found(&store, title), BTreeSet::from([a.id]), "{title}");
    }
    assert_eq!(store.integrity_check().unwrap(), "ok");
}
