//! `/metrics` after a real fetch: `serve --role all` polls the fixture feeds (two good, one
//! missing), the pages are read a few times, and the Prometheus text exposition is parsed and
//! checked against what the database holds.

mod common;
mod web_common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use common::{kg, run_ok, FixtureServer, Server};
use web_common::Client;

/// The samples of an exposition: series (name with labels) → value; and the declared types.
fn parse(text: &str) -> (BTreeMap<String, f64>, BTreeMap<String, String>) {
    let mut samples = BTreeMap::new();
    let mut types = BTreeMap::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
            types.insert(name.to_string(), kind.to_string());
            continue;
        }
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let (series, value) = line
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("bad line {line:?}"));
        let value: f64 = value
            .parse()
            .unwrap_or_else(|_| panic!("bad value in {line:?}"));
        let name = series.split('{').next().unwrap();
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "bad metric name in {line:?}"
        );
        let family = name
            .trim_end_matches("_bucket")
            .trim_end_matches("_sum")
            .trim_end_matches("_count");
        assert!(
            types.contains_key(name) || types.contains_key(family),
            "sample before its TYPE: {line:?}"
        );
        assert!(
            samples.insert(series.to_string(), value).is_none(),
            "duplicate {series}"
        );
    }
    (samples, types)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_after_a_fetch() {
    let fixtures = FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    for feed in ["feeds/lokales.rss", "feeds/wissen.atom", "feeds/fehlt.rss"] {
        run_ok(kg(&db).args(["sources", "add", "--no-check", &fixtures.url(feed)]));
    }
    let server = Server::start(&db, &["--role", "all", "--no-default-sources"]);
    let mut c = Client::new(&format!("http://{}", server.addr));

    // The scheduler polls every source at once; wait until all three were polled.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let s = c.get("/api/sources").await.json();
        let polled = s["sources"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| !s["last_polled_at"].is_null())
            .count();
        if polled == 3 {
            break;
        }
        assert!(Instant::now() < deadline, "sources not polled: {s}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for _ in 0..3 {
        assert_eq!(c.get("/artikel/1").await.status, 200);
    }
    assert_eq!(c.get("/").await.status, 200);

    let r = c.get("/metrics").await;
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let (m, types) = parse(&r.body);

    // What the database holds.
    let articles = common::db::count(&db, "SELECT COUNT(*) FROM articles");
    let extractive = common::db::count(
        &db,
        "SELECT COUNT(*) FROM tldrs WHERE accepted AND method = 'extractive'",
    );
    assert!(articles >= 4);

    assert_eq!(types["kurzgefasst_polls_total"], "counter");
    assert_eq!(
        types["kurzgefasst_http_request_duration_seconds"],
        "histogram"
    );
    assert!(m["kurzgefasst_polls_total"] >= 3.0);
    assert!(
        m["kurzgefasst_poll_errors_total{kind=\"http\"}"] >= 1.0,
        "{}",
        r.body
    );
    assert_eq!(m["kurzgefasst_sources"], 3.0);
    assert_eq!(m["kurzgefasst_sources_failing{kind=\"http\"}"], 1.0);
    assert_eq!(m["kurzgefasst_articles"], articles as f64);
    assert_eq!(
        m["kurzgefasst_articles_saved_total{outcome=\"new\"}"],
        articles as f64
    );
    assert_eq!(
        m["kurzgefasst_tldrs{method=\"extractive\"}"],
        extractive as f64
    );
    assert!(extractive >= 4);
    assert!(types.contains_key("kurzgefasst_tldr_gate_rejections"));

    // The article route's histogram: 3 requests, cumulative buckets, +Inf = count.
    let route = "route=\"/artikel/{id}\"";
    assert_eq!(
        m[&format!("kurzgefasst_http_request_duration_seconds_count{{{route}}}")],
        3.0
    );
    assert!(m[&format!("kurzgefasst_http_request_duration_seconds_sum{{{route}}}")] > 0.0);
    let buckets: Vec<(f64, f64)> = m
        .iter()
        .filter(|(k, _)| {
            k.starts_with(&format!(
                "kurzgefasst_http_request_duration_seconds_bucket{{{route},le="
            ))
        })
        .map(|(k, v)| {
            let le = k.split("le=\"").nth(1).unwrap().trim_end_matches("\"}");
            (
                if le == "+Inf" {
                    f64::INFINITY
                } else {
                    le.parse().unwrap()
                },
                *v,
            )
        })
        .collect();
    let mut sorted = buckets.clone();
    sorted.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    assert!(sorted.len() >= 10);
    assert!(
        sorted.windows(2).all(|w| w[0].1 <= w[1].1),
        "cumulative: {sorted:?}"
    );
    assert_eq!(sorted.last().unwrap(), &(f64::INFINITY, 3.0));
    assert_eq!(
        m["kurzgefasst_http_request_duration_seconds_count{route=\"/\"}"],
        1.0
    );
}
