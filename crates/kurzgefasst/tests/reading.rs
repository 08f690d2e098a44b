//! Reading every day (issue 19), over HTTP against the real binary: per-reader read and saved
//! state in the pages, the JSON API and the Google Reader API (one table, so each sees what the
//! others wrote), "mark all read" bounded by the page's moment, the "new since your last visit"
//! divider, cluster reading, and mute/keep filters. Two readers side by side: the admin and a
//! second reader made through the store. Every state-changing form is tried without and with a
//! wrong CSRF token, and with the other reader's ids. Runs on SQLite, and on PostgreSQL with
//! `KURZGEFASST_TEST_DB=postgres` (scripts/test).

mod common;
mod web_common;

use common::{db, kg, run_ok, FixtureServer};
use kurzgefasst::store::{DbUrl, Store};
use serde_json::Value;
use web_common::{article_ids, Client, Site, ADMIN_PASSWORD};

const OTHER: &str = "leserin";
const OTHER_PASSWORD: &str = "Zweites-Passwort-für-Tests";

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

/// Adds the second reader through the store, following every source as the admin does;
/// their user id.
fn add_other_reader(site: &Site) -> i64 {
    with_store(site, |s| {
        let id = kurzgefasst::auth::set_password(s, OTHER, OTHER_PASSWORD).unwrap();
        for src in s.list_sources().unwrap() {
            s.subscribe(id, src.id, None, None).unwrap();
        }
        id
    })
}

/// The user id of `name`.
fn user_id(site: &Site, name: &str) -> i64 {
    with_store(site, |s| s.user_by_name(name).unwrap().unwrap().id)
}

/// An API token for `user` made through the store.
fn token_for(site: &Site, user: i64, name: &str) -> String {
    let token = kurzgefasst::auth::new_token().unwrap();
    let hash = kurzgefasst::auth::token_hash(&token);
    with_store(site, |s| {
        s.create_api_token(user, name, &hash, kurzgefasst::store_now())
            .unwrap()
    });
    token
}

/// The rules of `user`.
fn rules_of(site: &Site, user: i64) -> Vec<kurzgefasst::store::Rule> {
    with_store(site, |s| s.filters(user).unwrap().rules)
}

async fn login_as(site: &Site, name: &str, password: &str) -> Client {
    let mut c = Client::new(&site.base());
    let page = c.get("/anmelden").await;
    let csrf = page.csrf();
    let r = c
        .post(
            "/anmelden",
            &[
                ("name", name),
                ("passwort", password),
                ("csrf", &csrf),
                ("weiter", "/"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "login {name}: {}", r.body);
    c
}

/// The class attribute of the list entry of article `id` on a page.
fn entry_class(html: &str, id: i64) -> Option<String> {
    let marker = format!("data-id=\"{id}\" data-original=");
    let at = html.find(&marker)?;
    let before = &html[..at];
    let start = before.rfind("<article class=\"")? + "<article class=\"".len();
    Some(before[start..].split('"').next()?.to_string())
}

/// The value of hidden field `name` in the form whose button has id `button`.
fn form_field(html: &str, button: &str, name: &str) -> String {
    let at = html
        .find(&format!("id=\"{button}\""))
        .unwrap_or_else(|| panic!("no #{button}"));
    let form = &html[html[..at].rfind("<form").unwrap()..at];
    let key = format!("name=\"{name}\" value=\"");
    let i = form
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {form}"));
    form[i + key.len()..].split('"').next().unwrap().to_string()
}

fn reader_ids(doc: &Value) -> Vec<i64> {
    doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let long = i["id"].as_str().unwrap();
            i64::from_str_radix(long.rsplit('/').next().unwrap(), 16).unwrap()
        })
        .collect()
}

fn api_ids(doc: &Value) -> Vec<i64> {
    doc["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_readers_read_and_save_through_pages_json_api_and_reader_api() {
    let site = Site::start();
    let other_id = add_other_reader(&site);
    let admin_id = user_id(&site, "admin");
    let mut a = login_as(&site, "admin", ADMIN_PASSWORD).await;
    let mut b = login_as(&site, OTHER, OTHER_PASSWORD).await;

    let start = a.get("/").await;
    assert_eq!(start.status, 200);
    let ids = article_ids(&start.body);
    assert!(ids.len() >= 3, "fixture articles listed: {ids:?}");
    for id in &ids {
        assert!(
            entry_class(&start.body, *id).unwrap().contains("unread"),
            "everything starts unread"
        );
    }
    assert!(start
        .body
        .contains(&format!("id=\"ungelesen-gesamt\">{}<", ids.len())));
    let (x, y, z) = (ids[0], ids[1], ids[2]);

    // Marking read with a plain form: redirect back, state on the page, only for this reader.
    let csrf = start.csrf();
    let r = a
        .post(
            &format!("/artikel/{x}/gelesen"),
            &[("csrf", &csrf), ("wert", "1"), ("weiter", "/")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), Some("/"));
    let page = a.get("/").await;
    assert!(entry_class(&page.body, x).unwrap().contains("read"));
    assert!(!entry_class(&page.body, x).unwrap().contains("unread"));
    let unread = a.get("/?ungelesen=1").await;
    assert!(!article_ids(&unread.body).contains(&x), "read one left out");
    assert!(article_ids(&unread.body).contains(&y));
    let theirs = b.get("/?ungelesen=1").await;
    assert!(
        article_ids(&theirs.body).contains(&x),
        "the other reader still has it unread"
    );

    // Without or with a wrong CSRF token nothing changes.
    for bad in ["", "falsch"] {
        let r = a
            .post(
                &format!("/artikel/{y}/gelesen"),
                &[("csrf", bad), ("wert", "1")],
            )
            .await;
        assert_eq!(r.status, 403);
        let r = a
            .post(
                &format!("/artikel/{y}/merken"),
                &[("csrf", bad), ("wert", "1")],
            )
            .await;
        assert_eq!(r.status, 403);
    }
    // The other reader's CSRF token in this reader's session is refused too.
    let theirs_csrf = theirs.csrf();
    let r = a
        .post(
            &format!("/artikel/{y}/gelesen"),
            &[("csrf", &theirs_csrf), ("wert", "1")],
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(entry_class(&a.get("/").await.body, y)
        .unwrap()
        .contains("unread"));
    // Without a session: 403, not a change.
    let mut anon = Client::new(&site.base());
    let r = anon
        .post(&format!("/artikel/{y}/gelesen"), &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status, 403);

    // The fetch() path: JSON back, no redirect.
    let r = a
        .post_with(
            &format!("/artikel/{y}/merken"),
            &[("csrf", &csrf), ("wert", "1")],
            &[("accept", "application/json")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["saved"], true);
    assert_eq!(r.json()["read"], false);
    let saved = a.get("/gemerkt").await;
    assert_eq!(article_ids(&saved.body), vec![y]);
    assert!(article_ids(&b.get("/gemerkt").await.body).is_empty());
    assert_eq!(anon.get("/gemerkt").await.status, 303, "login needed");

    // Opening the article page marks it read (for this reader only).
    let opened = a.get(&format!("/artikel/{z}")).await;
    assert_eq!(opened.status, 200);
    assert!(
        opened.body.contains("aria-pressed=\"true\""),
        "shown as read"
    );
    assert!(!article_ids(&a.get("/?ungelesen=1").await.body).contains(&z));
    assert!(article_ids(&b.get("/?ungelesen=1").await.body).contains(&z));

    // One source of truth: the Google Reader API sees the page's state and writes it back.
    let ta = token_for(&site, admin_id, "reader-a");
    let tb = token_for(&site, other_id, "reader-b");
    let mut ra = Client::new(&site.base());
    let auth_a = format!("GoogleLogin auth={ta}");
    let auth_b = format!("GoogleLogin auth={tb}");
    let starred = ra
        .get_with(
            "/reader/api/0/stream/contents/user/-/state/com.google/starred?output=json",
            &[("authorization", &auth_a)],
        )
        .await
        .json();
    assert_eq!(reader_ids(&starred), vec![y]);
    let read_stream = ra
        .get_with(
            "/reader/api/0/stream/contents/user/-/state/com.google/read?output=json",
            &[("authorization", &auth_a)],
        )
        .await
        .json();
    let mut read_ids = reader_ids(&read_stream);
    read_ids.sort_unstable();
    let mut want = vec![x, z];
    want.sort_unstable();
    assert_eq!(read_ids, want);
    let wt = ra
        .get_with("/reader/api/0/token", &[("authorization", &auth_a)])
        .await
        .body
        .trim()
        .to_string();
    let r = ra
        .post_with(
            "/reader/api/0/edit-tag",
            &[
                ("i", &y.to_string()),
                ("a", "user/-/state/com.google/read"),
                ("r", "user/-/state/com.google/starred"),
                ("T", &wt),
            ],
            &[("authorization", &auth_a)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let page = a.get("/").await;
    assert!(!entry_class(&page.body, y).unwrap().contains("unread"));
    assert!(!entry_class(&page.body, y).unwrap().contains("saved"));
    assert!(article_ids(&a.get("/gemerkt").await.body).is_empty());
    // The other reader's edit-tag on the same articles changes only their own state.
    let mut rb = Client::new(&site.base());
    let wtb = rb
        .get_with("/reader/api/0/token", &[("authorization", &auth_b)])
        .await
        .body
        .trim()
        .to_string();
    let r = rb
        .post_with(
            "/reader/api/0/edit-tag",
            &[
                ("i", &x.to_string()),
                ("r", "user/-/state/com.google/read"),
                ("a", "user/-/state/com.google/starred"),
                ("T", &wtb),
            ],
            &[("authorization", &auth_b)],
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(entry_class(&a.get("/").await.body, x)
        .unwrap()
        .contains("read"));
    assert!(!entry_class(&a.get("/").await.body, x)
        .unwrap()
        .contains("saved"));
    assert_eq!(article_ids(&b.get("/gemerkt").await.body), vec![x]);
    // Asking for the items b starred by id with a's token shows a's state, not b's.
    let items = ra
        .get_with(
            &format!("/reader/api/0/stream/items/contents?i={x}&output=json"),
            &[("authorization", &auth_a)],
        )
        .await
        .json();
    let cats = items["items"][0]["categories"].to_string();
    assert!(!cats.contains("starred"), "{cats}");
    assert!(cats.contains("com.google/read"), "{cats}");
    // A's token cannot be used with b's write token.
    let r = ra
        .post_with(
            "/reader/api/0/edit-tag",
            &[
                ("i", &x.to_string()),
                ("a", "user/-/state/com.google/starred"),
                ("T", &wtb),
            ],
            &[("authorization", &auth_a)],
        )
        .await;
    assert_ne!(r.status, 200, "another reader's write token is refused");

    // The JSON API: the viewer's state, its filters, and writes with a token.
    let bearer_a = format!("Bearer {ta}");
    let bearer_b = format!("Bearer {tb}");
    let doc = ra
        .get_with("/api/articles", &[("authorization", &bearer_a)])
        .await
        .json();
    let mine = doc["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == x)
        .unwrap()
        .clone();
    assert_eq!(mine["read"], true);
    assert_eq!(mine["saved"], false);
    let doc = ra
        .get_with("/api/articles?ungelesen=1", &[("authorization", &bearer_b)])
        .await
        .json();
    assert!(api_ids(&doc).contains(&x), "b marked x unread again");
    assert!(!api_ids(&doc).is_empty());
    let anon_doc = anon.get("/api/articles").await.json();
    assert!(anon_doc["articles"][0].get("read").is_none());
    let r = rb
        .post_raw(
            &format!("/api/articles/{z}/state"),
            "application/json",
            br#"{"saved": true}"#.to_vec(),
        )
        .await;
    assert_eq!(r.status, 401, "no token, no write");
    let body = br#"{"saved": true, "read": true}"#.to_vec();
    let r = rb
        .post_json_with(
            &format!("/api/articles/{z}/state"),
            body,
            &[("authorization", &bearer_b)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["saved"], true);
    assert!(article_ids(&b.get("/gemerkt").await.body).contains(&z));
    assert!(!article_ids(&a.get("/gemerkt").await.body).contains(&z));
    // A browser session posting to the JSON API needs its CSRF token in X-CSRF-Token.
    let r = a
        .post_raw(
            &format!("/api/articles/{z}/state"),
            "application/json",
            br#"{"saved": true}"#.to_vec(),
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(!article_ids(&a.get("/gemerkt").await.body).contains(&z));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mark_all_is_bounded_by_the_moment_the_page_was_rendered() {
    let site = Site::start();
    add_other_reader(&site);
    let mut a = login_as(&site, "admin", ADMIN_PASSWORD).await;
    let mut b = login_as(&site, OTHER, OTHER_PASSWORD).await;
    let page = a.get("/").await;
    let shown = article_ids(&page.body);
    let bis_id = form_field(&page.body, "alle-gelesen", "bis_id");
    let csrf = page.csrf();

    // Articles arrive after the page was rendered.
    let more = FixtureServer::start_on("127.0.0.2");
    let db = site.dir.path().join("kg.db");
    run_ok(kg(&db).args(["sources", "add", &more.url("feeds/agentur-b.rss")]));
    run_ok(kg(&db).arg("fetch"));
    let now = a.get("/").await;
    let all_now = article_ids(&now.body);
    let arrived: Vec<i64> = all_now
        .iter()
        .copied()
        .filter(|i| !shown.contains(i))
        .collect();
    assert!(!arrived.is_empty(), "new articles arrived: {all_now:?}");

    // CSRF first.
    let r = a
        .post("/gelesen", &[("csrf", "falsch"), ("bis_id", &bis_id)])
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        article_ids(&a.get("/?ungelesen=1").await.body).len(),
        all_now.len()
    );

    let r = a
        .post(
            "/gelesen",
            &[("csrf", &csrf), ("bis_id", &bis_id), ("weiter", "/")],
        )
        .await;
    assert_eq!(r.status, 303);
    let unread = article_ids(&a.get("/?ungelesen=1").await.body);
    let mut want = arrived.clone();
    want.sort_unstable();
    let mut got = unread.clone();
    got.sort_unstable();
    assert_eq!(got, want, "only what arrived after the page stays unread");
    // (The new source was added for the admin only: the other reader sees what they follow.)
    let b_all = article_ids(&b.get("/").await.body);
    assert!(!b_all.is_empty());
    assert_eq!(
        article_ids(&b.get("/?ungelesen=1").await.body).len(),
        b_all.len(),
        "the other reader's state is untouched"
    );

    // A source's mark-all covers only that source (up to its page's moment).
    let src_page = b.get("/quellen/1").await;
    assert_eq!(src_page.status, 200);
    let src_ids = article_ids(&src_page.body);
    assert!(!src_ids.is_empty());
    let r = b
        .post_with(
            "/gelesen",
            &[
                ("csrf", &src_page.csrf()),
                (
                    "bis_id",
                    &form_field(&src_page.body, "alle-gelesen", "bis_id"),
                ),
                (
                    "quelle",
                    &form_field(&src_page.body, "alle-gelesen", "quelle"),
                ),
            ],
            &[("accept", "application/json")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["marked"].as_u64().unwrap() as usize, src_ids.len());
    let left = article_ids(&b.get("/?ungelesen=1").await.body);
    assert!(left.iter().all(|i| !src_ids.contains(i)));
    assert_eq!(left.len(), b_all.len() - src_ids.len());

    // A page's mark-all covers only its ids.
    let unread_page = b.get("/?ungelesen=1").await;
    let page_ids = form_field(&unread_page.body, "seite-gelesen", "ids");
    let first: Vec<&str> = page_ids.split(',').take(1).collect();
    let r = b
        .post(
            "/gelesen",
            &[
                ("csrf", &unread_page.csrf()),
                (
                    "bis_id",
                    &form_field(&unread_page.body, "seite-gelesen", "bis_id"),
                ),
                ("ids", &first.join(",")),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        article_ids(&b.get("/?ungelesen=1").await.body).len(),
        left.len() - 1
    );

    // The navigation's counts (tallied in memory) agree with counting in SQL, for both readers.
    let b_id = user_id(&site, OTHER);
    let a_id = user_id(&site, "admin");
    with_store(&site, |s| {
        let counter = kurzgefasst::store::UnreadCounter::default();
        for u in [a_id, b_id] {
            let sum = counter.summary(s, u).unwrap();
            // Counted in SQL over the sources the reader follows.
            let followed: Vec<i64> = s
                .subscriptions(u, None)
                .unwrap()
                .iter()
                .map(|sub| sub.source.id)
                .collect();
            let sql: Vec<(i64, i64)> = s
                .unread_counts(u)
                .unwrap()
                .into_iter()
                .filter(|c| c.count > 0 && followed.contains(&c.source_id))
                .map(|c| (c.source_id, c.count))
                .collect();
            let per: Vec<(i64, i64)> = sum.per_source.iter().map(|(s, u)| (*s, u.count)).collect();
            assert_eq!(per, sql, "reader {u}");
            assert_eq!(sum.total.count, s.unread_subscribed(u, None).unwrap().0);
        }
        // A write changes the reader's version: the next summary counts it, without being told
        // (the admin still has unread articles: those that arrived after the page).
        let before = counter.summary(s, a_id).unwrap().total.count;
        let one = s
            .reading_list(
                a_id,
                &kurzgefasst::store::ReadingList {
                    unread_only: true,
                    limit: 1,
                    ..Default::default()
                },
                &Default::default(),
            )
            .unwrap();
        s.set_item_state(a_id, &[one[0].article.id], Some(true), None)
            .unwrap();
        assert_eq!(counter.summary(s, a_id).unwrap().total.count, before - 1);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_since_last_visit_divider_and_cluster_reading() {
    let site = Site::start();
    let mut a = login_as(&site, "admin", ADMIN_PASSWORD).await;
    let first = a.get("/").await;
    assert!(
        !first.body.contains("id=\"neu-seit\""),
        "first visit: nothing is new"
    );
    let before = article_ids(&first.body);

    // Two agency copies of one story arrive; the reader comes back an hour later.
    let one = FixtureServer::start_on("127.0.0.2");
    let two = FixtureServer::start_on("127.0.0.3");
    let db = site.dir.path().join("kg.db");
    run_ok(kg(&db).args(["sources", "add", &one.url("feeds/agentur-a.rss")]));
    run_ok(kg(&db).args(["sources", "add", &two.url("feeds/agentur-b.rss")]));
    run_ok(kg(&db).arg("fetch"));
    db::exec(&db, "UPDATE reader_settings SET visit_at = visit_at - 3600");
    let back = a.get("/").await;
    assert!(back.body.contains("id=\"neu-seit\""), "divider shown");
    let divider_at = back.body.find("id=\"neu-seit\"").unwrap();
    let ids = article_ids(&back.body);
    let mut above = 0;
    for id in &ids {
        let at = back.body.find(&format!("data-id=\"{id}\"")).unwrap();
        let class = entry_class(&back.body, *id).unwrap();
        assert_eq!(class.contains("new"), !before.contains(id), "{id}: {class}");
        if at < divider_at {
            assert!(class.contains("new"), "only new ones above the divider");
            above += 1;
        }
    }
    assert!(above > 0);
    // Within the same visit the divider stays where it was.
    assert!(a.get("/").await.body.contains("id=\"neu-seit\""));

    // Cluster reading (on by default): opening one copy marks the other read.
    let cluster: Vec<Vec<Option<String>>> = db::rows(
        &db,
        "SELECT id, cluster_id FROM articles WHERE title LIKE '%Wärmepumpen%' ORDER BY id",
    );
    assert_eq!(cluster.len(), 2, "{cluster:?}");
    assert_eq!(cluster[0][1], cluster[1][1], "one story cluster");
    let (p, q): (i64, i64) = (
        cluster[0][0].as_ref().unwrap().parse().unwrap(),
        cluster[1][0].as_ref().unwrap().parse().unwrap(),
    );
    a.get(&format!("/artikel/{p}")).await;
    let unread = article_ids(&a.get("/?ungelesen=1").await.body);
    assert!(!unread.contains(&p) && !unread.contains(&q), "both read");
    // An unrelated article stays unread.
    assert!(!unread.is_empty());

    // Off: opening one leaves the other unread. The setting's form checks CSRF.
    let page = a.get("/filter").await;
    let csrf = page.csrf();
    let r = a.post("/filter/cluster", &[("csrf", "falsch")]).await;
    assert_eq!(r.status, 403);
    let r = a.post("/filter/cluster", &[("csrf", &csrf)]).await;
    assert_eq!(r.status, 303);
    assert!(!a
        .get("/filter")
        .await
        .body
        .contains("id=\"cluster-lesen\" checked"));
    for id in [p, q] {
        a.post(
            &format!("/artikel/{id}/gelesen"),
            &[("csrf", &csrf), ("wert", "0")],
        )
        .await;
    }
    a.get(&format!("/artikel/{q}")).await;
    let unread = article_ids(&a.get("/?ungelesen=1").await.body);
    assert!(unread.contains(&p) && !unread.contains(&q));

    // "Auch berichtet von" names the other copy, on the page and in the JSON API, until the
    // reader mutes the source that carried it: then it is gone from both (muted is hidden
    // everywhere), and the article itself stays.
    let q_link = format!("/artikel/{q}\"");
    assert!(a.get(&format!("/artikel/{p}")).await.body.contains(&q_link));
    let q_source: String = db::rows(
        &db,
        &format!("SELECT source_id FROM entries WHERE article_id = {q}"),
    )[0][0]
        .clone()
        .unwrap();
    let r = a
        .post(
            "/filter/neu",
            &[
                ("csrf", &csrf),
                ("aktion", "mute"),
                ("feld", "source"),
                ("quelle", &q_source),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = a.get(&format!("/artikel/{p}")).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains(&q_link), "the muted copy is not named");
    let api = a.get(&format!("/api/articles/{p}")).await;
    let doc: Value = serde_json::from_str(&api.body).unwrap();
    let also: Vec<i64> = doc["also_reported_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    assert!(!also.contains(&q), "{also:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mute_and_keep_rules_hide_per_reader_everywhere_and_nothing_else() {
    let site = Site::start();
    let other_id = add_other_reader(&site);
    let admin_id = user_id(&site, "admin");
    let mut a = login_as(&site, "admin", ADMIN_PASSWORD).await;
    let mut b = login_as(&site, OTHER, OTHER_PASSWORD).await;
    let all = article_ids(&a.get("/").await.body);
    let html = a.get("/").await.body;
    let markt = *all
        .iter()
        .find(|id| {
            let at = html.find(&format!("/artikel/{id}\">")).unwrap();
            html[at..at + 200].contains("Weihnachtsmarkt")
        })
        .expect("the fixture's Weihnachtsmarkt article");

    let page = a.get("/filter").await;
    let csrf = page.csrf();
    // CSRF on the rule forms.
    let r = a
        .post(
            "/filter/neu",
            &[
                ("csrf", "falsch"),
                ("aktion", "mute"),
                ("feld", "title"),
                ("muster", "Weihnachtsmärkte"),
            ],
        )
        .await;
    assert_eq!(r.status, 403);
    // An empty word is refused with a message, nothing stored.
    let r = a
        .post(
            "/filter/neu",
            &[
                ("csrf", &csrf),
                ("aktion", "mute"),
                ("feld", "title"),
                ("muster", " – "),
            ],
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("braucht ein Wort"), "{}", r.body);
    // A similar but different word hides nothing ("Städte" is "Stadt", not the title's
    // "Stadtrat" or "Musterstadt").
    let r = a
        .post(
            "/filter/neu",
            &[
                ("csrf", &csrf),
                ("aktion", "mute"),
                ("feld", "title"),
                ("muster", "Städte"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    // The plural with its umlaut mutes the singular title word.
    let r = a
        .post(
            "/filter/neu",
            &[
                ("csrf", &csrf),
                ("aktion", "mute"),
                ("feld", "title"),
                ("muster", "Weihnachtsmärkte"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let shown = article_ids(&a.get("/").await.body);
    assert!(!shown.contains(&markt), "muted for the reader");
    assert_eq!(shown.len(), all.len() - 1, "nothing else hidden");
    assert!(
        article_ids(&b.get("/").await.body).contains(&markt),
        "the other reader still sees it"
    );
    assert_eq!(
        a.get(&format!("/artikel/{markt}")).await.status,
        200,
        "not deleted"
    );
    let filters = a.get("/filter").await.body;
    let counts: Vec<&str> = filters
        .split("class=\"hidden-count\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap())
        .collect();
    assert_eq!(
        counts,
        vec!["0", "1"],
        "hidden in the last 7 days, per rule"
    );

    // Everywhere: JSON API, Atom feed, Reader API streams (with the reader's token).
    let ta = token_for(&site, admin_id, "a");
    let tb = token_for(&site, other_id, "b");
    let mut c = Client::new(&site.base());
    let api = c
        .get_with(
            "/api/articles",
            &[("authorization", &format!("Bearer {ta}"))],
        )
        .await
        .json();
    assert!(!api_ids(&api).contains(&markt));
    assert_eq!(api_ids(&api).len(), all.len() - 1);
    let api_b = c
        .get_with(
            "/api/articles",
            &[("authorization", &format!("Bearer {tb}"))],
        )
        .await
        .json();
    assert!(api_ids(&api_b).contains(&markt));
    let feed = c.get(&format!("/feed.atom?token={ta}")).await.body;
    assert!(!feed.contains("Weihnachtsmarkt"));
    let found = c
        .get(&format!("/suche/feed.atom?q=Weihnachtsmarkt&token={ta}"))
        .await
        .body;
    assert!(!found.contains("<entry>"), "search feed filtered too");
    assert!(c
        .get(&format!("/suche/feed.atom?q=Weihnachtsmarkt&token={tb}"))
        .await
        .body
        .contains("<entry>"));
    assert!(feed.contains("Bibliothek"));
    assert!(c
        .get(&format!("/feed.atom?token={tb}"))
        .await
        .body
        .contains("Weihnachtsmarkt"));
    // Der Tag, as a page and in the API.
    let day = c.get(&format!("/api/articles/{markt}")).await.json()["published_at"]
        .as_str()
        .unwrap()[..10]
        .to_string();
    let day_a = a.get(&format!("/tag?datum={day}")).await.body;
    let day_b = b.get(&format!("/tag?datum={day}")).await.body;
    assert!(day_b.contains("Weihnachtsmarkt"), "{day}: {day_b}");
    assert!(!day_a.contains("Weihnachtsmarkt"), "Der Tag hides it");
    let api_day = c
        .get_with(
            &format!("/api/tag?datum={day}"),
            &[("authorization", &format!("Bearer {ta}"))],
        )
        .await
        .body;
    assert!(!api_day.contains("Weihnachtsmarkt"));
    assert!(c
        .get_with(
            &format!("/api/tag?datum={day}"),
            &[("authorization", &format!("Bearer {tb}"))],
        )
        .await
        .body
        .contains("Weihnachtsmarkt"));
    let stream = c
        .get_with(
            "/reader/api/0/stream/contents/user/-/state/com.google/reading-list?output=json&n=50",
            &[("authorization", &format!("GoogleLogin auth={ta}"))],
        )
        .await
        .json();
    assert!(!reader_ids(&stream).contains(&markt));
    assert_eq!(reader_ids(&stream).len(), all.len() - 1);

    // A keep rule overrides the mute rule.
    let r = a
        .post(
            "/filter/neu",
            &[
                ("csrf", &csrf),
                ("aktion", "keep"),
                ("feld", "anywhere"),
                ("muster", "Bilanz"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(article_ids(&a.get("/").await.body).contains(&markt));

    // A source rule hides that source's articles; the other reader cannot remove the rules.
    let r = a
        .post(
            "/filter/neu",
            &[
                ("csrf", &csrf),
                ("aktion", "mute"),
                ("feld", "source"),
                ("quelle", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let via_two: Vec<Vec<Option<String>>> = db::rows(
        &site.dir.path().join("kg.db"),
        "SELECT DISTINCT article_id FROM entries WHERE source_id = 2",
    );
    let shown = article_ids(&a.get("/").await.body);
    for r in &via_two {
        let id: i64 = r[0].as_ref().unwrap().parse().unwrap();
        assert!(!shown.contains(&id), "source muted");
    }
    let rules = rules_of(&site, admin_id);
    assert_eq!(rules.len(), 4);
    let b_csrf = b.get("/filter").await.csrf();
    for rule in &rules {
        let r = b
            .post(
                &format!("/filter/{}/entfernen", rule.id),
                &[("csrf", &b_csrf)],
            )
            .await;
        assert_eq!(r.status, 404, "not the other reader's rule");
    }
    assert!(!b.get("/filter").await.body.contains("Weihnachtsmärkte"));
    assert_eq!(rules_of(&site, admin_id).len(), 4);
    // The owner removes one (CSRF checked).
    let id = rules[3].id;
    let r = a
        .post(&format!("/filter/{id}/entfernen"), &[("csrf", "falsch")])
        .await;
    assert_eq!(r.status, 403);
    let r = a
        .post(&format!("/filter/{id}/entfernen"), &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(article_ids(&a.get("/").await.body).len(), all.len());

    // A word only in an article's text, muted "anywhere", hides it (lists read no text: the
    // filters read it for articles they have not seen).
    let r = a
        .post(
            "/filter/neu",
            &[
                ("csrf", &csrf),
                ("aktion", "mute"),
                ("feld", "anywhere"),
                ("muster", "Kulturausschuss"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = a.get("/").await.body;
    assert!(!page.contains("Bibliothek verlängert"), "muted by its text");
    assert_eq!(article_ids(&page).len(), all.len() - 1);
}

/// The article ids a source carries.
fn articles_of_source(site: &Site, source: i64) -> Vec<i64> {
    let rows: Vec<Vec<Option<String>>> = db::rows(
        &site.dir.path().join("kg.db"),
        &format!("SELECT DISTINCT article_id FROM entries WHERE source_id = {source}"),
    );
    rows.iter()
        .map(|r| r[0].as_ref().unwrap().parse().unwrap())
        .collect()
}

/// A mute rule on one of the reader's categories hides every article of the sources the reader
/// has in that category, for that reader only; other categories stay, a keep rule overrides
/// it, the filter page counts what it hid, another reader's category is refused, and deleting
/// the category removes its rules.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_category_mute_rule_hides_the_categorys_sources_for_its_reader_only() {
    let site = Site::start();
    let other_id = add_other_reader(&site);
    let admin_id = user_id(&site, "admin");
    // The admin files source 2 (wissen.atom) under "Wissen", source 1 under "Lokales"; the
    // other reader has a category of their own with source 2 in it.
    let (wissen, lokales, fremd) = with_store(&site, |s| {
        let w = s.ensure_category(admin_id, "Wissen").unwrap();
        let l = s.ensure_category(admin_id, "Lokales").unwrap();
        let f = s.ensure_category(other_id, "Fremd").unwrap();
        let put = |user: i64, src: i64, cat: i64| {
            let change = kurzgefasst::store::SubscriptionChange {
                category: Some(Some(cat)),
                title: None,
            };
            assert!(s.update_subscription(user, src, &change).unwrap());
        };
        put(admin_id, 2, w.id);
        put(admin_id, 1, l.id);
        put(other_id, 2, f.id);
        (w, l, f)
    });
    let via_two = articles_of_source(&site, 2);
    let via_one = articles_of_source(&site, 1);
    assert!(!via_two.is_empty() && !via_one.is_empty());
    let mut a = login_as(&site, "admin", ADMIN_PASSWORD).await;
    let mut b = login_as(&site, OTHER, OTHER_PASSWORD).await;
    let all = article_ids(&a.get("/").await.body);

    // The form offers the reader's own categories, not another reader's.
    let page = a.get("/filter").await;
    assert!(page
        .body
        .contains("<option value=\"category\">Kategorie</option>"));
    assert!(page
        .body
        .contains(&format!("<option value=\"{}\">Wissen</option>", wissen.id)));
    assert!(!page.body.contains("Fremd"));
    let csrf = page.csrf();
    // Another reader's category, no category, and a wrong CSRF token are refused; nothing is
    // stored.
    let fremd_id = fremd.id.to_string();
    let wissen_id = wissen.id.to_string();
    let form = |csrf: &str, cat: &str| -> Vec<(String, String)> {
        vec![
            ("csrf".into(), csrf.into()),
            ("aktion".into(), "mute".into()),
            ("feld".into(), "category".into()),
            ("kategorie".into(), cat.into()),
        ]
    };
    for (token, cat, status) in [
        (csrf.as_str(), fremd_id.as_str(), 400),
        (csrf.as_str(), "", 400),
        ("falsch", wissen_id.as_str(), 403),
    ] {
        let f = form(token, cat);
        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = a.post("/filter/neu", &f).await;
        assert_eq!(r.status, status, "category {cat:?}: {}", r.body);
        if cat == fremd_id {
            assert!(
                r.body.contains("Diese Kategorie gibt es nicht."),
                "{}",
                r.body
            );
        }
    }
    assert!(rules_of(&site, admin_id).is_empty());
    // The store refuses a foreign category too, whoever asks.
    with_store(&site, |s| {
        let r = kurzgefasst::store::Rule::category(kurzgefasst::store::RuleAction::Mute, fremd.id);
        assert!(s.add_rule(admin_id, &r).is_err());
    });

    let f = form(&csrf, &wissen_id);
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = a.post("/filter/neu", &f).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let shown = article_ids(&a.get("/").await.body);
    for id in &via_two {
        assert!(
            !shown.contains(id),
            "article {id} of the muted category shown"
        );
    }
    let expected: Vec<i64> = all
        .iter()
        .copied()
        .filter(|id| !via_two.contains(id))
        .collect();
    assert_eq!(shown, expected, "the other category stays");
    assert!(
        via_one.iter().any(|id| shown.contains(id)),
        "articles of Lokales are shown"
    );
    // The category's own page is empty for the reader now; the other category's is not.
    let page = a.get("/kategorie/wissen").await.body;
    assert!(article_ids(&page).is_empty(), "{page}");
    assert!(!article_ids(&a.get(&format!("/kategorie/{}", lokales.slug)).await.body).is_empty());
    // The other reader, whose own category holds the same source, sees everything.
    assert_eq!(article_ids(&b.get("/").await.body), all);
    // And through the API, with each reader's token.
    let ta = token_for(&site, admin_id, "a");
    let tb = token_for(&site, other_id, "b");
    let mut c = Client::new(&site.base());
    let api = c
        .get_with(
            "/api/articles",
            &[("authorization", &format!("Bearer {ta}"))],
        )
        .await
        .json();
    assert_eq!(api_ids(&api), expected);
    let api = c
        .get_with(
            "/api/articles",
            &[("authorization", &format!("Bearer {tb}"))],
        )
        .await
        .json();
    assert_eq!(api_ids(&api), all);

    // The filter page names the category and counts what the rule hid in the last 7 days.
    let filters = a.get("/filter").await.body;
    assert!(
        filters.contains(&format!(
            "<td>Kategorie</td><td class=\"pattern\">Wissen</td><td class=\"hidden-count\">{}</td>",
            via_two.len()
        )),
        "{filters}"
    );

    // A keep rule on a word of one of the category's titles brings that article back.
    let kept = *via_two.first().unwrap();
    let title = c.get(&format!("/api/articles/{kept}")).await.json()["titel"]
        .as_str()
        .unwrap()
        .to_string();
    let word = title
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|w| w.chars().count() >= 6)
        .max_by_key(|w| w.chars().count())
        .unwrap()
        .to_string();
    let r = a
        .post(
            "/filter/neu",
            &[
                ("csrf", &csrf),
                ("aktion", "keep"),
                ("feld", "title"),
                ("muster", &word),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let shown = article_ids(&a.get("/").await.body);
    assert!(shown.contains(&kept), "kept by {word:?}");
    assert!(
        shown.len() < all.len(),
        "the rest of the category stays muted"
    );

    // Deleting the category removes its rule (and with it the muting).
    with_store(&site, |s| {
        assert!(s.delete_category(admin_id, wissen.id).unwrap())
    });
    let rules = rules_of(&site, admin_id);
    assert_eq!(rules.len(), 1, "only the keep rule is left");
    assert_eq!(rules[0].field, kurzgefasst::store::RuleField::Title);
    assert_eq!(article_ids(&a.get("/").await.body), all);
}

/// Where else a reader's muted article must not show: search (page, JSON API, Atom), a
/// category's page, feed and day, the pages an API token opens (`?token=`), a source's page,
/// and the Reader API's item ids; the other reader finds it in each of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn muted_articles_are_hidden_in_search_categories_and_token_views() {
    let site = Site::start();
    let other_id = add_other_reader(&site);
    let admin_id = user_id(&site, "admin");
    // Both readers file both sources under a category "Alles" of their own.
    with_store(&site, |s| {
        for u in [admin_id, other_id] {
            let c = s.ensure_category(u, "Alles").unwrap();
            for src in [1, 2] {
                let change = kurzgefasst::store::SubscriptionChange {
                    category: Some(Some(c.id)),
                    title: None,
                };
                assert!(s.update_subscription(u, src, &change).unwrap());
            }
        }
    });
    let mut a = login_as(&site, "admin", ADMIN_PASSWORD).await;
    let mut b = login_as(&site, OTHER, OTHER_PASSWORD).await;
    let html = a.get("/").await.body;
    let markt = *article_ids(&html)
        .iter()
        .find(|id| {
            let at = html.find(&format!("/artikel/{id}\">")).unwrap();
            html[at..at + 200].contains("Weihnachtsmarkt")
        })
        .expect("the fixture's Weihnachtsmarkt article");
    let source: i64 = db::rows(
        &site.dir.path().join("kg.db"),
        &format!("SELECT source_id FROM entries WHERE article_id = {markt}"),
    )[0][0]
        .as_ref()
        .unwrap()
        .parse()
        .unwrap();
    let csrf = a.get("/filter").await.csrf();
    let r = a
        .post(
            "/filter/neu",
            &[
                ("csrf", &csrf),
                ("aktion", "mute"),
                ("feld", "title"),
                ("muster", "Weihnachtsmarkt"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let ta = token_for(&site, admin_id, "a");
    let tb = token_for(&site, other_id, "b");
    let mut c = Client::new(&site.base());
    let day = c.get(&format!("/api/articles/{markt}")).await.json()["published_at"]
        .as_str()
        .unwrap()[..10]
        .to_string();
    let link = format!("/artikel/{markt}\"");

    // Search: the page, the JSON API (token) and the search feed.
    let page = a.get("/suche?q=Weihnachtsmarkt").await.body;
    assert!(!page.contains(&link), "search page");
    assert!(b.get("/suche?q=Weihnachtsmarkt").await.body.contains(&link));
    let api_hits = |doc: Value| -> Vec<i64> {
        doc["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["article"]["id"].as_i64().unwrap())
            .collect()
    };
    let hits = c
        .get_with(
            "/api/search?q=Weihnachtsmarkt",
            &[("authorization", &format!("Bearer {ta}"))],
        )
        .await
        .json();
    assert!(!api_hits(hits).contains(&markt), "JSON API search");
    let hits = c
        .get_with(
            "/api/search?q=Weihnachtsmarkt",
            &[("authorization", &format!("Bearer {tb}"))],
        )
        .await
        .json();
    assert_eq!(api_hits(hits), vec![markt]);
    // An empty search listing a category (the filters alone) leaves it out as well.
    let page = a.get("/suche?kategorie=alles").await.body;
    assert!(!page.contains(&link));
    assert!(b.get("/suche?kategorie=alles").await.body.contains(&link));

    // The category's page, feed and day.
    assert!(!a.get("/kategorie/alles").await.body.contains(&link));
    assert!(b.get("/kategorie/alles").await.body.contains(&link));
    let feed_a = c
        .get(&format!("/kategorie/alles/feed.atom?token={ta}"))
        .await;
    assert_eq!(feed_a.status, 200);
    assert!(!feed_a.body.contains("Weihnachtsmarkt"), "category feed");
    assert!(feed_a.body.contains("<entry>"), "the rest is there");
    assert!(c
        .get(&format!("/kategorie/alles/feed.atom?token={tb}"))
        .await
        .body
        .contains("Weihnachtsmarkt"));
    let day_a = a
        .get(&format!("/kategorie/alles/tag?datum={day}"))
        .await
        .body;
    assert!(!day_a.contains("Weihnachtsmarkt"), "category day: {day_a}");
    assert!(
        day_a.contains("href=\"/kategorie/alles/tag?datum="),
        "the day pager stays in the category"
    );
    assert!(b
        .get(&format!("/kategorie/alles/tag?datum={day}"))
        .await
        .body
        .contains("Weihnachtsmarkt"));

    // The pages an API token opens (feed readers that cannot send headers).
    for path in [
        "/".to_string(),
        format!("/tag?datum={day}"),
        format!("/quellen/{source}"),
        "/kategorie/alles".to_string(),
    ] {
        let sep = if path.contains('?') { '&' } else { '?' };
        let page_a = c.get(&format!("{path}{sep}token={ta}")).await;
        assert_eq!(page_a.status, 200, "{path}");
        assert!(
            !page_a.body.contains(&link),
            "{path} with the reader's token"
        );
        assert!(
            c.get(&format!("{path}{sep}token={tb}"))
                .await
                .body
                .contains(&link),
            "{path} with the other reader's token"
        );
    }

    // The Reader API's item ids.
    let ids = |doc: Value| -> Vec<i64> {
        doc["itemRefs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().parse().unwrap())
            .collect()
    };
    let refs = c
        .get_with(
            "/reader/api/0/stream/items/ids?s=user/-/state/com.google/reading-list&n=100&output=json",
            &[("authorization", &format!("GoogleLogin auth={ta}"))],
        )
        .await
        .json();
    assert!(!ids(refs).contains(&markt));
    let refs = c
        .get_with(
            "/reader/api/0/stream/items/ids?s=user/-/state/com.google/reading-list&n=100&output=json",
            &[("authorization", &format!("GoogleLogin auth={tb}"))],
        )
        .await
        .json();
    assert!(ids(refs).contains(&markt));
}

/// Opening articles: the article page hands its read mark to one writer that writes the opens
/// waiting at the same time in one transaction. Many pages of two readers opened at once: each
/// article is read for the reader who opened it only, each page shows it read, and the
/// navigation's counts are the numbers counting in SQL gives. The batch in the store: each
/// open gets its own reader's versions and ids, a repeated open changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opens_of_several_readers_are_written_together_and_each_gets_its_own_change() {
    let site = Site::start();
    let other_id = add_other_reader(&site);
    let admin_id = user_id(&site, "admin");
    let ids = with_store(&site, |s| {
        // One open per article (no story marks others read) for the checks below.
        s.set_cluster_read(admin_id, false).unwrap();
        s.set_cluster_read(other_id, false).unwrap();
        s.list_subscribed_articles(admin_id, None, 100, None)
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect::<Vec<i64>>()
    });
    assert!(ids.len() >= 4, "fixture articles: {ids:?}");

    // The store's batch: admin opens 0 and 1, the other reader 0, admin 0 again.
    let done = with_store(&site, |s| {
        s.open_articles_tracked(&[
            (admin_id, ids[0]),
            (other_id, ids[0]),
            (admin_id, ids[1]),
            (admin_id, ids[0]),
        ])
    });
    let done: Vec<_> = done.into_iter().map(|d| d.unwrap()).collect();
    assert_eq!(done[0].ids, vec![ids[0]]);
    assert_eq!(done[1].ids, vec![ids[0]]);
    assert_eq!(done[2].ids, vec![ids[1]]);
    assert!(done[3].ids.is_empty(), "already read: {:?}", done[3]);
    assert_eq!(done[0].after, done[0].before + 1);
    assert_eq!(
        done[2].before, done[0].after,
        "the admin's versions follow each other"
    );
    assert_eq!(done[3].before, done[3].after);
    assert_eq!(done[1].after, done[1].before + 1);

    // Pages opened at once by both readers, each page twice: admin the articles 2.., the
    // other reader every second one from 3.
    let mut a = login_as(&site, "admin", ADMIN_PASSWORD).await;
    let mut b = login_as(&site, OTHER, OTHER_PASSWORD).await;
    let mine: Vec<i64> = ids[2..].to_vec();
    let theirs: Vec<i64> = ids[3..].iter().step_by(2).copied().collect();
    let mut tasks = Vec::new();
    for (client, list) in [(&a, &mine), (&b, &theirs)] {
        for id in list.iter().chain(list) {
            let mut c = client.clone();
            let path = format!("/artikel/{id}");
            tasks.push(tokio::spawn(async move { c.get(&path).await }));
        }
    }
    for t in tasks {
        let page = t.await.unwrap();
        assert_eq!(page.status, 200, "{}", page.body);
    }
    let (read_a, read_b) = with_store(&site, |s| {
        let read = |u: i64| -> Vec<i64> {
            let mut v: Vec<i64> = s
                .reader_items_by_id(u, &ids)
                .unwrap()
                .iter()
                .filter(|i| i.read)
                .map(|i| i.id)
                .collect();
            v.sort_unstable();
            v
        };
        (read(admin_id), read(other_id))
    });
    let mut want_a = ids.clone();
    want_a.sort_unstable();
    assert_eq!(read_a, want_a, "the admin read every article they opened");
    let mut want_b: Vec<i64> = std::iter::once(ids[0])
        .chain(theirs.iter().copied())
        .collect();
    want_b.sort_unstable();
    assert_eq!(
        read_b, want_b,
        "the other reader read only what they opened"
    );
    let sql_unread = with_store(&site, |s| {
        (
            s.unread_subscribed(admin_id, None).unwrap().0,
            s.unread_subscribed(other_id, None).unwrap().0,
        )
    });
    let left_b = article_ids(&b.get("/?ungelesen=1").await.body);
    assert!(left_b.contains(&ids[1]) && left_b.contains(&ids[2]));
    let page = a.get("/?ungelesen=1").await;
    assert!(
        page.body
            .contains(&format!("id=\"ungelesen-gesamt\">{}<", sql_unread.0)),
        "admin's navigation counts {} unread",
        sql_unread.0
    );
    let page = b.get("/?ungelesen=1").await;
    assert!(page
        .body
        .contains(&format!("id=\"ungelesen-gesamt\">{}<", sql_unread.1)));
}
