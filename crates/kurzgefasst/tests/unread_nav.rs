//! The navigation's unread counts (issue 19): every logged-in page shows the reader's
//! categories with their unread articles and the unread total, from the server's in-memory
//! counter; the numbers follow what the reader reads, marks and moves at once (also when the
//! change is made by another connection: the database's per-reader version, migration sqlite
//! 0020 / postgres 0017), they are the numbers counting in SQL gives, and the Google Reader
//! API's `unread-count` reports the same. The reader's start page, kept between views, never
//! shows a state older than the reader's last change. Runs on SQLite, and on PostgreSQL with
//! `KURZGEFASST_TEST_DB=postgres` (scripts/test).

mod common;
mod web_common;

use kurzgefasst::store::{DbUrl, Scope, Store, SubscriptionChange};
use web_common::{article_ids, Client, Site};

/// Runs `f` on the site's store, opened beside the server (either engine), on a thread of its
/// own (the PostgreSQL client must not block a test's async thread).
fn with_store<R: Send>(site: &Site, f: impl FnOnce(&Store) -> R + Send) -> R {
    let url = common::db_url(&site.dir.path().join("kg.db"));
    std::thread::scope(|s| {
        s.spawn(move || f(&Store::open(&DbUrl::parse(&url).unwrap()).unwrap()))
            .join()
            .unwrap()
    })
}

/// The admin's id, a category "Lokales" of theirs holding source 1 (source 2 stays without a
/// category), and the category's id.
fn setup(site: &Site) -> (i64, i64) {
    with_store(site, |s| {
        let admin = s.user_by_name("admin").unwrap().unwrap().id;
        let cat = s.ensure_category(admin, "Lokales").unwrap().id;
        let changed = s
            .update_subscription(
                admin,
                1,
                &SubscriptionChange {
                    category: Some(Some(cat)),
                    title: None,
                },
            )
            .unwrap();
        assert!(changed, "the admin follows source 1");
        (admin, cat)
    })
}

/// What counting in SQL says: unread in the category and in all.
fn sql_counts(site: &Site, user: i64, cat: i64) -> (i64, i64) {
    with_store(site, |s| {
        (
            s.unread_subscribed(user, Some(cat)).unwrap().0,
            s.unread_subscribed(user, None).unwrap().0,
        )
    })
}

/// The unread counts a page's navigation shows: the category's (by id) and the total.
fn nav_counts(html: &str, cat: i64) -> (i64, i64) {
    let nav_at = html
        .find("<nav class=\"kategorien\"")
        .expect("the categories navigation");
    let nav = &html[nav_at..nav_at + html[nav_at..].find("</nav>").unwrap()];
    let count_after = |marker: &str| -> i64 {
        let at = nav
            .find(marker)
            .unwrap_or_else(|| panic!("no {marker} in {nav}"));
        let rest = &nav[at..];
        let start = rest.find('>').unwrap() + 1;
        rest[start..start + rest[start..].find('<').unwrap()]
            .parse()
            .unwrap()
    };
    (
        count_after(&format!("data-category=\"{cat}\"")),
        count_after("id=\"ungelesen-gesamt\""),
    )
}

async fn login(site: &Site) -> Client {
    let mut c = Client::new(&site.base());
    c.login().await;
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn navigation_counts_follow_reading_marking_and_moving() {
    let site = Site::start();
    let (admin, cat) = setup(&site);
    let mut a = login(&site).await;

    // At first everything is unread: the category holds source 1's articles, the total both.
    let page = a.get("/?ungelesen=1").await;
    assert_eq!(page.status, 200);
    let (in_cat, total) = sql_counts(&site, admin, cat);
    assert!(in_cat > 0 && total > in_cat, "fixture: {in_cat} of {total}");
    assert_eq!(nav_counts(&page.body, cat), (in_cat, total));
    assert!(page.body.contains("Lokales"), "the category is named");

    // Every logged-in page has the navigation with the counts, e.g. a source's page.
    let other = a.get("/quellen/2").await;
    assert_eq!(nav_counts(&other.body, cat), (in_cat, total));

    // Reading an article of the category: its own page already counts it (and its story) read,
    // and so does the next page.
    let lokal: Vec<i64> = article_ids(&a.get("/quellen/1").await.body);
    let x = lokal[0];
    let opened = a.get(&format!("/artikel/{x}")).await;
    assert_eq!(opened.status, 200);
    let after = sql_counts(&site, admin, cat);
    assert!(after.0 < in_cat, "reading lowers the category's count");
    assert_eq!(nav_counts(&opened.body, cat), after);
    let start = a.get("/?ungelesen=1").await;
    assert_eq!(nav_counts(&start.body, cat), after);
    assert!(
        !article_ids(&start.body).contains(&x),
        "the read article left the unread list at once"
    );

    // Marking the category's articles read with the page's form: the category is at 0.
    let csrf = start.csrf();
    let max_id = with_store(&site, |s| s.max_article_id().unwrap()).to_string();
    let cat_s = cat.to_string();
    let r = a
        .post(
            "/gelesen",
            &[
                ("csrf", &csrf),
                ("bis_id", &max_id),
                ("kategorie", &cat_s),
                ("weiter", "/"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let marked = sql_counts(&site, admin, cat);
    assert_eq!(marked.0, 0);
    let page = a.get("/?ungelesen=1").await;
    assert_eq!(nav_counts(&page.body, cat), marked);
    assert!(marked.1 > 0, "source 2's articles are still unread");

    // Moving source 2 into the category, by another connection (as the CLI would): the next
    // page counts source 2's unread articles in the category.
    with_store(&site, |s| {
        assert!(s
            .update_subscription(
                admin,
                2,
                &SubscriptionChange {
                    category: Some(Some(cat)),
                    title: None,
                },
            )
            .unwrap());
    });
    let moved = sql_counts(&site, admin, cat);
    assert_eq!(moved.0, moved.1, "everything unread is in the category now");
    assert!(moved.0 > 0);
    let page = a.get("/?ungelesen=1").await;
    assert_eq!(nav_counts(&page.body, cat), moved);

    // Everything read by another connection: the kept start page is not served again.
    let before = article_ids(&page.body);
    assert!(!before.is_empty());
    with_store(&site, |s| {
        let max = s.max_article_id().unwrap();
        s.mark_scope_read(admin, &Scope::default(), max).unwrap();
    });
    let page = a.get("/?ungelesen=1").await;
    assert_eq!(nav_counts(&page.body, cat), (0, 0));
    assert!(
        article_ids(&page.body).is_empty(),
        "nothing unread is listed: {:?}",
        article_ids(&page.body)
    );

    // One article unread again and another one saved, by another connection: the counter reads
    // only the states written since its kept copy, and counts the one unread article.
    with_store(&site, |s| {
        s.set_item_state(admin, &[x], Some(false), None).unwrap();
        s.set_item_state(admin, &[lokal[1]], None, Some(true))
            .unwrap();
    });
    let page = a.get("/?ungelesen=1").await;
    let again = sql_counts(&site, admin, cat);
    assert_eq!(again, (1, 1), "x alone is unread");
    assert_eq!(nav_counts(&page.body, cat), again);
    assert_eq!(article_ids(&page.body), vec![x]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kept_start_page_shows_each_change_of_the_reader_at_once() {
    let site = Site::start();
    let (admin, _) = setup(&site);
    let mut a = login(&site).await;
    let first = a.get("/?ungelesen=1").await;
    let again = a.get("/?ungelesen=1").await;
    let ids = article_ids(&first.body);
    assert!(ids.len() >= 3);
    assert_eq!(article_ids(&again.body), ids, "the same list twice");

    // Marked read with the form: gone from the next view.
    let csrf = again.csrf();
    let x = ids[0].to_string();
    let r = a
        .post(
            &format!("/artikel/{x}/gelesen"),
            &[("csrf", &csrf), ("wert", "1"), ("weiter", "/")],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = a.get("/?ungelesen=1").await;
    assert!(!article_ids(&page.body).contains(&ids[0]));

    // A mute rule added by another connection hides its articles on the next view.
    let y = ids[1];
    let title = with_store(&site, |s| s.article(y).unwrap().unwrap().title);
    let word = title
        .split_whitespace()
        .max_by_key(|w| w.chars().count())
        .unwrap()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    with_store(&site, |s| {
        let rule = kurzgefasst::store::Rule::new(
            kurzgefasst::store::RuleAction::Mute,
            kurzgefasst::store::RuleField::Title,
            &word,
            None,
        )
        .unwrap();
        s.add_rule(admin, &rule).unwrap();
    });
    let page = a.get("/?ungelesen=1").await;
    assert!(
        !article_ids(&page.body).contains(&y),
        "muted by {word:?}: {:?}",
        article_ids(&page.body)
    );

    // Marked unread again by another connection: back on the next view.
    with_store(&site, |s| {
        s.set_item_state(admin, &[ids[0]], Some(false), None)
            .unwrap();
    });
    let page = a.get("/?ungelesen=1").await;
    assert!(article_ids(&page.body).contains(&ids[0]));

    // A second session of the reader gets a page of its own (its own CSRF token in the forms).
    let mut b = Client::new(&site.base());
    b.login().await;
    let other = b.get("/?ungelesen=1").await;
    assert_eq!(article_ids(&other.body), article_ids(&page.body));
    assert_ne!(other.csrf(), page.csrf(), "each session its own page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reader_api_unread_count_comes_from_the_counter_with_sqls_numbers() {
    let site = Site::start();
    let (admin, cat) = setup(&site);
    let token = kurzgefasst::auth::new_token().unwrap();
    let hash = kurzgefasst::auth::token_hash(&token);
    with_store(&site, |s| {
        s.create_api_token(admin, "test", &hash, kurzgefasst::store_now())
            .unwrap()
    });
    let auth = format!("GoogleLogin auth={token}");
    let mut c = Client::new(&site.base());
    // Some articles read, by the store (another connection).
    with_store(&site, |s| {
        let ids: Vec<i64> = s
            .list_articles(100, None)
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect();
        for id in ids.iter().step_by(3) {
            s.set_item_state(admin, &[*id], Some(true), None).unwrap();
        }
    });
    for round in 0..2 {
        let doc = c
            .get_with(
                "/reader/api/0/unread-count?output=json",
                &[("Authorization", &auth)],
            )
            .await
            .json();
        let counts = doc["unreadcounts"].as_array().unwrap();
        let count_of = |id: &str| -> Option<(i64, String)> {
            counts.iter().find(|c| c["id"] == id).map(|c| {
                (
                    c["count"].as_i64().unwrap(),
                    c["newestItemTimestampUsec"].as_str().unwrap().to_string(),
                )
            })
        };
        let (per_source, label, total) = with_store(&site, |s| {
            let subs = s.subscriptions(admin, None).unwrap();
            let per: Vec<_> = s
                .unread_counts(admin)
                .unwrap()
                .into_iter()
                .filter(|c| subs.iter().any(|x| x.source.id == c.source_id))
                .collect();
            (
                per,
                s.unread_subscribed(admin, Some(cat)).unwrap(),
                s.unread_subscribed(admin, None).unwrap(),
            )
        });
        assert!(!per_source.is_empty(), "round {round}: {doc}");
        assert!(total.0 > 0, "round {round}: something is unread");
        for c in &per_source {
            assert_eq!(
                count_of(&format!("feed/{}", c.source_id)),
                Some((c.count, format!("{}", c.newest * 1_000_000))),
                "round {round}: source {}",
                c.source_id
            );
        }
        assert_eq!(
            count_of("user/-/label/Lokales"),
            Some((label.0, format!("{}", label.1 * 1_000_000)))
        );
        assert_eq!(
            count_of("user/-/state/com.google/reading-list"),
            Some((total.0, format!("{}", total.1 * 1_000_000)))
        );
        assert_eq!(doc["max"].as_i64(), Some(total.0));
        // Then more articles read (through the store): the next answer says so.
        with_store(&site, |s| {
            let ids: Vec<i64> = s
                .list_articles(100, None)
                .unwrap()
                .iter()
                .map(|a| a.id)
                .collect();
            for id in ids.iter().skip(1).step_by(3) {
                s.set_item_state(admin, &[*id], Some(true), None).unwrap();
            }
        });
    }
}

/// What the reader's unread lists show (their filters applied): in the category and in all.
fn listed_unread(site: &Site, user: i64, cat: i64) -> (i64, i64) {
    with_store(site, |s| {
        let filters = s.filters(user).unwrap();
        let n = |category: Option<i64>| {
            let l = kurzgefasst::store::ReadingList {
                scope: Scope {
                    category,
                    ..Scope::default()
                },
                unread_only: true,
                limit: 100_000,
                ..Default::default()
            };
            s.reading_list(user, &l, &filters).unwrap().len() as i64
        };
        (n(Some(cat)), n(None))
    })
}

/// The longest word of article `id`'s title.
fn title_word(site: &Site, id: i64) -> String {
    let title = with_store(site, |s| s.article(id).unwrap().unwrap().title);
    title
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .max_by_key(|w| w.chars().count())
        .unwrap()
        .to_string()
}

/// Adds a rule for the reader by another connection; its id.
fn add_rule(
    site: &Site,
    user: i64,
    action: kurzgefasst::store::RuleAction,
    field: kurzgefasst::store::RuleField,
    word: &str,
    source: Option<i64>,
) -> i64 {
    with_store(site, |s| {
        let rule = kurzgefasst::store::Rule::new(action, field, word, source).unwrap();
        s.add_rule(user, &rule).unwrap()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn muted_articles_leave_the_counts_and_a_keep_rule_brings_them_back() {
    use kurzgefasst::store::{RuleAction, RuleField};
    let site = Site::start();
    let (admin, cat) = setup(&site);
    let mut a = login(&site).await;
    let page = a.get("/?ungelesen=1").await;
    let all = nav_counts(&page.body, cat);
    assert_eq!(
        all,
        sql_counts(&site, admin, cat),
        "no rules: every unread article"
    );
    assert_eq!(all, listed_unread(&site, admin, cat));

    // A word of the title of one of the category's articles, muted in titles: the article
    // leaves the counts, which stay those of the lists.
    let x = article_ids(&a.get("/quellen/1").await.body)[0];
    let word = title_word(&site, x);
    let mute = add_rule(
        &site,
        admin,
        RuleAction::Mute,
        RuleField::Title,
        &word,
        None,
    );
    let page = a.get("/?ungelesen=1").await;
    assert!(!article_ids(&page.body).contains(&x), "{word:?} hides {x}");
    let muted = nav_counts(&page.body, cat);
    assert!(muted.0 < all.0 && muted.1 < all.1, "{muted:?} of {all:?}");
    assert_eq!(
        muted,
        listed_unread(&site, admin, cat),
        "the counts match the lists"
    );

    // The Reader API's unread-count leaves it out too.
    let token = kurzgefasst::auth::new_token().unwrap();
    let hash = kurzgefasst::auth::token_hash(&token);
    with_store(&site, |s| {
        s.create_api_token(admin, "test", &hash, kurzgefasst::store_now())
            .unwrap()
    });
    let doc = Client::new(&site.base())
        .get_with(
            "/reader/api/0/unread-count?output=json",
            &[("Authorization", &format!("GoogleLogin auth={token}"))],
        )
        .await
        .json();
    assert_eq!(doc["max"].as_i64(), Some(muted.1), "{doc}");

    // A keep rule on the same word brings it back.
    add_rule(
        &site,
        admin,
        RuleAction::Keep,
        RuleField::Title,
        &word,
        None,
    );
    let page = a.get("/?ungelesen=1").await;
    assert!(article_ids(&page.body).contains(&x));
    assert_eq!(nav_counts(&page.body, cat), all);

    // Without both rules, muting the word anywhere (title or text) and a whole source (2, not
    // in the category): the category keeps only what the word leaves, the total loses source
    // 2's articles.
    with_store(&site, |s| {
        for r in s.filters(admin).unwrap().rules {
            assert!(s.remove_rule(admin, r.id).unwrap());
        }
    });
    let _ = mute;
    add_rule(
        &site,
        admin,
        RuleAction::Mute,
        RuleField::Anywhere,
        &word,
        None,
    );
    add_rule(
        &site,
        admin,
        RuleAction::Mute,
        RuleField::Source,
        "",
        Some(2),
    );
    let page = a.get("/?ungelesen=1").await;
    let counts = nav_counts(&page.body, cat);
    assert_eq!(counts, listed_unread(&site, admin, cat));
    assert!(counts.0 < all.0, "{counts:?} of {all:?}");
    assert_eq!(counts.0, counts.1, "source 2's articles are muted");

    // Reading an article changes the counts in place, still without the muted ones.
    let y = article_ids(&page.body)[0];
    let opened = a.get(&format!("/artikel/{y}")).await;
    assert_eq!(opened.status, 200);
    let after = nav_counts(&opened.body, cat);
    assert_eq!(after, listed_unread(&site, admin, cat));
    assert!(after.1 < counts.1);
}
