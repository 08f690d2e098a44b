//! `kurzgefasst bench serve`: the web server under load on loopback. Seeds a database with
//! generated German articles (the text generator of [`super::site`], written with
//! [`Store::seed_articles`]), starts `kurzgefasst serve --role web` on it as a child process, and
//! drives it from this process with `connections` keep-alive HTTP/1.1 connections (one reqwest
//! client per connection): the start page, then random article pages, each phase closed-loop
//! (every connection sends its next request when the last answer arrived) and open-loop at a
//! fixed total rate (requests scheduled evenly; latency counted from the scheduled time, so a
//! slow server is not hidden by the client waiting). Then, on a second database of
//! `search_articles`, search requests for words of the generator's vocabulary. Reports
//! p50/p95/p99, throughput, page sizes and the servers' resident memory (VmHWM) as one JSON
//! object.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde_json::{json, Value};

use crate::store::{DateSource, NewArticle, SeedRow, Store};

/// What to run (also the options of `kurzgefasst bench serve`).
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// Articles for the page phases.
    #[arg(long, default_value_t = 100_000)]
    pub articles: usize,
    /// Articles for the search phase (0: skip it).
    #[arg(long, default_value_t = 1_000_000)]
    pub search_articles: usize,
    /// Concurrent connections for the page phases.
    #[arg(long, default_value_t = 200)]
    pub connections: usize,
    /// Concurrent connections for the search phase.
    #[arg(long, default_value_t = 1)]
    pub search_connections: usize,
    /// Seconds per phase.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Requests per second in all for the open-loop phases.
    #[arg(long, default_value_t = 2000)]
    pub rate: u64,
    /// Keep the seeded databases here (and reuse them when they hold the right number of
    /// articles); default: a temporary folder removed afterwards.
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Also write the JSON result here.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Logged-in readers for the reader phases (0: skip them); each follows 200 of the 400
    /// sources in 5 categories, has 30 % of the articles read and 20 mute rules.
    #[arg(long, default_value_t = 10)]
    pub readers: usize,
}

/// Sources (sites) the generated articles are spread over (100,000 articles: 250 each).
const SITES: usize = 400;
/// Sources each bench reader follows (of [`SITES`]; reader `r` from source `r * 40` on).
const FOLLOWED: usize = 200;
/// The categories each bench reader sorts their sources into (source `k` of theirs into
/// category `k % 5`).
const CATEGORIES: &[&str] = &["Politik", "Wirtschaft", "Region", "Kultur", "Sport"];
/// Articles per seeding transaction.
const BATCH: usize = 5000;

/// The generated article `i` as the pipeline would store it (teaser, first four paragraphs,
/// extractive TLDR).
fn generated(i: usize) -> NewArticle {
    let g = super::site::Article::new(i);
    let site = format!("www.nachrichten-{}.example", i % SITES);
    let published = g.published.timestamp();
    let mut a = NewArticle {
        url: format!("https://{site}/artikel/{i}.html"),
        canonical_url: None,
        title: g.title.clone(),
        teaser: Some(g.teaser.clone()),
        blocks: g
            .paragraphs()
            .iter()
            .take(4)
            .map(|p| kg_extract::Block {
                kind: kg_extract::BlockKind::Paragraph,
                text: p.clone(),
            })
            .collect(),
        site,
        author: Some("Redaktion".into()),
        language: Some("de".into()),
        image: None,
        paywalled: i.is_multiple_of(17),
        published_at: published,
        date_source: DateSource::Page,
        fetched_at: published + 120,
        extract_error: None,
        ressort: None,
        page_type: kg_extract::PageType::Article,
        tldr: kg_summarize::Tldr {
            sentences: Vec::new(),
            method: kg_summarize::Method::Extractive,
            model: None,
        },
    };
    a.tldr = crate::ingest::summarize(&a);
    a
}

/// Opens (or makes) a database of `n` generated articles; returns it and the seconds seeding
/// took (0 when it already held them).
fn seeded(path: &Path, n: usize) -> anyhow::Result<f64> {
    let store = Store::open_path(path)?;
    let have = store.article_count()? as usize;
    if have == n {
        let sources = store.list_sources()?.len();
        anyhow::ensure!(
            sources == SITES,
            "{} holds {sources} sources, not {SITES} (made by an older bench): remove it first",
            path.display()
        );
        return Ok(0.0);
    }
    anyhow::ensure!(
        have == 0,
        "{} holds {have} articles, not {n}: remove it first",
        path.display()
    );
    let started = Instant::now();
    let mut sources = Vec::with_capacity(SITES);
    for s in 0..SITES {
        sources.push(
            store
                .add_source(&format!("https://www.nachrichten-{s}.example/feed.rss"))?
                .id,
        );
    }
    // Two threads prepare batches (generate, summarise, stem); this thread writes them.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(usize, SeedRow)>>(4);
    let workers = 2;
    std::thread::scope(|scope| -> anyhow::Result<()> {
        for w in 0..workers {
            let tx = tx.clone();
            scope.spawn(move || {
                let mut start = w * BATCH;
                while start < n {
                    let end = (start + BATCH).min(n);
                    let batch: Result<Vec<_>, _> = (start..end)
                        .map(|i| SeedRow::new(generated(i)).map(|r| (i, r)))
                        .collect();
                    match batch {
                        Ok(b) => {
                            if tx.send(b).is_err() {
                                return;
                            }
                        }
                        Err(e) => {
                            tracing::error!(error = %e, "cannot prepare articles");
                            return;
                        }
                    }
                    start += workers * BATCH;
                }
            });
        }
        drop(tx);
        let mut done = 0;
        for batch in rx {
            // One transaction per source within the batch.
            let mut by_source: Vec<Vec<SeedRow>> = (0..SITES).map(|_| Vec::new()).collect();
            for (i, row) in batch {
                by_source[i % SITES].push(row);
            }
            for (s, rows) in by_source.iter().enumerate() {
                if !rows.is_empty() {
                    store.seed_articles(sources[s], rows)?;
                }
            }
            done += by_source.iter().map(Vec::len).sum::<usize>();
            if done % 100_000 < BATCH {
                eprintln!(
                    "seeded {done} / {n} ({:.0} s)",
                    started.elapsed().as_secs_f64()
                );
            }
        }
        Ok(())
    })?;
    let count = store.article_count()? as usize;
    anyhow::ensure!(count == n, "seeding stored {count} articles, not {n}");
    Ok(started.elapsed().as_secs_f64())
}

/// A `kurzgefasst serve --role web` on a database, killed on drop.
struct ServerProcess {
    child: Child,
    addr: std::net::SocketAddr,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ServerProcess {
    fn start(db: &Path) -> anyhow::Result<ServerProcess> {
        let addr = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        let child = Command::new(std::env::current_exe()?)
            .args(["serve", "--role", "web", "--no-default-sources", "--listen"])
            .arg(addr.to_string())
            .arg("--db")
            .arg(format!("sqlite://{}", db.display()))
            .env("KURZGEFASST_ADMIN_PASSWORD", "bench-password-not-used")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .context("starting kurzgefasst serve")?;
        let server = ServerProcess { child, addr };
        let deadline = Instant::now() + Duration::from_secs(120);
        while std::net::TcpStream::connect(addr).is_err() {
            anyhow::ensure!(Instant::now() < deadline, "serve did not come up");
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(server)
    }

    /// Peak and current resident memory (MB) from `/proc/PID/status`.
    fn memory(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let kb = |key: &str| {
            status
                .lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        (kb("VmHWM:") / 1024.0, kb("VmRSS:") / 1024.0)
    }
}

/// Latency summary of one phase.
fn summary(mut lat: Vec<f64>, errors: usize, seconds: f64) -> Value {
    lat.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let p = |q: f64| {
        if lat.is_empty() {
            return 0.0;
        }
        let i = ((lat.len() as f64 * q).ceil() as usize).clamp(1, lat.len()) - 1;
        (lat[i] * 1000.0 * 100.0).round() / 100.0
    };
    json!({
        "requests": lat.len(),
        "errors": errors,
        "rps": (lat.len() as f64 / seconds).round(),
        "p50_ms": p(0.50),
        "p95_ms": p(0.95),
        "p99_ms": p(0.99),
        "max_ms": p(1.0),
    })
}

/// Drives `paths(k)` (k: a per-request counter) from `connections` connections for `seconds`;
/// closed-loop when `rate` is 0, else open-loop at `rate` requests per second in all.
async fn drive(
    base: &str,
    connections: usize,
    seconds: u64,
    rate: u64,
    paths: Arc<dyn Fn(u64) -> String + Send + Sync>,
) -> Value {
    drive_as(base, connections, seconds, rate, paths, &[]).await
}

/// [`drive`] with connection `c` sending the cookie `cookies[c % len]` (logged-in readers).
async fn drive_as(
    base: &str,
    connections: usize,
    seconds: u64,
    rate: u64,
    paths: Arc<dyn Fn(u64) -> String + Send + Sync>,
    cookies: &[String],
) -> Value {
    // Every connection is made (and used once) before the clock starts: the phase measures
    // 200 open keep-alive connections, not client set-up and TCP handshakes.
    let mut clients = Vec::with_capacity(connections);
    for c in 0..connections {
        let mut headers = reqwest::header::HeaderMap::new();
        if !cookies.is_empty() {
            if let Ok(v) = reqwest::header::HeaderValue::from_str(&cookies[c % cookies.len()]) {
                headers.insert(reqwest::header::COOKIE, v);
            }
        }
        clients.push(
            reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .http1_only()
                .default_headers(headers)
                .build()
                .expect("client"),
        );
    }
    let warm: Vec<_> = clients
        .iter()
        .map(|c| {
            let c = c.clone();
            let url = format!("{base}/healthz");
            tokio::spawn(async move {
                if let Ok(r) = c.get(&url).send().await {
                    let _ = r.bytes().await;
                }
            })
        })
        .collect();
    for w in warm {
        let _ = w.await;
    }
    let start = Instant::now() + Duration::from_millis(100);
    let end = start + Duration::from_secs(seconds);
    let mut tasks = Vec::with_capacity(connections);
    for (c, client) in clients.into_iter().enumerate() {
        let base = base.to_string();
        let paths = Arc::clone(&paths);
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0usize;
            let interval = if rate > 0 {
                Some(Duration::from_secs_f64(connections as f64 / rate as f64))
            } else {
                None
            };
            let mut k = c as u64;
            let mut next = start
                + interval
                    .map(|i| i.mul_f64(c as f64 / connections as f64))
                    .unwrap_or_default();
            loop {
                let now = Instant::now();
                if next > now {
                    tokio::time::sleep_until(next.into()).await;
                }
                let scheduled = if interval.is_some() {
                    next
                } else {
                    Instant::now()
                };
                if scheduled >= end {
                    break;
                }
                let url = format!("{base}{}", paths(k));
                k += connections as u64;
                match client.get(&url).send().await {
                    Ok(r) if r.status().is_success() => match r.bytes().await {
                        Ok(_) => lat.push(scheduled.elapsed().as_secs_f64()),
                        Err(_) => errors += 1,
                    },
                    _ => errors += 1,
                }
                next = match interval {
                    Some(i) => next + i,
                    None => Instant::now(),
                };
            }
            (lat, errors)
        }));
    }
    let mut lat = Vec::new();
    let mut errors = 0;
    for t in tasks {
        if let Ok((l, e)) = t.await {
            lat.extend(l);
            errors += e;
        }
    }
    summary(lat, errors, seconds as f64)
}

/// A small deterministic generator for picking articles.
fn pick(k: u64, n: usize) -> usize {
    let mut x = k.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    x ^= x >> 29;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 32;
    (x % n as u64) as usize + 1
}

/// Search words of the generator's vocabulary (topics, places, people, phrases, inflections).
const QUERIES: &[&str] = &[
    "Wärmepumpen",
    "Haushalt",
    "Radwege",
    "Schulen",
    "Krankenhaus",
    "Stadtrat",
    "Bürgermeisterin",
    "Nahverkehr",
    "Wohnungen",
    "Hamburg",
    "München",
    "Leipzig",
    "Millionen Euro",
    "\"Streit um\"",
    "Kita-Plätze",
    "Mieten",
    "Opposition",
    "Gericht",
    "Hitze",
    "Energie",
    "Feuerwehr",
    "Polizei",
    "Haeuser",
    "Entscheidung",
    "Kommentar",
];

/// Runs the benchmark and prints the JSON result.
pub fn run(opts: &Options) -> anyhow::Result<()> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let tmp;
    let dir = match &opts.dir {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.clone()
        }
        None => {
            tmp = TempDir::new()?;
            tmp.0.clone()
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;

    // Pages over `articles`.
    let pages_db = dir.join(format!("serve-{}.db", opts.articles));
    let seed_pages = seeded(&pages_db, opts.articles)?;
    let server = ServerProcess::start(&pages_db)?;
    let base = format!("http://{}", server.addr);
    let n = opts.articles.max(1);
    let start_page: Arc<dyn Fn(u64) -> String + Send + Sync> = Arc::new(|_| "/".to_string());
    let article: Arc<dyn Fn(u64) -> String + Send + Sync> =
        Arc::new(move |k| format!("/artikel/{}", pick(k, n)));
    let sizes = rt.block_on(async {
        let c = reqwest::Client::new();
        let mut sizes = serde_json::Map::new();
        for p in ["/", "/artikel/1", "/suche?q=Haushalt", "/quellen", "/tag"] {
            let body = c
                .get(format!("{base}{p}"))
                .send()
                .await
                .context("warm-up request")?
                .bytes()
                .await?;
            sizes.insert(p.to_string(), json!(body.len()));
        }
        anyhow::Ok(sizes)
    })?;
    // Warm-up: every page type once under load.
    rt.block_on(drive(&base, opts.connections, 2, 0, Arc::clone(&article)));
    let mut phases = serde_json::Map::new();
    for (name, paths) in [("start_page", &start_page), ("article_page", &article)] {
        let closed = rt.block_on(drive(
            &base,
            opts.connections,
            opts.seconds,
            0,
            Arc::clone(paths),
        ));
        let open = rt.block_on(drive(
            &base,
            opts.connections,
            opts.seconds,
            opts.rate,
            Arc::clone(paths),
        ));
        eprintln!("{name}: closed-loop {closed}, open-loop {open}");
        phases.insert(
            name.to_string(),
            json!({"closed_loop": closed, "open_loop": open}),
        );
    }
    let readers = if opts.readers > 0 {
        reader_phases(opts, &pages_db, &base, &rt, &article)?
    } else {
        Value::Null
    };
    let (pages_hwm, pages_rss) = server.memory();
    drop(server);

    // Search over `search_articles`.
    let mut search = Value::Null;
    let mut seed_search = 0.0;
    if opts.search_articles > 0 {
        let search_db = dir.join(format!("serve-{}.db", opts.search_articles));
        seed_search = seeded(&search_db, opts.search_articles)?;
        let server = ServerProcess::start(&search_db)?;
        let base = format!("http://{}", server.addr);
        let queries: Arc<dyn Fn(u64) -> String + Send + Sync> = Arc::new(|k| {
            format!(
                "/suche?q={}",
                url::form_urlencoded::byte_serialize(
                    QUERIES[k as usize % QUERIES.len()].as_bytes()
                )
                .collect::<String>()
            )
        });
        rt.block_on(drive(
            &base,
            opts.search_connections,
            2,
            0,
            Arc::clone(&queries),
        ));
        let closed = rt.block_on(drive(
            &base,
            opts.search_connections,
            opts.seconds,
            0,
            queries,
        ));
        let (hwm, rss) = server.memory();
        eprintln!("search: {closed}");
        search = json!({
            "articles": opts.search_articles,
            "connections": opts.search_connections,
            "closed_loop": closed,
            "server_peak_rss_mb": hwm,
            "server_rss_mb": rss,
            "seed_seconds": seed_search,
        });
    }

    let out = json!({
        "benchmark": "serve",
        "articles": opts.articles,
        "connections": opts.connections,
        "seconds_per_phase": opts.seconds,
        "open_loop_rate": opts.rate,
        "seed_seconds": seed_pages,
        "page_bytes": sizes,
        "phases": phases,
        "readers": readers,
        "server_peak_rss_mb": pages_hwm,
        "server_rss_mb": pages_rss,
        "search": search,
        "seeding_search_seconds": seed_search,
        "cpus": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        "date": chrono::Utc::now().to_rfc3339(),
    });
    let text = serde_json::to_string_pretty(&out)?;
    println!("{text}");
    if let Some(p) = &opts.json {
        std::fs::write(p, &text).with_context(|| format!("writing {}", p.display()))?;
    }
    Ok(())
}

/// Mute rules of every bench reader: two title words of the generator's vocabulary (they hide
/// a share of the river), sixteen words and phrases it never writes, matched anywhere (they hide
/// nothing but cost their matching on every article), and two sources.
const MUTE_WORDS: &[(&str, bool)] = &[
    ("Feuerwehr", true),
    ("Polizei", true),
    ("Fußball", false),
    ("Bundesliga", false),
    ("Kryptowährung", false),
    ("Bitcoin", false),
    ("Promi-Hochzeit", false),
    ("Dschungelcamp", false),
    ("Horoskop", false),
    ("Lottozahlen", false),
    ("Formel 1", false),
    ("Champions League", false),
    ("Royals", false),
    ("Influencer", false),
    ("Reality-Show", false),
    ("Schlagerstar", false),
    ("Gewinnspiel", false),
    ("Börsengang", false),
];

/// Subscribes bench reader `r` (user `id`) to [`FOLLOWED`] of `sources` from `r * 40` on,
/// source `k` of theirs into category `k % 5`; the followed sources.
fn follow(store: &Store, id: i64, r: usize, sources: &[i64]) -> anyhow::Result<Vec<i64>> {
    let cats = CATEGORIES
        .iter()
        .map(|c| store.ensure_category(id, c).map(|c| c.id))
        .collect::<Result<Vec<i64>, _>>()?;
    let mut followed = Vec::with_capacity(FOLLOWED);
    for k in 0..FOLLOWED {
        let s = sources[(r * 40 + k) % sources.len()];
        store.subscribe(id, s, Some(cats[k % cats.len()]), None)?;
        followed.push(s);
    }
    Ok(followed)
}

/// Milliseconds of a duration.
fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0 * 100.0).round() / 100.0
}

/// Median, p99 and maximum of some timings in ms.
fn spread(mut v: Vec<f64>) -> Value {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let at = |q: f64| v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1];
    json!({"runs": v.len(), "p50_ms": at(0.5), "p99_ms": at(0.99), "max_ms": at(1.0)})
}

/// The logged-in phases: `readers` readers (30 % of the articles read, 20 mute rules each),
/// their start page with only unread articles and article pages (which mark read), each
/// closed- and open-loop; the navigation's unread counts and marking 10,000 articles read,
/// timed in this process on the same database.
fn reader_phases(
    opts: &Options,
    db: &Path,
    base: &str,
    rt: &tokio::runtime::Runtime,
    article: &Arc<dyn Fn(u64) -> String + Send + Sync>,
) -> anyhow::Result<Value> {
    use crate::store::{Rule, RuleAction, RuleField, Scope};
    let store = Store::open_path(db)?;
    let now = chrono::Utc::now().timestamp();
    let hash = crate::auth::hash_password("bench-reader-password")?;
    let conn = rusqlite::Connection::open(db)?;
    conn.busy_timeout(Duration::from_secs(30))?;
    let sources: Vec<i64> = store.list_sources()?.iter().map(|s| s.id).collect();
    anyhow::ensure!(sources.len() >= FOLLOWED, "too few sources for the readers");
    eprintln!(
        "readers: {} readers, {FOLLOWED} subscriptions each (of {} sources) in {} categories, \
         30 % of the articles read, {} mute rules each ({} words, 2 sources)",
        opts.readers,
        sources.len(),
        CATEGORIES.len(),
        MUTE_WORDS.len() + 2,
        MUTE_WORDS.len()
    );
    let mut cookies = Vec::new();
    let mut users = Vec::new();
    for r in 0..opts.readers {
        let id = store.set_user_password(&format!("leser{r}"), &hash)?;
        // The same state on every run: 200 subscriptions in 5 categories, 30 % read (spread
        // over the whole river), 20 rules.
        conn.execute("DELETE FROM item_states WHERE user_id = ?1", [id])?;
        conn.execute("DELETE FROM reader_rules WHERE user_id = ?1", [id])?;
        conn.execute("DELETE FROM reader_settings WHERE user_id = ?1", [id])?;
        conn.execute("DELETE FROM subscriptions WHERE user_id = ?1", [id])?;
        conn.execute("DELETE FROM categories WHERE user_id = ?1", [id])?;
        let followed = follow(&store, id, r, &sources)?;
        // Read on the days before (a reader's states build up over weeks, not in the last
        // minutes).
        conn.execute(
            "INSERT INTO item_states (user_id, article_id, is_read, starred, updated_at) \
             SELECT ?1, id, 1, 0, ?2 - 86400 * (1 + id % 28) FROM articles WHERE (id * 7 + ?1) % 10 < 3",
            rusqlite::params![id, now],
        )?;
        for (word, title) in MUTE_WORDS {
            let field = if *title {
                RuleField::Title
            } else {
                RuleField::Anywhere
            };
            if let Some(rule) = Rule::new(RuleAction::Mute, field, word, None) {
                store.add_rule(id, &rule)?;
            }
        }
        for s in [followed[3], followed[101]] {
            if let Some(rule) = Rule::new(RuleAction::Mute, RuleField::Source, "", Some(s)) {
                store.add_rule(id, &rule)?;
            }
        }
        let token = crate::auth::new_token()?;
        store.create_session(
            &crate::auth::token_hash(&token),
            id,
            &crate::auth::new_token()?,
            now,
            now + 86_400,
        )?;
        cookies.push(format!("kg_sitzung={token}"));
        users.push(id);
    }
    let rules = store.filters(users[0])?.rules.len();
    // What the filters hide of the newest 2,000 articles of reader 0's sources.
    let newest = store.list_subscribed_articles(users[0], None, 2000, None)?;
    let ids: Vec<i64> = newest.iter().map(|a| a.id).collect();
    let visible = store.visible_ids(users[0], &ids)?.len();

    let start: Arc<dyn Fn(u64) -> String + Send + Sync> = Arc::new(|_| "/?ungelesen=1".to_string());
    let mut phases = serde_json::Map::new();
    rt.block_on(drive_as(
        base,
        opts.connections,
        2,
        0,
        Arc::clone(&start),
        &cookies,
    ));
    for (name, paths) in [("start_page_unread", &start), ("article_page", article)] {
        let closed = rt.block_on(drive_as(
            base,
            opts.connections,
            opts.seconds,
            0,
            Arc::clone(paths),
            &cookies,
        ));
        let open = rt.block_on(drive_as(
            base,
            opts.connections,
            opts.seconds,
            opts.rate,
            Arc::clone(paths),
            &cookies,
        ));
        eprintln!("reader {name}: closed-loop {closed}, open-loop {open}");
        phases.insert(
            name.to_string(),
            json!({"closed_loop": closed, "open_loop": open}),
        );
    }

    // The navigation's counts as the server makes them (`UnreadCounter`): the first call
    // builds the article → sources map; then each reader's first counts (`forget`: all their
    // state read, as after the server starts), their counts after a write that is no read
    // mark (saving an article with "Merken", then taking it back: the states written since
    // are read), and reused (same version). For comparison, counting in SQL once (per source,
    // per category, in all).
    let counter = crate::store::UnreadCounter::default();
    let t = Instant::now();
    let first = counter.summary(&store, users[0])?;
    let map_ms = ms(t.elapsed());
    let mut afresh = Vec::new();
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    let newest = store.max_article_id()?;
    for round in 0..5 {
        for &u in &users {
            counter.forget(u);
            let t = Instant::now();
            counter.summary(&store, u)?;
            afresh.push(ms(t.elapsed()));
            let saved = newest - round;
            store.set_item_state(u, &[saved], None, Some(round % 2 == 0))?;
            let t = Instant::now();
            counter.summary(&store, u)?;
            cold.push(ms(t.elapsed()));
            let t = Instant::now();
            counter.summary(&store, u)?;
            warm.push(ms(t.elapsed()));
        }
    }
    // After opening an article in this process: the change taken out of the counts
    // (`apply_read`), then the counts as the next page reads them.
    let mut opened = Vec::new();
    for _ in 0..5 {
        for &u in &users {
            counter.summary(&store, u)?;
            // The reader's newest unread article (read now, so the next round takes another).
            let unread = store.reading_list(
                u,
                &crate::store::ReadingList {
                    unread_only: true,
                    limit: 1,
                    ..Default::default()
                },
                &crate::store::Filters::default(),
            )?;
            let Some(x) = unread.first() else { continue };
            let change = store.open_article_tracked(u, x.article.id)?;
            let t = Instant::now();
            counter.apply_read(u, &change);
            counter.summary(&store, u)?;
            opened.push(ms(t.elapsed()));
        }
    }
    // After marking a page read ("Alles als gelesen markieren" of a list of 50): the change
    // taken out of the counts in place (`apply_read`), then the counts as the next page reads
    // them.
    let mut page_marked = Vec::new();
    for _ in 0..3 {
        for &u in &users {
            counter.summary(&store, u)?;
            let unread = store.reading_list(
                u,
                &crate::store::ReadingList {
                    unread_only: true,
                    limit: 50,
                    ..Default::default()
                },
                &crate::store::Filters::default(),
            )?;
            let scope = Scope {
                ids: Some(unread.iter().map(|x| x.article.id).collect()),
                ..Scope::default()
            };
            let max = store.max_article_id()?;
            let change = store.mark_scope_read_tracked(u, &scope, max)?;
            let t = Instant::now();
            counter.apply_read(u, &change);
            counter.summary(&store, u)?;
            page_marked.push(ms(t.elapsed()));
        }
    }
    let t = Instant::now();
    store.unread_counts(users[0])?;
    for c in store.categories(users[0])? {
        store.unread_subscribed(users[0], Some(c.id))?;
    }
    store.unread_subscribed(users[0], None)?;
    let sql_ms = ms(t.elapsed());
    // Marking the newest 10,000 articles read for a reader without state: one statement.
    let marker = store.set_user_password("leser-markiert", &hash)?;
    conn.execute("DELETE FROM subscriptions WHERE user_id = ?1", [marker])?;
    conn.execute("DELETE FROM categories WHERE user_id = ?1", [marker])?;
    follow(&store, marker, 0, &sources)?;
    let max_id = store.max_article_id()?;
    // The newest 10,000 articles of the marker's sources.
    let ten_k = store.list_subscribed_articles(marker, None, 10_000, None)?;
    let from = ten_k.last().map(|a| a.published_at).unwrap_or(0);
    let mut marks = Vec::new();
    let mut marked = 0;
    for _ in 0..3 {
        conn.execute("DELETE FROM item_states WHERE user_id = ?1", [marker])?;
        let scope = Scope {
            from: Some(from),
            ..Scope::default()
        };
        let t = Instant::now();
        marked = store.mark_scope_read(marker, &scope, max_id)?;
        marks.push(ms(t.elapsed()));
    }
    Ok(json!({
        "readers": opts.readers,
        "sources": sources.len(),
        "subscriptions_per_reader": FOLLOWED,
        "categories_per_reader": CATEGORIES.len(),
        "reader_0_unread": {"total": first.total.count, "per_category": first.per_category.iter().map(|(_, u)| u.count).collect::<Vec<_>>()},
        "read_share": 0.3,
        "rules_per_reader": rules,
        "newest_2000_visible_for_reader_0": visible,
        "phases": phases,
        "unread_counts": {
            "first_call_builds_map_ms": map_ms,
            "first_count_of_a_reader": spread(afresh),
            "after_a_write": spread(cold),
            "unchanged_version": spread(warm),
            "after_opening_an_article": spread(opened),
            "after_marking_a_page_read": spread(page_marked),
            "counting_in_sql_once_ms": sql_ms,
        },
        "mark_read": {"articles": marked, "timings": spread(marks)},
    }))
}

/// A temporary folder removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> anyhow::Result<TempDir> {
        let p = std::env::temp_dir().join(format!("kg-bench-serve-{}", std::process::id()));
        std::fs::create_dir_all(&p)?;
        Ok(TempDir(p))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
