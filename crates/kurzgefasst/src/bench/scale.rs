//! `kurzgefasst bench scale`: ingestion throughput of several worker processes sharing one
//! PostgreSQL database, against the generated site of [`super::site`] (served by a child
//! process on loopback), with 1, 2 and 3 workers (`serve --role worker`, the real binary), and
//! of one worker process on SQLite, in one run. Each run starts from an empty database (a
//! scratch PostgreSQL database created and dropped on the given server, or a scratch SQLite
//! file), subscribes to every feed, starts the workers and measures the wall time until every
//! article is stored. Prints one JSON object.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;

use super::ingest::{machine, round, rusage, tempdir, with_site};
use super::site::feed_urls;
use crate::store::{DbUrl, Store};

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Feeds in all.
    pub feeds: usize,
    /// Entries per feed.
    pub entries: usize,
    /// Loopback hosts the feeds are spread over.
    pub hosts: usize,
    /// Worker counts to measure on PostgreSQL.
    pub workers: Vec<usize>,
    /// A PostgreSQL database on the server to use (scratch databases are created beside it).
    pub postgres: String,
    /// Seconds a run may take at most.
    pub timeout_secs: u64,
    /// Where to write the JSON result as well.
    pub json: Option<PathBuf>,
}

/// Runs the benchmark.
pub fn run(opts: &Options) -> anyhow::Result<()> {
    with_site(
        opts.feeds,
        opts.entries,
        opts.hosts,
        opts.json.as_deref(),
        |cfg| measure_all(opts, cfg),
    )
}

fn measure_all(opts: &Options, cfg: &super::site::SiteConfig) -> anyhow::Result<serde_json::Value> {
    let total = (cfg.feeds * cfg.entries) as i64;
    let urls = feed_urls(cfg);
    let mut admin = postgres::Client::connect(&opts.postgres, postgres::NoTls)
        .with_context(|| format!("connecting to PostgreSQL at {}", opts.postgres))?;
    let settings: Vec<(String, String)> = [
        "synchronous_commit",
        "fsync",
        "shared_buffers",
        "server_version",
    ]
    .iter()
    .map(|k| {
        let v = admin
            .query_one(&format!("SHOW {k}"), &[])
            .map(|r| r.get::<_, String>(0))
            .unwrap_or_default();
        (k.to_string(), v)
    })
    .collect();
    let mut runs = Vec::new();
    // SQLite, one process.
    let work = tempdir()?;
    let sqlite_url = format!("sqlite://{}", work.join("scale.db").display());
    runs.push(measure(
        &sqlite_url,
        "sqlite",
        1,
        &urls,
        total,
        opts.timeout_secs,
    )?);
    let _ = std::fs::remove_dir_all(&work);
    // PostgreSQL, n processes, each run on a fresh database.
    for &n in &opts.workers {
        let name = format!("kg_bench_{}_{n}", std::process::id());
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
        admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
        let url = database_url(&opts.postgres, &name)?;
        let r = measure(&url, "postgres", n, &urls, total, opts.timeout_secs);
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
        runs.push(r?);
    }
    let one_pg = runs
        .iter()
        .find(|r| r["engine"] == "postgres" && r["workers"] == 1)
        .and_then(|r| r["articles_per_second"].as_f64());
    if let Some(base) = one_pg {
        for r in runs.iter_mut().filter(|r| r["engine"] == "postgres") {
            let aps = r["articles_per_second"].as_f64().unwrap_or(0.0);
            r["speedup_vs_one_postgres_worker"] = serde_json::json!(round(aps / base));
        }
    }
    Ok(serde_json::json!({
        "feeds": cfg.feeds,
        "entries_per_feed": cfg.entries,
        "hosts": cfg.hosts,
        "articles": total,
        "runs": runs,
        "postgres_settings": settings.into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect::<serde_json::Map<_, _>>(),
        "machine": machine(),
    }))
}

/// The URL of database `name` on the server of `url`.
pub(super) fn database_url(url: &str, name: &str) -> anyhow::Result<String> {
    let mut u = url::Url::parse(url).with_context(|| format!("not a postgres:// URL: {url}"))?;
    u.set_path(&format!("/{name}"));
    Ok(u.to_string())
}

/// One run: subscribe, start `workers` processes, wait until `total` articles are stored.
fn measure(
    db: &str,
    engine: &str,
    workers: usize,
    urls: &[String],
    total: i64,
    timeout_secs: u64,
) -> anyhow::Result<serde_json::Value> {
    let store = Store::open(&DbUrl::parse(db)?)?;
    for u in urls {
        store.add_source(u)?;
    }
    let (cpu0, _) = rusage(libc::RUSAGE_CHILDREN);
    let t0 = Instant::now();
    let mut children: Vec<Child> = (0..workers)
        .map(|_| {
            Command::new(std::env::current_exe()?)
                .args([
                    "serve",
                    "--role",
                    "worker",
                    "--no-default-sources",
                    "--db",
                    db,
                ])
                .env("KURZGEFASST_ALLOW_PRIVATE", "1")
                .env("KURZGEFASST_HOST_INTERVAL_MS", "0")
                .env("RUST_LOG", "warn")
                .stdout(Stdio::null())
                .spawn()
                .context("starting a worker")
        })
        .collect::<anyhow::Result<_>>()?;
    let deadline = t0 + Duration::from_secs(timeout_secs);
    let outcome = loop {
        let stored = store.article_count()?;
        if stored >= total {
            break Ok(stored);
        }
        if Instant::now() > deadline {
            break Err(anyhow::anyhow!(
                "{engine} with {workers} workers: only {stored} of {total} articles after {timeout_secs} s"
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let secs = t0.elapsed().as_secs_f64();
    for c in &mut children {
        // SAFETY: sending a signal to our own child process.
        unsafe { libc::kill(c.id() as i32, libc::SIGTERM) };
    }
    for c in &mut children {
        let _ = c.wait();
    }
    let (cpu1, _) = rusage(libc::RUSAGE_CHILDREN);
    let stored = outcome?;
    let integrity = store.integrity_check()?;
    Ok(serde_json::json!({
        "engine": engine,
        "workers": workers,
        "seconds": round(secs),
        "articles_stored": stored,
        "articles_per_second": round(stored as f64 / secs),
        "workers_cpu_seconds": round(cpu1 - cpu0),
        "integrity_check": integrity,
    }))
}
