//! `metrics`: counters for `/metrics` in the Prometheus text format (version 0.0.4), written by
//! hand (no client library). Process counters (polls, poll errors by kind, articles saved, HTTP
//! latency histograms per route) live in [`METRICS`]; totals that several processes share
//! (articles, sources, TLDRs by method, gate rejections by reason) are read from the store when
//! `/metrics` is asked for, so they are right whichever process wrote them.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

use crate::store::{SaveOutcome, StoreCounts};

/// Upper bounds (seconds) of the latency histogram's buckets.
const BUCKETS: [f64; 13] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// One latency histogram.
#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Observations at or below each bound of [`BUCKETS`] (not cumulative).
    counts: [u64; BUCKETS.len()],
    /// Observations above the last bound.
    over: u64,
    sum: f64,
    count: u64,
}

/// The process's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    polls: AtomicU64,
    poll_errors: Mutex<BTreeMap<String, u64>>,
    saved_new: AtomicU64,
    saved_updated: AtomicU64,
    saved_linked: AtomicU64,
    http: Mutex<BTreeMap<String, Histogram>>,
}

/// The counters of this process.
pub static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::default);

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Counters stay usable after a panic elsewhere.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Metrics {
    /// A source was polled (successfully or not).
    pub fn poll(&self) {
        self.polls.fetch_add(1, Ordering::Relaxed);
    }

    /// A poll failed with an error of `kind` (`http`, `network`, `parse`, …).
    pub fn poll_error(&self, kind: &str) {
        *lock(&self.poll_errors).entry(kind.to_string()).or_default() += 1;
    }

    /// An article was saved.
    pub fn saved(&self, outcome: SaveOutcome) {
        let c = match outcome {
            SaveOutcome::New(_) => &self.saved_new,
            SaveOutcome::Updated(_) => &self.saved_updated,
            SaveOutcome::Linked(_) => &self.saved_linked,
        };
        c.fetch_add(1, Ordering::Relaxed);
    }

    /// An HTTP request to `route` (the matched route pattern) took `took`.
    pub fn http(&self, route: &str, took: Duration) {
        let secs = took.as_secs_f64();
        let mut map = lock(&self.http);
        let h = match map.get_mut(route) {
            Some(h) => h,
            None => map.entry(route.to_string()).or_default(),
        };
        match BUCKETS.iter().position(|b| secs <= *b) {
            Some(i) => h.counts[i] += 1,
            None => h.over += 1,
        }
        h.sum += secs;
        h.count += 1;
    }

    /// The exposition: this process's counters and the store's totals.
    pub fn render(&self, counts: &StoreCounts) -> String {
        let mut s = String::with_capacity(4096);
        let head = |s: &mut String, name: &str, kind: &str, help: &str| {
            let _ = writeln!(s, "# HELP {name} {help}\n# TYPE {name} {kind}");
        };
        head(
            &mut s,
            "kurzgefasst_polls_total",
            "counter",
            "Sources polled by this process.",
        );
        let _ = writeln!(
            s,
            "kurzgefasst_polls_total {}",
            self.polls.load(Ordering::Relaxed)
        );
        head(
            &mut s,
            "kurzgefasst_poll_errors_total",
            "counter",
            "Failed polls of this process by error kind.",
        );
        for (kind, n) in lock(&self.poll_errors).iter() {
            let _ = writeln!(
                s,
                "kurzgefasst_poll_errors_total{{kind=\"{}\"}} {n}",
                label(kind)
            );
        }
        head(
            &mut s,
            "kurzgefasst_articles_saved_total",
            "counter",
            "Articles saved by this process, by outcome.",
        );
        for (outcome, c) in [
            ("new", &self.saved_new),
            ("updated", &self.saved_updated),
            ("linked", &self.saved_linked),
        ] {
            let _ = writeln!(
                s,
                "kurzgefasst_articles_saved_total{{outcome=\"{outcome}\"}} {}",
                c.load(Ordering::Relaxed)
            );
        }
        head(&mut s, "kurzgefasst_articles", "gauge", "Articles stored.");
        let _ = writeln!(s, "kurzgefasst_articles {}", counts.articles);
        head(
            &mut s,
            "kurzgefasst_sources",
            "gauge",
            "Sources subscribed.",
        );
        let _ = writeln!(s, "kurzgefasst_sources {}", counts.sources);
        head(
            &mut s,
            "kurzgefasst_sources_failing",
            "gauge",
            "Sources whose last poll failed, by error kind.",
        );
        for (kind, n) in &counts.failing_sources {
            let _ = writeln!(
                s,
                "kurzgefasst_sources_failing{{kind=\"{}\"}} {n}",
                label(kind)
            );
        }
        head(
            &mut s,
            "kurzgefasst_tldrs",
            "gauge",
            "Accepted TLDRs stored, by method.",
        );
        for (method, n) in &counts.tldrs_by_method {
            let _ = writeln!(s, "kurzgefasst_tldrs{{method=\"{}\"}} {n}", label(method));
        }
        head(
            &mut s,
            "kurzgefasst_tldr_gate_rejections",
            "gauge",
            "TLDRs rejected by the faithfulness gate, by reason.",
        );
        for (reason, n) in &counts.tldr_rejections {
            let _ = writeln!(
                s,
                "kurzgefasst_tldr_gate_rejections{{reason=\"{}\"}} {n}",
                label(reason)
            );
        }
        head(
            &mut s,
            "kurzgefasst_http_request_duration_seconds",
            "histogram",
            "Time to answer HTTP requests, by route.",
        );
        for (route, h) in lock(&self.http).iter() {
            let route = label(route);
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(h.counts.iter()) {
                cumulative += n;
                let _ = writeln!(
                    s,
                    "kurzgefasst_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                s,
                "kurzgefasst_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                s,
                "kurzgefasst_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                s,
                "kurzgefasst_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        s
    }
}

/// Escapes a label value (backslash, quote, newline).
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_is_cumulative() {
        let m = Metrics::default();
        m.http("/", Duration::from_micros(300));
        m.http("/", Duration::from_millis(3));
        m.http("/", Duration::from_secs(9));
        m.poll_error("http \"x\"");
        let out = m.render(&StoreCounts::default());
        assert!(
            out.contains(
                "kurzgefasst_http_request_duration_seconds_bucket{route=\"/\",le=\"0.0005\"} 1\n"
            ),
            "{out}"
        );
        assert!(out.contains(
            "kurzgefasst_http_request_duration_seconds_bucket{route=\"/\",le=\"0.005\"} 2\n"
        ));
        assert!(out.contains(
            "kurzgefasst_http_request_duration_seconds_bucket{route=\"/\",le=\"5\"} 2\n"
        ));
        assert!(out.contains(
            "kurzgefasst_http_request_duration_seconds_bucket{route=\"/\",le=\"+Inf\"} 3\n"
        ));
        assert!(out.contains("kurzgefasst_poll_errors_total{kind=\"http \\\"x\\\"\"} 1\n"));
    }
}
