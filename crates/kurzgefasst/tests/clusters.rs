//! Story clusters end to end: the same agency report on two sites is one story ("Auch berichtet
//! von"), recognised as agency copy; an unrelated article stays alone.

mod common;

use common::{db, kg, run_ok, FixtureServer};

#[test]
fn agency_copy_on_two_sites_forms_one_cluster() {
    let a = FixtureServer::start_on("127.0.0.1");
    let b = FixtureServer::start_on("127.0.0.2");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    run_ok(kg(&db).args(["sources", "add", &a.url("feeds/agentur-a.rss")]));
    run_ok(kg(&db).args(["sources", "add", &b.url("feeds/agentur-b.rss")]));
    let out = String::from_utf8_lossy(&run_ok(kg(&db).arg("fetch")).stdout).into_owned();
    assert!(out.contains("neu: 4,"), "{out}");

    let rows: Vec<(String, String, Option<String>, Option<String>)> = db::rows(
        &db,
        "SELECT site, title, cluster_id, agency FROM articles ORDER BY id",
    )
    .into_iter()
    .map(|r| {
        (
            r[0].clone().unwrap(),
            r[1].clone().unwrap(),
            r[2].clone(),
            r[3].clone(),
        )
    })
    .collect();
    let find = |site: &str, word: &str| {
        rows.iter()
            .find(|r| r.0 == site && r.1.contains(word))
            .unwrap_or_else(|| panic!("{site} {word}: {rows:?}"))
    };
    let wa = find("127.0.0.1", "Wärmepumpen");
    let wb = find("127.0.0.2", "Wärmepumpen");
    assert!(wa.2.is_some() && wa.2 == wb.2, "same cluster: {rows:?}");
    assert_eq!(wa.3.as_deref(), Some("dpa"));
    assert_eq!(wb.3.as_deref(), Some("dpa"));
    let hitze_a = find("127.0.0.1", "Hitzewelle");
    let hitze_b = find("127.0.0.2", "Hitzewelle");
    assert_ne!(hitze_a.2, wa.2, "unrelated story not in the cluster");
    // The same page on two sites is the same text: one story, not one with the Wärmepumpen.
    assert!(hitze_a.2.is_some() && hitze_a.2 == hitze_b.2, "{rows:?}");
}
