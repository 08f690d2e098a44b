//! `kurzgefasst bench ingest`: the whole pipeline (feeds fetched, pages fetched, extracted,
//! summarised, stored and indexed) against the generated site of [`super::site`], served by a
//! child process on loopback; then a second run (nothing new: conditional GETs); then, when
//! given, the Python anchor pipeline against the same server. Prints one JSON object.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;

use crate::ingest::fetch::{FetchOptions, Fetcher};
use crate::ingest::Ingest;
use crate::store::Store;

use super::site::{feed_urls, SiteConfig};

/// What to run: the site's shape, and the pipeline's settings, the product's defaults unless
/// given (every setting that differs is printed and recorded in the result).
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// Feeds in all.
    #[arg(long, default_value_t = 500)]
    pub feeds: usize,
    /// Entries (article pages) per feed.
    #[arg(long, default_value_t = 20)]
    pub entries: usize,
    /// Loopback hosts (127.0.1.x) the feeds are spread over.
    #[arg(long, default_value_t = 50)]
    pub hosts: usize,
    /// Least milliseconds between two requests to one host (the product's default unless given).
    #[arg(long, default_value_t = crate::ingest::fetch::DEFAULT_HOST_INTERVAL_MS, value_name = "MS")]
    pub host_interval_ms: u64,
    /// Sources polled at once (the product's default unless given).
    #[arg(long, default_value_t = crate::ingest::SOURCES_AT_ONCE, value_name = "N")]
    pub sources_at_once: usize,
    /// The Python anchor pipeline to run against the same server (python_pipeline.py).
    #[arg(long)]
    pub anchor: Option<PathBuf>,
    /// Also write the JSON result here.
    #[arg(long)]
    pub json: Option<PathBuf>,
}

impl Options {
    /// The settings of the pipeline as `(name, value, product default)`.
    pub fn settings(&self) -> [(&'static str, u64, u64); 2] {
        [
            (
                "host_interval_ms",
                self.host_interval_ms,
                crate::ingest::fetch::DEFAULT_HOST_INTERVAL_MS,
            ),
            (
                "sources_at_once",
                self.sources_at_once as u64,
                crate::ingest::SOURCES_AT_ONCE as u64,
            ),
        ]
    }
}

/// CPU seconds (user + system) and peak resident memory (KiB) of this process or its children.
pub(super) fn rusage(who: libc::c_int) -> (f64, i64) {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(who, &mut ru) };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    (secs(ru.ru_utime) + secs(ru.ru_stime), ru.ru_maxrss)
}

/// CPU seconds (user + system) used so far by this process's threads, summed per thread name
/// (`kg-writer`, `kg-pipeline`, `kg-checkpoint`, …), from `/proc/self/task`; threads that
/// ended are not counted. Empty where `/proc` cannot be read.
fn thread_cpu() -> std::collections::BTreeMap<String, f64> {
    // SAFETY: sysconf only reads a constant of the system.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let mut out = std::collections::BTreeMap::new();
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return out;
    };
    for task in tasks.flatten() {
        let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
            continue;
        };
        // "tid (name) state …": the name may hold spaces, so split at the last ')'.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let name = stat[open + 1..close].to_string();
        let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        // After the name: state is field 0, utime field 11, stime field 12.
        let cpu = |i: usize| {
            fields
                .get(i)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        *out.entry(name).or_insert(0.0) += (cpu(11) + cpu(12)) / ticks;
    }
    out
}

/// Runs the benchmark.
pub fn run(opts: &Options) -> anyhow::Result<()> {
    with_site(
        opts.feeds,
        opts.entries,
        opts.hosts,
        opts.json.as_deref(),
        |cfg| measure(opts, cfg),
    )
}

/// Starts the generated site of this shape, runs `measure` against it, stops the site, and
/// prints the JSON result (also writing it to `json` when given).
pub(super) fn with_site(
    feeds: usize,
    entries: usize,
    hosts: usize,
    json: Option<&std::path::Path>,
    measure: impl FnOnce(&SiteConfig) -> anyhow::Result<serde_json::Value>,
) -> anyhow::Result<()> {
    let (mut server, cfg) = start_site(feeds, entries, hosts)?;
    let result = measure(&cfg);
    let _ = server.kill();
    let _ = server.wait();
    let text = serde_json::to_string_pretty(&result?)?;
    println!("{text}");
    if let Some(p) = json {
        std::fs::write(p, text)?;
    }
    Ok(())
}

fn measure(opts: &Options, cfg: &SiteConfig) -> anyhow::Result<serde_json::Value> {
    let work = tempdir()?;
    let db = work.join("bench.db");
    let store = Arc::new(Store::open_path(&db)?);
    let urls = feed_urls(cfg);
    for u in &urls {
        store.add_source(u)?;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    // The product's settings, as `fetch` and `serve` use them, except where told otherwise.
    let mut changed = serde_json::Map::new();
    for (name, value, default) in opts.settings() {
        if value != default {
            eprintln!("bench ingest: {name} = {value} (product default: {default})");
            changed.insert(
                name.into(),
                serde_json::json!({ "value": value, "default": default }),
            );
        }
    }
    if changed.is_empty() {
        eprintln!("bench ingest: every setting at the product's default");
    }
    let fetcher = Fetcher::new(FetchOptions {
        // The generated site is on loopback.
        allow_private: true,
        host_min_gap: std::time::Duration::from_millis(opts.host_interval_ms),
        ..FetchOptions::default()
    })?;
    let mut ingest = Ingest::new(Arc::clone(&store), fetcher);
    ingest.source_concurrency = opts.sources_at_once;
    let ingest = Arc::new(ingest);
    let bar = indicatif::ProgressBar::hidden();

    let threads0 = thread_cpu();
    let (cpu0, _) = rusage(libc::RUSAGE_SELF);
    let t0 = Instant::now();
    let first = rt.block_on(ingest.poll_sources(store.list_sources()?, &bar));
    let first_secs = t0.elapsed().as_secs_f64();
    let (cpu1, rss_kib) = rusage(libc::RUSAGE_SELF);
    let threads: serde_json::Map<String, serde_json::Value> = thread_cpu()
        .into_iter()
        .map(|(name, secs)| {
            let before = threads0.get(&name).copied().unwrap_or(0.0);
            (name, serde_json::json!(round(secs - before)))
        })
        .filter(|(_, v)| v.as_f64().is_some_and(|x| x > 0.0))
        .collect();
    let stored = store.article_count()?;

    let t1 = Instant::now();
    let second = rt.block_on(ingest.poll_sources(store.list_sources()?, &bar));
    let second_secs = t1.elapsed().as_secs_f64();
    let integrity = store.integrity_check()?;

    let mut out = serde_json::json!({
        "feeds": cfg.feeds,
        "entries_per_feed": cfg.entries,
        "hosts": cfg.hosts,
        "settings": {
            "host_interval_ms": opts.host_interval_ms,
            "sources_at_once": opts.sources_at_once,
            "per_host": crate::ingest::fetch::DEFAULT_PER_HOST,
            "pages_per_source": crate::ingest::PAGES_PER_SOURCE,
        },
        "settings_differing_from_defaults": changed,
        "first_run": {
            "seconds": round(first_secs),
            "cpu_seconds": round(cpu1 - cpu0),
            "articles_stored": stored,
            "new": first.new,
            "failed": first.failed,
            "sources_failed": first.sources_failed,
            "articles_per_second": round(stored as f64 / first_secs),
            "cpu_seconds_by_thread": threads,
        },
        "second_run": { "seconds": round(second_secs), "new": second.new, "sources_failed": second.sources_failed },
        "max_rss_mib": round(rss_kib as f64 / 1024.0),
        "integrity_check": integrity,
        "machine": machine(),
    });
    if let Some(anchor) = &opts.anchor {
        let feeds_txt = work.join("feeds.txt");
        std::fs::write(&feeds_txt, urls.join("\n"))?;
        let t = Instant::now();
        let o = Command::new("python3")
            .arg(anchor)
            .arg(&feeds_txt)
            .arg("--db")
            .arg(work.join("anchor.db"))
            .output()
            .context("running the Python anchor")?;
        let secs = t.elapsed().as_secs_f64();
        anyhow::ensure!(
            o.status.success(),
            "anchor failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let line = String::from_utf8_lossy(&o.stdout)
            .lines()
            .last()
            .unwrap_or("{}")
            .to_string();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap_or(serde_json::Value::Null);
        let (child_cpu, child_rss) = rusage(libc::RUSAGE_CHILDREN);
        out["anchor"] = serde_json::json!({
            "report": v,
            "wall_seconds": round(secs),
            "children_cpu_seconds": round(child_cpu),
            "children_max_rss_mib": round(child_rss as f64 / 1024.0),
        });
        out["speedup_wall"] = serde_json::json!(round(secs / first_secs));
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(out)
}

/// Starts the generated site (`bench site`) as a child process on a free port of its first
/// host and waits until it answers; the child and the site's shape.
fn start_site(
    feeds: usize,
    entries: usize,
    hosts: usize,
) -> anyhow::Result<(std::process::Child, SiteConfig)> {
    let port = std::net::TcpListener::bind((super::site::host_addr(0), 0))?
        .local_addr()?
        .port();
    let cfg = SiteConfig {
        feeds,
        entries,
        hosts,
        port,
    };
    let mut server = Command::new(std::env::current_exe()?)
        .args([
            "bench",
            "site",
            "--feeds",
            &cfg.feeds.to_string(),
            "--entries",
            &cfg.entries.to_string(),
        ])
        .args([
            "--hosts",
            &cfg.hosts.to_string(),
            "--port",
            &port.to_string(),
        ])
        .stdout(Stdio::piped())
        .spawn()
        .context("starting the fixture site")?;
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().context("site stdout")?).read_line(&mut line)?;
    if !line.starts_with("ready") {
        let _ = server.kill();
        anyhow::bail!("fixture site did not start: {line:?}");
    }
    Ok((server, cfg))
}

/// `x` rounded to two decimals.
pub(super) fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A fresh scratch folder under the system's temporary folder.
pub(super) fn tempdir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "kurzgefasst-bench-{}-{}",
        std::process::id(),
        crate::store_now()
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// A short description of this machine: cores and CPU model.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    format!("{cores} cores, {cpu}")
}

/// Runs the fixture site in this process until killed (`bench site`).
pub fn serve_site(cfg: SiteConfig) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let stats = Arc::new(super::site::SiteStats::default());
        let handle = tokio::spawn(super::site::serve(cfg, stats));
        // Wait until the first host answers (the pages are rendered first), then tell the parent.
        let addr = std::net::SocketAddr::new(super::site::host_addr(0), cfg.port);
        for _ in 0..4800 {
            if tokio::net::TcpStream::connect(addr).await.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        println!("ready");
        let _ = handle.await;
    });
    Ok(())
}
