//! The Google Reader API as a mobile reader (ReadYou, FeedMe, Reeder) uses it, following the
//! documented flow of FreshRSS and Miniflux: ClientLogin → token → user-info → subscription list
//! → unread counts → stream contents (with continuation) → edit-tag → state reflected →
//! mark-all-as-read. Against the real binary serving the fixture articles.

mod common;
mod web_common;

use std::collections::HashSet;

use serde_json::Value;
use web_common::{Client, Site, ADMIN_PASSWORD};

const READING_LIST: &str = "user/-/state/com.google/reading-list";
const READ: &str = "user/-/state/com.google/read";
const STARRED: &str = "user/-/state/com.google/starred";
const LONG: &str = "tag:google.com,2005:reader/item/";

struct Reader {
    c: Client,
    auth: String,
}

impl Reader {
    async fn get(&mut self, path: &str) -> web_common::Response {
        let auth = self.auth.clone();
        self.c.get_with(path, &[("authorization", &auth)]).await
    }

    async fn json(&mut self, path: &str) -> Value {
        let r = self.get(path).await;
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        r.json()
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> web_common::Response {
        let auth = self.auth.clone();
        self.c
            .post_with(path, form, &[("authorization", &auth)])
            .await
    }

    /// Every item of a stream, following `continuation` with `n` per page.
    async fn all_items(&mut self, stream: &str, n: usize, extra: &str) -> Vec<Value> {
        let mut items = Vec::new();
        let mut c: Option<String> = None;
        for _ in 0..100 {
            let mut path =
                format!("/reader/api/0/stream/contents/{stream}?n={n}&output=json{extra}");
            if let Some(c) = &c {
                path.push_str(&format!("&c={}", web_common::enc(c)));
            }
            let doc = self.json(&path).await;
            let page = doc["items"].as_array().unwrap().clone();
            assert!(page.len() <= n);
            items.extend(page);
            match doc["continuation"].as_str() {
                Some(next) => c = Some(next.to_string()),
                None => return items,
            }
        }
        panic!("continuation never ended");
    }

    async fn unread(&mut self, id: &str) -> i64 {
        let doc = self.json("/reader/api/0/unread-count?output=json").await;
        doc["unreadcounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["count"].as_i64().unwrap())
            .unwrap_or(0)
    }
}

fn long_id(item: &Value) -> String {
    item["id"].as_str().unwrap().to_string()
}

fn short_id(item: &Value) -> i64 {
    i64::from_str_radix(long_id(item).strip_prefix(LONG).unwrap(), 16).unwrap()
}

fn has_category(item: &Value, cat: &str) -> bool {
    item["categories"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == cat)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mobile_reader_follows_the_documented_flow() {
    let site = Site::start();
    let mut anon = Client::new(&site.base());
    let articles = anon.get("/api/articles?limit=200").await.json();
    let total = articles["articles"].as_array().unwrap().len();
    assert!(total >= 4, "fixture articles: {total}");

    // Not logged in: 401 everywhere, also with a browser session.
    assert_eq!(
        anon.get("/reader/api/0/subscription/list?output=json")
            .await
            .status,
        401
    );
    let r = anon
        .post(
            "/accounts/ClientLogin",
            &[("Email", "admin"), ("Passwd", "falsches-passwort")],
        )
        .await;
    assert_eq!(r.status, 401);
    assert!(r.body.contains("Error=BadAuthentication"));
    let mut browser = Client::new(&site.base());
    browser.login().await;
    assert_eq!(
        browser.get("/reader/api/0/user-info").await.status,
        401,
        "sessions are not reader logins"
    );

    // ClientLogin → Auth.
    let r = anon
        .post(
            "/accounts/ClientLogin",
            &[("Email", "admin"), ("Passwd", ADMIN_PASSWORD)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let auth = r
        .body
        .lines()
        .find_map(|l| l.strip_prefix("Auth="))
        .expect("Auth= line")
        .to_string();
    assert!(r.body.contains("SID="));
    let mut rd = Reader {
        c: Client::new(&site.base()),
        auth: format!("GoogleLogin auth={auth}"),
    };

    // token, user-info, subscriptions, tags.
    let t = rd.get("/reader/api/0/token").await;
    assert_eq!(t.status, 200);
    let t = t.body.trim().to_string();
    assert!(t.len() >= 40);
    let info = rd.json("/reader/api/0/user-info?output=json").await;
    assert_eq!(info["userName"], "admin");
    let subs = rd.json("/reader/api/0/subscription/list?output=json").await;
    let subs = subs["subscriptions"].as_array().unwrap().clone();
    assert_eq!(subs.len(), 2);
    assert_eq!(subs[0]["id"], "feed/1");
    assert_eq!(subs[0]["title"], "Musterstädter Anzeiger – Lokales");
    assert!(subs[0]["url"]
        .as_str()
        .unwrap()
        .ends_with("/feeds/lokales.rss"));
    assert_eq!(subs[1]["id"], "feed/2");
    let tags = rd.json("/reader/api/0/tag/list?output=json").await;
    assert!(tags["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"] == STARRED));

    // Unread counts: everything is unread at first.
    assert_eq!(rd.unread(READING_LIST).await, total as i64);
    let unread_1 = rd.unread("feed/1").await;
    assert!(unread_1 >= 2);

    // The reading list, two at a time, newest first, each item once, in the documented form.
    let items = rd.all_items(READING_LIST, 2, "").await;
    assert_eq!(items.len(), total);
    let ids: HashSet<String> = items.iter().map(long_id).collect();
    assert_eq!(ids.len(), total, "no item twice across pages");
    let times: Vec<i64> = items
        .iter()
        .map(|i| i["published"].as_i64().unwrap())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
    let rad = items
        .iter()
        .find(|i| i["title"] == "Stadtrat beschließt Radwegenetz für Musterstadt")
        .expect("the Radwege article");
    assert!(long_id(rad).starts_with(LONG) && long_id(rad).len() == LONG.len() + 16);
    assert_eq!(rad["origin"]["streamId"], "feed/1");
    assert!(rad["alternate"][0]["href"]
        .as_str()
        .unwrap()
        .contains("/artikel/radwege.html"));
    let content = rad["summary"]["content"].as_str().unwrap();
    assert!(
        content.starts_with("<p><strong>TLDR</strong></p>"),
        "{content}"
    );
    assert!(content.contains("42 Kilometer"));
    assert!(
        content.contains("Nach zwei Jahren Streit"),
        "Inhalt follows the TLDR"
    );
    assert!(has_category(rad, READING_LIST) && !has_category(rad, READ));
    assert_eq!(
        rad["timestampUsec"],
        format!("{}", rad["published"].as_i64().unwrap() * 1_000_000)
    );

    // One source's stream; by feed URL too; oldest first.
    let feed1 = rd.all_items("feed%2F1", 50, "").await;
    assert_eq!(feed1.len() as i64, unread_1);
    assert!(feed1.iter().all(|i| i["origin"]["streamId"] == "feed/1"));
    let by_url = rd
        .all_items(
            &web_common::enc(&format!("feed/{}", subs[0]["url"].as_str().unwrap())),
            50,
            "",
        )
        .await;
    assert_eq!(by_url.len(), feed1.len());
    let oldest = rd.all_items(READING_LIST, 3, "&r=o").await;
    let mut rev: Vec<String> = items.iter().map(long_id).collect();
    rev.reverse();
    assert_eq!(oldest.iter().map(long_id).collect::<Vec<_>>(), rev);
    // ot: only items published at or after that time.
    let newest_time = times[0];
    let recent = rd
        .all_items(READING_LIST, 50, &format!("&ot={newest_time}"))
        .await;
    assert_eq!(
        recent.len(),
        times.iter().filter(|t| **t >= newest_time).count()
    );

    // Item ids (short form) and items by id, in the order asked, in both id forms.
    let refs = rd
        .json(&format!(
            "/reader/api/0/stream/items/ids?s={}&n=1000&output=json",
            web_common::enc(READING_LIST)
        ))
        .await;
    let short: Vec<i64> = refs["itemRefs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(short, items.iter().map(short_id).collect::<Vec<_>>());
    let second = short_id(&items[1]).to_string();
    let r = rd
        .post(
            "/reader/api/0/stream/items/contents?output=json",
            &[("i", &second), ("i", &long_id(rad))],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let got: Vec<String> = r.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(long_id)
        .collect();
    assert_eq!(got, vec![long_id(&items[1]), long_id(rad)]);

    // edit-tag: a bad write token is refused; read (long id) and starred (short id).
    let r = rd
        .post(
            "/reader/api/0/edit-tag",
            &[("i", &long_id(rad)), ("a", READ), ("T", "falsch")],
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.headers
            .iter()
            .find(|(k, _)| k == "x-reader-google-bad-token")
            .map(|(_, v)| v.as_str()),
        Some("true")
    );
    let r = rd
        .post(
            "/reader/api/0/edit-tag",
            &[("i", &long_id(rad)), ("a", READ), ("T", &t)],
        )
        .await;
    assert_eq!((r.status, r.body.as_str()), (200, "OK"));
    let r = rd
        .post(
            "/reader/api/0/edit-tag",
            &[
                ("i", &short_id(&items[1]).to_string()),
                ("a", "user/-/state/com.google/starred"),
                ("T", &t),
            ],
        )
        .await;
    assert_eq!(r.status, 200);

    // The state is reflected: counts, categories, xt=read, the starred and read streams.
    assert_eq!(rd.unread(READING_LIST).await, total as i64 - 1);
    let unread_items = rd
        .all_items(READING_LIST, 50, &format!("&xt={}", web_common::enc(READ)))
        .await;
    assert_eq!(unread_items.len(), total - 1);
    assert!(!unread_items.iter().any(|i| long_id(i) == long_id(rad)));
    let read = rd
        .all_items("user%2F-%2Fstate%2Fcom.google%2Fread", 50, "")
        .await;
    assert_eq!(
        read.iter().map(long_id).collect::<Vec<_>>(),
        vec![long_id(rad)]
    );
    assert!(has_category(&read[0], READ));
    let starred = rd
        .all_items("user/-/state/com.google/starred", 50, "")
        .await;
    assert_eq!(
        starred.iter().map(long_id).collect::<Vec<_>>(),
        vec![long_id(&items[1])]
    );
    assert!(has_category(&starred[0], STARRED));

    // Unread again, unstarred.
    rd.post(
        "/reader/api/0/edit-tag",
        &[("i", &long_id(rad)), ("r", READ)],
    )
    .await;
    rd.post(
        "/reader/api/0/edit-tag",
        &[("i", &long_id(&items[1])), ("r", STARRED)],
    )
    .await;
    assert_eq!(rd.unread(READING_LIST).await, total as i64);
    assert!(rd.all_items(STARRED, 50, "").await.is_empty());

    // mark-all-as-read for one feed up to now: that feed is read, the other is not.
    let now_us = format!("{}", (chrono::Utc::now().timestamp() + 1) * 1_000_000);
    let r = rd
        .post(
            "/reader/api/0/mark-all-as-read",
            &[("s", "feed/1"), ("ts", &now_us), ("T", &t)],
        )
        .await;
    assert_eq!((r.status, r.body.as_str()), (200, "OK"));
    assert_eq!(rd.unread("feed/1").await, 0);
    assert_eq!(rd.unread(READING_LIST).await, total as i64 - unread_1);

    // The same state is seen by a second login of the same user.
    let r = anon
        .post(
            "/accounts/ClientLogin",
            &[("Email", "admin"), ("Passwd", ADMIN_PASSWORD)],
        )
        .await;
    let auth2 = r
        .body
        .lines()
        .find_map(|l| l.strip_prefix("Auth="))
        .unwrap()
        .to_string();
    assert_ne!(auth2, auth);
    let mut rd2 = Reader {
        c: Client::new(&site.base()),
        auth: format!("GoogleLogin auth={auth2}"),
    };
    assert_eq!(rd2.unread("feed/1").await, 0);
}
