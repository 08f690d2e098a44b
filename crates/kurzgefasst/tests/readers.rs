//! Several readers (issue 19) on a real database (an SQLite file, or with
//! `KURZGEFASST_TEST_DB=postgres` a fresh PostgreSQL database): sources shared, subscriptions
//! and categories per reader, an installation of the schema before readers upgraded in place
//! (the admin owns every subscription, nothing lost), removing a reader, the `users` and
//! `sources` commands, and OPML folders from Miniflux and FreshRSS exports.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use common::{db, kg, new_article as article, run_ok};
use kurzgefasst::store::{DbUrl, EntryRef, ReaderFilter, Store, SubscriptionChange};

const NOW: i64 = 1_766_668_620; // 25.12.2025 14:17 Europe/Berlin

fn open(path: &Path) -> Store {
    Store::open(&DbUrl::parse(&common::db_url(path)).unwrap()).unwrap()
}

fn entry<'a>(key: &'a str) -> EntryRef<'a> {
    EntryRef {
        key,
        link: Some(key),
        title: None,
        hash: "h",
    }
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs `kurzgefasst ARGS` with `input` on standard input; the output, whether it failed or not.
fn kg_stdin(path: &Path, args: &[&str], input: &str) -> std::process::Output {
    let mut child = kg(path)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The ids of a reader's list of articles.
fn listed(store: &Store, user: i64, category: Option<i64>) -> Vec<i64> {
    store
        .list_subscribed_articles(user, category, 50, None)
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect()
}

#[test]
fn readers_share_sources_and_keep_their_own_subscriptions_and_categories() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.db");
    let s = open(&path);
    let admin = s.set_user_password("admin", "$argon2id$a").unwrap();
    let anna = s.add_reader("anna", "$argon2id$b").unwrap();
    assert!(matches!(
        s.add_reader("anna", "$argon2id$c"),
        Err(kurzgefasst::store::StoreError::Duplicate(_))
    ));
    let readers = s.readers().unwrap();
    assert_eq!(
        readers
            .iter()
            .map(|r| (r.name.as_str(), r.is_admin))
            .collect::<Vec<_>>(),
        [("admin", true), ("anna", false)]
    );

    // One source, followed by both: stored once, fetched once.
    let src = s.add_source("http://127.0.0.1:9/politik.rss").unwrap().id;
    let other = s.add_source("http://127.0.0.1:9/sport.rss").unwrap().id;
    let politik = s.ensure_category(anna, "Politik & Welt").unwrap();
    assert_eq!(politik.slug, "politik-welt");
    assert_eq!(
        s.ensure_category(anna, "politik & welt").unwrap().id,
        politik.id
    );
    let admins_politik = s.ensure_category(admin, "Politik & Welt").unwrap();
    assert_ne!(admins_politik.id, politik.id, "categories are per reader");
    assert!(s
        .subscribe(anna, src, Some(politik.id), Some("Meine Politik"))
        .unwrap());
    assert!(
        !s.subscribe(anna, src, None, None).unwrap(),
        "already subscribed"
    );
    assert!(s.subscribe(admin, src, None, None).unwrap());
    assert!(s.subscribe(admin, other, None, None).unwrap());
    // Another reader's category cannot be used.
    assert!(s
        .update_subscription(
            admin,
            other,
            &SubscriptionChange {
                category: Some(Some(politik.id)),
                title: None
            }
        )
        .unwrap());
    assert_eq!(
        s.subscription(admin, other).unwrap().unwrap().category,
        None
    );
    assert_eq!(s.list_sources().unwrap().len(), 2);

    let a1 = s
        .save_article(
            src,
            &entry("http://127.0.0.1:9/p1"),
            &article(
                "http://127.0.0.1:9/p1",
                "127.0.0.1",
                "Politik eins",
                "Der Bundestag hat heute beraten.",
                NOW,
            ),
        )
        .unwrap()
        .id();
    let a2 = s
        .save_article(
            other,
            &entry("http://127.0.0.1:9/s1"),
            &article(
                "http://127.0.0.1:9/s1",
                "127.0.0.1",
                "Sport eins",
                "Der FC hat heute gewonnen.",
                NOW + 60,
            ),
        )
        .unwrap()
        .id();
    assert_eq!(listed(&s, anna, None), [a1], "anna follows only politik");
    assert_eq!(listed(&s, admin, None), [a2, a1]);
    assert_eq!(listed(&s, anna, Some(politik.id)), [a1]);
    assert_eq!(
        listed(&s, admin, Some(admins_politik.id)),
        Vec::<i64>::new()
    );

    let subs = s.subscriptions(anna, None).unwrap();
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].name(), "Meine Politik");
    assert_eq!(subs[0].category_name(), Some("Politik & Welt"));
    assert_eq!(s.subscriptions(anna, Some(politik.id)).unwrap().len(), 1);

    // Rename: the slug follows; a name taken by another of the reader's categories is refused.
    let wirtschaft = s.ensure_category(anna, "Wirtschaft").unwrap();
    let renamed = s
        .rename_category(anna, politik.id, "Inland")
        .unwrap()
        .unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.slug.as_str()),
        ("Inland", "inland")
    );
    assert!(s.rename_category(anna, politik.id, "wirtschaft").is_err());
    assert!(s
        .rename_category(admin, politik.id, "Gestohlen")
        .unwrap()
        .is_none());
    assert_eq!(
        s.category_by_slug(anna, "inland").unwrap().unwrap().id,
        politik.id
    );
    // Delete: the subscription stays, without a category; another reader cannot delete it.
    assert!(!s.delete_category(admin, wirtschaft.id).unwrap());
    assert!(s.delete_category(anna, politik.id).unwrap());
    let subs = s.subscriptions(anna, None).unwrap();
    assert_eq!((subs.len(), subs[0].category.clone()), (1, None));

    // Unsubscribing: the source stays while another reader follows it; the last one removes it
    // (no longer polled), the article stays.
    assert!(s.unsubscribe(anna, src).unwrap());
    assert!(!s.unsubscribe(anna, src).unwrap());
    assert!(s.source(src).unwrap().is_some());
    assert!(s.unsubscribe(admin, src).unwrap());
    assert!(s.source(src).unwrap().is_none());
    assert!(s.article(a1).unwrap().is_some());
}

#[test]
fn removing_a_reader_removes_their_things_at_once_but_no_shared_article() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.db");
    let s = open(&path);
    let admin = s.set_user_password("admin", "$argon2id$a").unwrap();
    let bert = s.add_reader("bert", "$argon2id$b").unwrap();
    let shared = s.add_source("http://127.0.0.1:9/shared.rss").unwrap().id;
    let own = s.add_source("http://127.0.0.1:9/bert.rss").unwrap().id;
    s.subscribe(admin, shared, None, None).unwrap();
    s.subscribe(bert, shared, None, None).unwrap();
    s.subscribe(bert, own, None, None).unwrap();
    s.ensure_category(bert, "Sport").unwrap();
    let a = s
        .save_article(
            own,
            &entry("http://127.0.0.1:9/b1"),
            &article(
                "http://127.0.0.1:9/b1",
                "127.0.0.1",
                "Nur Bert",
                "Ein Artikel nur für Bert.",
                NOW,
            ),
        )
        .unwrap()
        .id();
    s.create_session("sitzung", bert, "csrf", NOW, i64::MAX)
        .unwrap();
    s.create_api_token(bert, "App", "token", NOW).unwrap();
    s.set_item_state(bert, &[a], Some(true), Some(true))
        .unwrap();
    assert!(s.session("sitzung", NOW).unwrap().is_some());

    assert!(s.remove_reader(bert).unwrap());
    assert!(!s.remove_reader(bert).unwrap());
    assert!(
        s.session("sitzung", NOW).unwrap().is_none(),
        "session ended"
    );
    assert!(
        s.api_token_user("token", NOW).unwrap().is_none(),
        "token revoked"
    );
    for table in [
        "subscriptions",
        "categories",
        "item_states",
        "sessions",
        "api_tokens",
    ] {
        assert_eq!(
            db::count(
                &path,
                &format!("SELECT COUNT(*) FROM {table} WHERE user_id = {bert}")
            ),
            0,
            "{table}"
        );
    }
    assert!(
        s.source(shared).unwrap().is_some(),
        "the admin still follows it"
    );
    assert!(
        s.source(own).unwrap().is_none(),
        "nobody follows it any more"
    );
    assert!(s.article(a).unwrap().is_some(), "articles stay");
    assert_eq!(s.subscriptions(admin, None).unwrap().len(), 1);
}

/// The statements that put a store back to the schema before readers: what a database made by
/// today's release looks like (the migration's version differs by engine).
fn rewind_to_before_readers(path: &Path) {
    let version = if db::postgres_wanted() { 12 } else { 15 };
    // PostgreSQL refuses to drop a table later migrations refer to (a category rule's foreign
    // key): CASCADE drops those references with it, as they were before readers.
    let cascade = if db::postgres_wanted() {
        " CASCADE"
    } else {
        ""
    };
    db::exec(
        path,
        &format!(
            "DROP TABLE subscriptions{cascade}; DROP TABLE categories{cascade}; \
             ALTER TABLE users DROP COLUMN is_admin; ALTER TABLE users DROP COLUMN language; \
             DELETE FROM schema_migrations WHERE version = {version};"
        ),
    );
}

#[test]
fn an_installation_before_readers_upgrades_in_place_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.db");
    let (a, sources) = {
        let s = open(&path);
        let admin = s.set_user_password("admin", "$argon2id$a").unwrap();
        let mut sources = Vec::new();
        for name in ["eins", "zwei", "drei"] {
            sources.push(
                s.add_source(&format!("http://127.0.0.1:9/{name}.rss"))
                    .unwrap()
                    .id,
            );
        }
        let a = s
            .save_article(
                sources[0],
                &entry("http://127.0.0.1:9/x"),
                &article(
                    "http://127.0.0.1:9/x",
                    "127.0.0.1",
                    "Titel",
                    "Ein Text über etwas.",
                    NOW,
                ),
            )
            .unwrap()
            .id();
        s.set_item_state(admin, &[a], Some(true), Some(true))
            .unwrap();
        s.create_api_token(admin, "App", "token", NOW).unwrap();
        (a, sources)
    };
    rewind_to_before_readers(&path);
    assert_eq!(
        db::count(&path, "SELECT COUNT(*) FROM sources"),
        3,
        "the old schema keeps its sources"
    );
    let s = open(&path);
    let admin = s.reader_by_name("admin").unwrap().unwrap();
    assert!(admin.is_admin, "the admin stays admin");
    assert_eq!(
        admin.subscriptions, 3,
        "and owns every existing subscription"
    );
    let subs = s.subscriptions(admin.id, None).unwrap();
    assert_eq!(
        subs.iter().map(|s| s.source.id).collect::<Vec<_>>(),
        sources
    );
    assert_eq!(listed(&s, admin.id, None), [a]);
    let st = s.reader_items_by_id(admin.id, &[a]).unwrap();
    assert!(st[0].read && st[0].starred, "states kept");
    assert_eq!(
        s.api_token_user("token", NOW).unwrap().unwrap().name,
        "admin"
    );
    assert_eq!(s.integrity_check().unwrap(), "ok");
    // The reading-list stream still holds the article.
    let items = s
        .reader_items(
            admin.id,
            &ReaderFilter {
                limit: 10,
                ..ReaderFilter::default()
            },
        )
        .unwrap();
    assert_eq!(items.len(), 1);
}

#[test]
fn sources_added_before_any_reader_are_adopted_by_the_first_admin() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.db");
    run_ok(kg(&path).args(["sources", "add", "--no-check", "http://127.0.0.1:9/a.rss"]));
    let out = kg_stdin(&path, &["admin", "set-password"], "ein-langes-passwort\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = stdout(&run_ok(kg(&path).args(["sources", "list"])));
    assert!(list.contains("http://127.0.0.1:9/a.rss"), "{list}");
    assert_eq!(db::count(&path, "SELECT COUNT(*) FROM subscriptions"), 1);
}

#[test]
fn users_and_sources_commands_act_per_reader() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.db");
    let out = kg_stdin(&path, &["admin", "set-password"], "ein-langes-passwort\n");
    assert!(out.status.success());
    // users add: password from standard input, or from KURZGEFASST_PASSWORD.
    let out = kg_stdin(&path, &["users", "add", "clara"], "claras-passwort-1\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    run_ok(
        kg(&path)
            .env("KURZGEFASST_PASSWORD", "dieters-passwort")
            .args(["users", "add", "dieter"]),
    );
    let out = kg_stdin(&path, &["users", "add", "clara"], "noch-ein-passwort\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("schon einen Leser namens"));
    let out = kg_stdin(&path, &["users", "add", "kurz"], "kurz\n");
    assert!(!out.status.success(), "a short password is refused");
    let list = stdout(&run_ok(kg(&path).args(["users", "list"])));
    let names: Vec<&str> = list
        .lines()
        .map(|l| l.split_whitespace().nth(1).unwrap())
        .collect();
    assert_eq!(names, ["admin", "clara", "dieter"], "{list}");
    assert!(
        list.lines().next().unwrap().contains("admin  admin"),
        "{list}"
    );
    assert!(list.lines().nth(1).unwrap().contains("Leser"), "{list}");

    // sources add with --category, --title and --user; the same feed for two readers is one source.
    let feed = "http://127.0.0.1:9/welt.rss";
    run_ok(kg(&path).args([
        "sources",
        "add",
        "--no-check",
        feed,
        "--user",
        "clara",
        "--category",
        "Politik",
        "--title",
        "Claras Welt",
    ]));
    run_ok(kg(&path).args(["sources", "add", "--no-check", feed, "--user", "dieter"]));
    run_ok(kg(&path).args([
        "sources",
        "add",
        "--no-check",
        "http://127.0.0.1:9/sport.rss",
        "--user",
        "clara",
        "--category",
        "Sport",
    ]));
    let out = kg(&path)
        .args(["sources", "add", "--no-check", feed, "--user", "clara"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "clara follows it already");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Quelle existiert bereits"));
    assert_eq!(db::count(&path, "SELECT COUNT(*) FROM sources"), 2);

    let clara = stdout(&run_ok(
        kg(&path).args(["sources", "list", "--user", "clara"]),
    ));
    assert_eq!(clara.lines().count(), 2, "{clara}");
    assert!(
        clara.contains("Claras Welt") && clara.contains("[Politik]"),
        "{clara}"
    );
    let politik = stdout(&run_ok(kg(&path).args([
        "sources",
        "list",
        "--user",
        "clara",
        "--category",
        "politik",
    ])));
    assert_eq!(politik.lines().count(), 1, "{politik}");
    assert!(politik.contains(feed), "{politik}");
    let dieter = stdout(&run_ok(
        kg(&path).args(["sources", "list", "--user", "dieter"]),
    ));
    assert_eq!(dieter.lines().count(), 1, "{dieter}");
    assert!(
        !dieter.contains("Claras Welt") && !dieter.contains('['),
        "{dieter}"
    );
    let admin = stdout(&run_ok(kg(&path).args(["sources", "list"])));
    assert!(
        admin.contains("Keine Quellen"),
        "the admin follows nothing: {admin}"
    );

    // sources set: move and rename; "" takes them back.
    let id: String = politik.split_whitespace().next().unwrap().to_string();
    run_ok(kg(&path).args([
        "sources",
        "set",
        &id,
        "--user",
        "clara",
        "--category",
        "Sport",
        "--title",
        "Welt",
    ]));
    let sport = stdout(&run_ok(kg(&path).args([
        "sources",
        "list",
        "--user",
        "clara",
        "--category",
        "Sport",
    ])));
    assert_eq!(sport.lines().count(), 2, "{sport}");
    assert!(sport.contains("  Welt  "), "{sport}");
    run_ok(kg(&path).args([
        "sources",
        "set",
        &id,
        "--user",
        "clara",
        "--category",
        "",
        "--title",
        "",
    ]));
    let clara = stdout(&run_ok(
        kg(&path).args(["sources", "list", "--user", "clara"]),
    ));
    assert!(
        !clara.contains("Welt  ") && clara.lines().filter(|l| l.contains('[')).count() == 1,
        "{clara}"
    );
    let out = kg(&path)
        .args(["sources", "set", &id, "--user", "admin", "--title", "x"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "the admin does not follow it");
    let out = kg(&path)
        .args(["sources", "list", "--user", "niemand"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("kein Leser namens"));

    // users set-password, users remove (only with --yes; not the last admin).
    let out = kg_stdin(
        &path,
        &["users", "set-password", "clara"],
        "claras-neues-passwort\n",
    );
    assert!(out.status.success());
    let out = kg(&path)
        .args(["users", "remove", "dieter"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    run_ok(kg(&path).args(["users", "remove", "dieter", "--yes"]));
    let out = kg(&path)
        .args(["users", "remove", "admin", "--yes"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("letzte Admin"));
    assert_eq!(db::count(&path, "SELECT COUNT(*) FROM users"), 2);
    assert_eq!(
        db::count(&path, "SELECT COUNT(*) FROM sources"),
        2,
        "clara still follows both"
    );
    // Removing a subscription another reader no longer shares removes the source.
    run_ok(kg(&path).args(["sources", "remove", &id, "--user", "clara"]));
    assert_eq!(db::count(&path, "SELECT COUNT(*) FROM sources"), 1);
}

/// The (category, feed URL) pairs a reader's `sources export` holds, sorted.
fn exported(path: &Path, user: &str) -> Vec<(Option<String>, String)> {
    let doc = stdout(&run_ok(
        kg(path).args(["sources", "export", "--user", user]),
    ));
    let mut v: Vec<_> = kurzgefasst::ingest::opml::parse(&doc)
        .into_iter()
        .map(|o| (o.category, o.feed_url))
        .collect();
    v.sort();
    v
}

#[test]
fn opml_folders_from_miniflux_and_freshrss_become_categories_and_go_back_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.db");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/opml");
    let out = kg_stdin(&path, &["admin", "set-password"], "ein-langes-passwort\n");
    assert!(out.status.success());
    for name in ["mini", "fresh"] {
        run_ok(
            kg(&path)
                .env("KURZGEFASST_PASSWORD", "ein-langes-passwort")
                .args(["users", "add", name]),
        );
    }
    let out = stdout(&run_ok(kg(&path).args([
        "sources",
        "import",
        fixtures.join("miniflux.opml").to_str().unwrap(),
        "--user",
        "mini",
    ])));
    assert!(
        out.contains("importiert: 4, schon vorhanden: 0, ungültig: 0"),
        "{out}"
    );
    let out = stdout(&run_ok(kg(&path).args([
        "sources",
        "import",
        fixtures.join("freshrss.opml").to_str().unwrap(),
        "--user",
        "fresh",
    ])));
    assert!(
        out.contains("importiert: 4, schon vorhanden: 0, ungültig: 1"),
        "{out}"
    );
    let again = stdout(&run_ok(kg(&path).args([
        "sources",
        "import",
        fixtures.join("freshrss.opml").to_str().unwrap(),
        "--user",
        "fresh",
    ])));
    assert!(
        again.contains("importiert: 0, schon vorhanden: 4"),
        "{again}"
    );
    // Shared sources: lokales, wissen and agentur-a are in both files, stored once.
    assert_eq!(db::count(&path, "SELECT COUNT(*) FROM sources"), 5);

    let c = |s: &str| Some(s.to_string());
    let u = |f: &str| format!("http://127.0.0.1:9/feeds/{f}");
    assert_eq!(
        exported(&path, "mini"),
        vec![
            (c("All"), u("wissen.atom")),
            (c("Politik & Gesellschaft"), u("agentur-a.rss")),
            (c("Politik & Gesellschaft"), u("lokales.rss")),
            (c("Wirtschaft"), u("boerse.rss")),
        ]
    );
    assert_eq!(
        exported(&path, "fresh"),
        vec![
            (c("Agenturen"), u("agentur-a.rss")),
            (c("Agenturen"), u("agentur-b.rss")),
            (c("Lokales"), u("lokales.rss")),
            (c("Sans catégorie"), u("wissen.atom")),
        ]
    );
    let list = stdout(&run_ok(kg(&path).args([
        "sources",
        "list",
        "--user",
        "mini",
        "--category",
        "Politik & Gesellschaft",
    ])));
    assert_eq!(list.lines().count(), 2, "{list}");
    // The export imports again, folders and all, for a third reader.
    let doc = stdout(&run_ok(
        kg(&path).args(["sources", "export", "--user", "fresh"]),
    ));
    let file = dir.path().join("fresh.opml");
    std::fs::write(&file, doc).unwrap();
    run_ok(
        kg(&path)
            .env("KURZGEFASST_PASSWORD", "ein-langes-passwort")
            .args(["users", "add", "kopie"]),
    );
    run_ok(kg(&path).args([
        "sources",
        "import",
        file.to_str().unwrap(),
        "--user",
        "kopie",
    ]));
    assert_eq!(exported(&path, "kopie"), exported(&path, "fresh"));
}
