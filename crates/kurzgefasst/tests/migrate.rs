//! `kurzgefasst migrate`: an installation fetched into SQLite moves to PostgreSQL with nothing
//! lost: the command's check passes, ids are kept, the web pages served from PostgreSQL show the
//! same records as those served from SQLite, search finds the same articles, and new rows get
//! new ids. A non-empty target is refused unless `--overwrite` is given. Needs the PostgreSQL
//! server (see `common::db`), whatever `KURZGEFASST_TEST_DB` says.

mod common;

use common::{db, kg, kg_url, run_ok, FixtureServer, Server};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The article ids linked from a page, in order.
fn article_links(html: &str) -> Vec<i64> {
    html.match_indices("href=\"/artikel/")
        .filter_map(|(i, m)| {
            let rest = &html[i + m.len()..];
            let end = rest.find(|c: char| !c.is_ascii_digit())?;
            rest[..end].parse().ok()
        })
        .collect()
}

/// The `score` values of an `/api/search` answer, in order.
fn scores(json: &str) -> Vec<f64> {
    let v: serde_json::Value = serde_json::from_str(json).expect("search JSON");
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["score"].as_f64().expect("score"))
        .collect()
}

#[test]
fn sqlite_installation_moves_to_postgres_with_nothing_lost() {
    let a = FixtureServer::start_on("127.0.0.1");
    let b = FixtureServer::start_on("127.0.0.2");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kg.db");
    let sqlite = format!("sqlite://{}", file.display());
    let sq = |c: &mut std::process::Command| {
        c.env("KURZGEFASST_DB", &sqlite);
    };
    for feed in [
        a.url("feeds/lokales.rss"),
        a.url("feeds/wissen.atom"),
        a.url("feeds/agentur-a.rss"),
        b.url("feeds/agentur-b.rss"),
    ] {
        let mut c = kg(&file);
        sq(&mut c);
        run_ok(c.args(["sources", "add", &feed]));
    }
    let mut fetch = kg(&file);
    sq(&mut fetch);
    let out = stdout(&run_ok(fetch.arg("fetch")));
    assert!(out.contains("neu: 7,"), "{out}");
    // Readers with their subscriptions and categories move too (issue 19): the admin (who
    // adopts the sources added before any reader) and a second reader with a category.
    for (args, password) in [
        (vec!["admin", "set-password"], "admin-passwort-1"),
        (vec!["users", "add", "leser"], "leser-passwort-1"),
    ] {
        let mut c = kg(&file);
        sq(&mut c);
        run_ok(
            c.env("KURZGEFASST_ADMIN_PASSWORD", password)
                .env("KURZGEFASST_PASSWORD", password)
                .args(args),
        );
    }
    let mut c = kg(&file);
    sq(&mut c);
    run_ok(c.args([
        "sources",
        "add",
        "--no-check",
        &a.url("feeds/lokales.rss"),
        "--user",
        "leser",
        "--category",
        "Heimat",
        "--title",
        "Mein Lokales",
    ]));
    let sqlite_count = |table: &str| -> i64 {
        rusqlite::Connection::open(&file)
            .unwrap()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };

    let pg = db::fresh_pg_database();
    let out = stdout(&run_ok(
        kg_url(&pg).args(["migrate", "--from", &sqlite, "--to", &pg]),
    ));
    // The printed check: every table with the same count on both sides, identical content.
    let count_of = |table: &str| -> (i64, i64, String) {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(table))
            .unwrap_or_else(|| panic!("no line for {table}:\n{out}"));
        let f: Vec<&str> = line.split_whitespace().collect();
        (
            f[1].parse().unwrap(),
            f[2].parse().unwrap(),
            f[3..].join(" "),
        )
    };
    for table in [
        "sources",
        "articles",
        "entries",
        "tldrs",
        "settings",
        "users",
        "subscriptions",
        "categories",
    ] {
        let n = sqlite_count(table);
        assert_eq!(
            count_of(table),
            (n, n, "identical".into()),
            "{table}: {out}"
        );
    }
    assert_eq!(sqlite_count("articles"), 7);
    assert_eq!(
        sqlite_count("subscriptions"),
        5,
        "four for the admin, one for the reader"
    );
    let list = stdout(&run_ok(kg_url(&pg).args([
        "sources",
        "list",
        "--user",
        "leser",
        "--category",
        "heimat",
    ])));
    assert!(
        list.contains("Mein Lokales") && list.contains("[Heimat]"),
        "the reader's subscription on PostgreSQL: {list}"
    );
    // SQLite keeps each article's cluster keys in its row; PostgreSQL's look-up tables are
    // derived from them: eight SimHash bands and one row per title term of every article.
    let signed = sqlite_count("articles WHERE simhash IS NOT NULL");
    assert!(signed > 0);
    let terms: i64 = rusqlite::Connection::open(&file)
        .unwrap()
        .query_row(
            "SELECT SUM(title_terms) FROM articles WHERE simhash IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(terms > 0);
    let mut client = postgres::Client::connect(&pg, postgres::NoTls).unwrap();
    let pg_count =
        |c: &mut postgres::Client, sql: &str| -> i64 { c.query_one(sql, &[]).unwrap().get(0) };
    assert_eq!(
        pg_count(
            &mut client,
            "SELECT COUNT(DISTINCT (b.article_id, b.band)) FROM article_bands b \
             JOIN articles a ON a.id = b.article_id AND a.simhash = b.simhash \
             WHERE b.value = (b.simhash >> (8 * b.band)::INT) & 255 AND b.band BETWEEN 0 AND 7"
        ),
        8 * signed
    );
    assert_eq!(
        pg_count(&mut client, "SELECT COUNT(*) FROM article_bands"),
        8 * signed
    );
    assert_eq!(
        pg_count(
            &mut client,
            "SELECT COUNT(*) FROM article_title_terms t JOIN articles a ON a.id = t.article_id \
             AND a.title_terms = t.n_terms AND a.published_at = t.published_at \
             AND (' ' || a.title_term_hashes || ' ') LIKE ('% ' || t.term || ' %')"
        ),
        terms
    );
    // And one row per event key (names and numbers of title and lead), with the key count.
    let key_lists: Vec<String> = rusqlite::Connection::open(&file)
        .unwrap()
        .prepare("SELECT event_key_hashes FROM articles WHERE event_key_hashes IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let keys: usize = key_lists.iter().map(|l| l.split_whitespace().count()).sum();
    assert!(keys > 0);
    assert_eq!(
        pg_count(
            &mut client,
            "SELECT COUNT(*) FROM article_event_keys e JOIN articles a ON a.id = e.article_id \
             AND a.published_at = e.published_at \
             AND e.n_keys = cardinality(string_to_array(a.event_key_hashes, ' ')) \
             AND (' ' || a.event_key_hashes || ' ') LIKE ('% ' || e.key || ' %')"
        ) as usize,
        keys
    );
    assert_eq!(
        pg_count(&mut client, "SELECT COUNT(*) FROM article_event_keys") as usize,
        keys
    );
    assert!(
        out.contains("every article's content hash matches"),
        "{out}"
    );

    // A second run into the now filled database is refused, and changes nothing.
    let again = kg_url(&pg)
        .args(["migrate", "--from", &sqlite, "--to", &pg])
        .output()
        .unwrap();
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("not empty") && err.contains("--overwrite"),
        "{err}"
    );
    // With --overwrite it replaces the contents and checks again.
    let out = stdout(&run_ok(kg_url(&pg).args([
        "migrate",
        "--from",
        &sqlite,
        "--to",
        &pg,
        "--overwrite",
    ])));
    assert!(
        out.contains("every article's content hash matches"),
        "{out}"
    );

    // The same pages from both engines.
    let from_sqlite = Server::start_url(&sqlite, &["--role", "web", "--no-default-sources"]);
    let from_pg = Server::start_url(&pg, &["--role", "web", "--no-default-sources"]);
    let (s1, index1) = from_sqlite.get("/");
    let (s2, index2) = from_pg.get("/");
    assert_eq!((s1, s2), (200, 200));
    assert_eq!(index1, index2, "start pages differ");
    let ids = article_links(&index1);
    assert!(ids.len() >= 7, "{ids:?}");
    for id in ids {
        let p1 = from_sqlite.get(&format!("/artikel/{id}"));
        let p2 = from_pg.get(&format!("/artikel/{id}"));
        assert_eq!(p1.0, 200);
        assert_eq!(p1, p2, "article {id} differs");
    }
    for q in [
        "Radweg",
        "W%C3%A4rmepumpe",
        "Hitze",
        "%22Stadtrat+beschlie%C3%9Ft%22",
    ] {
        let r1 = from_sqlite.get(&format!("/suche?q={q}"));
        let r2 = from_pg.get(&format!("/suche?q={q}"));
        assert_eq!(r1.0, 200);
        assert!(!article_links(&r1.1).is_empty(), "{q} finds something");
        let a1 = from_sqlite.get(&format!("/api/search?q={q}")).1;
        let a2 = from_pg.get(&format!("/api/search?q={q}")).1;
        assert_eq!(
            article_links(&r1.1),
            article_links(&r2.1),
            "search {q}\n{a1}\n{a2}"
        );
        // The same scores: PostgreSQL computes FTS5's bm25 from the same keys.
        assert_eq!(scores(&a1), scores(&a2), "scores of {q}");
    }
    drop(from_pg);

    // New rows continue after the copied ids.
    let out = stdout(&run_ok(kg_url(&pg).args([
        "sources",
        "add",
        "--no-check",
        "https://example.org/neu.xml",
    ])));
    assert!(out.contains("Quelle hinzugefügt 5"), "{out}");

    // Refusals with clear messages.
    let wrong = kg_url(&pg)
        .args(["migrate", "--from", &pg, "--to", &pg])
        .output()
        .unwrap();
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("--from"));
}
