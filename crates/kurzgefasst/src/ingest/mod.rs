//! `ingest`: polling sources, fetching each new article's page, extracting, summarising and
//! storing it. One failing source or page never stops the others: its error is recorded on the
//! source (or the article) and the run goes on.

pub mod charset;
pub mod discover;
pub mod embed;
pub mod feed;
pub mod fetch;
pub mod opml;
pub mod robots;
pub mod save;
pub mod schedule;

use std::sync::Arc;

use indicatif::ProgressBar;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::store::{DateSource, EntryRef, NewArticle, SaveOutcome, Source, Store, StoreError};
use feed::FeedEntry;
use fetch::{FetchError, Fetcher};

/// Seconds between polls of a healthy source whose rhythm is unknown.
pub const POLL_INTERVAL: i64 = 15 * 60;
/// Shortest poll interval, however busy the source.
pub const MIN_INTERVAL: i64 = 10 * 60;
/// Longest poll interval, however quiet the source.
pub const MAX_INTERVAL: i64 = 6 * 60 * 60;
/// A publication date further than this in the future is treated as missing.
pub const FUTURE_SLACK: i64 = 24 * 60 * 60;
/// Longest wait before a failing source is tried again.
pub const MAX_BACKOFF: i64 = 24 * 60 * 60;

/// Sources polled at once by default, in `fetch` and in `serve`'s scheduler. High on purpose:
/// what paces a run are the manners towards each host (at most [`fetch::DEFAULT_PER_HOST`]
/// requests in flight and [`fetch::DEFAULT_HOST_INTERVAL_MS`] between two starts), which a
/// source waiting for its host's turn costs nothing; a small global limit would instead let the
/// spacing of a few hosts pace the whole run (`bench ingest`, 100 feeds on 100 hosts with 20
/// articles each: 151 s at 4 at once, 5.3 s at this limit, the spacing's bound; BENCHMARKS.md). The cap only bounds memory: each source in flight holds its feed.
pub const SOURCES_AT_ONCE: usize = 256;

/// Article pages of one source fetched at once by default (its host's limit applies as well).
pub const PAGES_PER_SOURCE: usize = 4;

/// Counts of one polling run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Sources polled.
    pub sources: usize,
    /// Sources whose poll failed.
    pub sources_failed: usize,
    /// New articles stored.
    pub new: usize,
    /// Articles updated because their content changed.
    pub updated: usize,
    /// Articles whose page could not be fetched or extracted (stored from the feed's text).
    pub failed: usize,
}

impl Report {
    fn add(&mut self, o: &Report) {
        self.sources += o.sources;
        self.sources_failed += o.sources_failed;
        self.new += o.new;
        self.updated += o.updated;
        self.failed += o.failed;
    }
}

/// The ingestion pipeline: a fetcher, the store, and the limits of concurrent work.
pub struct Ingest {
    /// The database.
    pub store: Arc<Store>,
    /// The HTTP client.
    pub fetcher: Fetcher,
    /// Sources polled at once.
    pub source_concurrency: usize,
    /// Article pages fetched at once per source (politeness towards one host).
    pub page_concurrency: usize,
    /// Where new and changed articles are saved (group commit on SQLite).
    saves: save::SaveQueue,
    /// Embeds each new or changed article's title and lead before it is saved, when an
    /// embeddings server is configured ([`Ingest::with_embeddings`]).
    embedder: Option<embed::Embedder>,
}

impl Ingest {
    /// A pipeline with the default limits.
    pub fn new(store: Arc<Store>, fetcher: Fetcher) -> Ingest {
        Ingest {
            saves: save::SaveQueue::new(Arc::clone(&store)),
            store,
            fetcher,
            source_concurrency: SOURCES_AT_ONCE,
            page_concurrency: PAGES_PER_SOURCE,
            embedder: None,
        }
    }

    /// The pipeline with an embeddings server (`--embeddings-url`): each new or changed
    /// article's title and lead are embedded after extraction, before the save, and the
    /// vector goes to the store with the article (a same-event signal for its story cluster).
    /// `None` changes nothing.
    pub fn with_embeddings(mut self, embedder: Option<embed::Embedder>) -> Ingest {
        self.embedder = embedder;
        self
    }

    /// Polls `sources` and processes their new entries; `progress` advances once per source.
    pub async fn poll_sources(
        self: &Arc<Self>,
        sources: Vec<Source>,
        progress: &ProgressBar,
    ) -> Report {
        self.poll_sources_leased(sources, progress, None).await
    }

    /// As [`Ingest::poll_sources`], for sources leased to `lease_owner` (see
    /// [`schedule`]): each source's lease is released as its poll's result is recorded. The
    /// polls run on the pipeline's runtime ([`pipeline`]), whatever runtime awaits them.
    pub async fn poll_sources_leased(
        self: &Arc<Self>,
        sources: Vec<Source>,
        progress: &ProgressBar,
        lease_owner: Option<&str>,
    ) -> Report {
        let sem = Arc::new(Semaphore::new(self.source_concurrency.max(1)));
        let mut set = JoinSet::new();
        let runtime = pipeline();
        for src in sources {
            let me = Arc::clone(self);
            let sem = Arc::clone(&sem);
            let owner = lease_owner.map(str::to_string);
            let poll = async move {
                let _permit = sem.acquire_owned().await;
                me.poll_source(&src, owner.as_deref()).await
            };
            match runtime {
                Some(rt) => set.spawn_on(poll, rt),
                None => set.spawn(poll),
            };
        }
        let mut total = Report::default();
        while let Some(res) = set.join_next().await {
            match res {
                Ok(r) => total.add(&r),
                Err(e) => {
                    tracing::error!(error = %e, "source task panicked");
                    total.sources += 1;
                    total.sources_failed += 1;
                }
            }
            progress.inc(1);
            progress.set_message(format!("{} neu / new", total.new));
        }
        total
    }

    /// Polls one source: fetches the feed, stores each new or changed entry's article, and
    /// records the source's health and next poll, giving up `lease_owner`'s lease on it in the
    /// same step.
    pub async fn poll_source(&self, src: &Source, lease_owner: Option<&str>) -> Report {
        let mut report = Report {
            sources: 1,
            ..Report::default()
        };
        crate::metrics::METRICS.poll();
        let now = crate::store_now();
        let mut fetched = match self
            .fetcher
            .get(&src.url, src.etag.as_deref(), src.last_modified.as_deref())
            .await
        {
            Ok(f) => f,
            Err(e) => {
                let failure = (e.kind(), e.to_string(), retry_after(&e));
                self.fail_source(src, failure, now, lease_owner).await;
                report.sources_failed = 1;
                return report;
            }
        };
        if fetched.permanent_redirect && fetched.url != src.url {
            let store = Arc::clone(&self.store);
            let (id, url) = (src.id, fetched.url.clone());
            match blocking(move || store.update_source_url(id, &url)).await {
                Ok(true) => {
                    tracing::info!(source = src.id, from = %src.url, to = %fetched.url, "source moved permanently")
                }
                Ok(false) => {}
                Err(e) => tracing::error!(source = src.id, error = %e, "cannot update source URL"),
            }
        }
        if fetched.not_modified {
            let interval = src.poll_interval_secs.clamp(MIN_INTERVAL, MAX_INTERVAL);
            self.succeed_source(src, &fetched, (None, None), now, interval, lease_owner)
                .await;
            return report;
        }
        // Parsing a large feed is CPU work: keep it off the async workers that serve the web.
        let (body, feed_url, content_type) = (
            std::mem::take(&mut fetched.body),
            fetched.url.clone(),
            fetched.content_type.clone(),
        );
        let parsed = cpu_bound(move || feed::parse(&body, &feed_url, content_type.as_deref()))
            .await
            .unwrap_or_else(|e| Err(feed::FeedError(format!("feed parser failed: {e}"))));
        let parsed = match parsed {
            Ok(p) => p,
            Err(e) => {
                self.fail_source(src, ("parse", e.to_string(), None), now, lease_owner)
                    .await;
                report.sources_failed = 1;
                return report;
            }
        };
        let interval = poll_interval(&parsed, fetched.max_age, now);
        let mut keys = std::collections::HashSet::new();
        let mut entries = Vec::new();
        for entry in parsed.entries {
            // Only http(s) links are followed: a `javascript:` or `data:` link is no article.
            let Some(link) = entry.link.clone().filter(|l| is_http_url(l)) else {
                continue;
            };
            if !keys.insert(entry.key.clone()) {
                continue; // a duplicate GUID within one feed: the first entry wins
            }
            let hash = entry_hash(&entry);
            entries.push((entry, hash, clean_url(&link)));
        }
        // What the store knows of every entry, looked up in one blocking task for the whole
        // feed (one hand-off to a blocking thread instead of one per entry).
        let store = Arc::clone(&self.store);
        let id = src.id;
        let states = blocking(move || {
            let mut out = Vec::with_capacity(entries.len());
            for (entry, hash, clean) in entries {
                let state = store.entry_state(id, &entry.key).and_then(|state| {
                    let known = if state.is_none() {
                        store.article_by_url(&clean)?
                    } else {
                        None
                    };
                    Ok((state, known))
                });
                out.push((entry, hash, state));
            }
            Ok(out)
        })
        .await;
        let states = match states {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(source = src.id, error = %e, "cannot read entries");
                Vec::new()
            }
        };
        let mut todo = Vec::new();
        for (entry, hash, state) in states {
            match state {
                Ok((Some((_, Some(h))), _)) if h == hash => {}
                Ok((Some(_), _)) => todo.push((entry, hash)), // changed: fetch again and update
                Ok((None, Some(article_id))) => {
                    // Known article under a new entry (another feed, or a GUID that changed).
                    let store = Arc::clone(&self.store);
                    let id = src.id;
                    let res = blocking(move || {
                        let e = EntryRef {
                            key: &entry.key,
                            link: entry.link.as_deref(),
                            title: entry.title.as_deref(),
                            hash: &hash,
                        };
                        store.link_entry(id, &e, article_id)
                    })
                    .await;
                    if let Err(e) = res {
                        tracing::error!(source = src.id, error = %e, "cannot link entry");
                    }
                }
                Ok((None, None)) => todo.push((entry, hash)),
                Err(e) => tracing::error!(source = src.id, error = %e, "cannot read entries"),
            }
        }
        let sem = Arc::new(Semaphore::new(self.page_concurrency.max(1)));
        let mut set = JoinSet::new();
        for (entry, hash) in todo {
            let fetcher = self.fetcher.clone();
            let saves = self.saves.clone();
            let sem = Arc::clone(&sem);
            let source_id = src.id;
            let embedder = self.embedder.clone();
            set.spawn(async move {
                let permit = sem.acquire_owned().await;
                let link = entry.link.clone().unwrap_or_default();
                let article = fetch_article(&fetcher, &link, Some(&entry)).await;
                // This page is fetched and extracted: the source's next page may start while
                // this one waits for its batch to be committed.
                drop(permit);
                let failed = article.extract_error.is_some();
                let e = EntryRef {
                    key: &entry.key,
                    link: entry.link.as_deref(),
                    title: entry.title.as_deref(),
                    hash: &hash,
                };
                let prepared = cpu_bound(move || Store::prepare(article))
                    .await
                    .unwrap_or_else(|e| Err(store_task_failed(e)));
                let saved = match prepared {
                    Ok(mut prepared) => {
                        // Off the writer: the request is made before the article is queued.
                        if let Some(em) = &embedder {
                            if let Some(text) = prepared.embedding_text() {
                                if let Some(v) = em.embed(text).await {
                                    prepared.set_embedding(v);
                                }
                            }
                        }
                        saves.save(source_id, &e, prepared).await
                    }
                    Err(err) => Err(err),
                };
                (saved, failed)
            });
        }
        while let Some(res) = set.join_next().await {
            match res {
                Ok((Ok(outcome), failed)) => {
                    crate::metrics::METRICS.saved(outcome);
                    if failed {
                        report.failed += 1;
                    }
                    match outcome {
                        SaveOutcome::New(_) => report.new += 1,
                        SaveOutcome::Updated(_) => report.updated += 1,
                        SaveOutcome::Linked(_) => {}
                    }
                }
                Ok((Err(e), _)) => {
                    tracing::error!(source = src.id, error = %e, "cannot store article");
                    report.failed += 1;
                }
                Err(e) => {
                    tracing::error!(source = src.id, error = %e, "article task panicked");
                    report.failed += 1;
                }
            }
        }
        let site_url = parsed.site_url.filter(|u| is_http_url(u));
        let named = (parsed.title, site_url);
        self.succeed_source(src, &fetched, named, now, interval, lease_owner)
            .await;
        report
    }

    /// Records a successful poll of `src` (with the feed's `(title, site URL)`) and gives up
    /// `lease_owner`'s lease on it.
    async fn succeed_source(
        &self,
        src: &Source,
        f: &fetch::Fetched,
        (title, site_url): (Option<String>, Option<String>),
        now: i64,
        interval: i64,
        lease_owner: Option<&str>,
    ) {
        let store = Arc::clone(&self.store);
        let (id, etag, lm) = (src.id, f.etag.clone(), f.last_modified.clone());
        let owner = lease_owner.map(str::to_string);
        let res = blocking(move || {
            store.record_poll_success(
                id,
                etag.as_deref(),
                lm.as_deref(),
                title.as_deref(),
                site_url.as_deref(),
                now,
                interval,
                owner.as_deref(),
            )
        })
        .await;
        lease_outcome(src.id, res, "cannot record poll");
    }

    /// Records a failed poll of `src` (`(kind, message, Retry-After)`) and gives up
    /// `lease_owner`'s lease on it.
    async fn fail_source(
        &self,
        src: &Source,
        (kind, message, retry_after): (&str, String, Option<u64>),
        now: i64,
        lease_owner: Option<&str>,
    ) {
        tracing::warn!(source = src.id, url = %src.url, kind, message, "poll failed");
        crate::metrics::METRICS.poll_error(kind);
        let next = now + backoff(src.id, src.consecutive_failures + 1, retry_after);
        let store = Arc::clone(&self.store);
        let (id, kind) = (src.id, kind.to_string());
        let owner = lease_owner.map(str::to_string);
        let res = blocking(move || {
            store.record_poll_failure(id, &kind, &message, now, next, owner.as_deref())
        })
        .await;
        lease_outcome(src.id, res, "cannot record poll failure");
    }
}

/// Logs what recording a poll's result said: an error (the lease, if any, then expires by
/// itself), or that the source's lease had been taken over by another worker meanwhile.
fn lease_outcome(source: i64, recorded: Result<bool, StoreError>, failed: &str) {
    match recorded {
        Ok(true) => {}
        Ok(false) => tracing::warn!(
            source,
            "lease had expired and was taken over before the poll finished"
        ),
        Err(e) => tracing::error!(source, error = %e, "{failed}"),
    }
}

/// A hash of what the feed says about an entry: a change means the article changed.
fn entry_hash(e: &FeedEntry) -> String {
    crate::store::stable_hash(&[
        e.title.as_deref().unwrap_or(""),
        e.link.as_deref().unwrap_or(""),
        e.summary.as_deref().unwrap_or(""),
    ])
}

/// The poll interval a source earns from its publishing rhythm: half the mean gap between its
/// recent entries, bounded by [`MIN_INTERVAL`] and [`MAX_INTERVAL`], and never shorter than the
/// feed's TTL or the server's Cache-Control max-age (both capped at [`MAX_INTERVAL`]).
pub fn poll_interval(feed: &feed::ParsedFeed, max_age: Option<u64>, now: i64) -> i64 {
    let mut dates: Vec<i64> = feed
        .entries
        .iter()
        .filter_map(|e| e.published.map(|d| d.timestamp()))
        .filter(|&d| d <= now + FUTURE_SLACK)
        .collect();
    dates.sort_unstable_by(|a, b| b.cmp(a));
    dates.truncate(20);
    let rhythm = if dates.len() >= 2 {
        let span = dates[0] - dates[dates.len() - 1];
        let mean_gap = span / (dates.len() as i64 - 1);
        // A source silent for much longer than its rhythm is polled as rarely as its silence.
        let silence = now - dates[0];
        (mean_gap / 2).max(silence / 4)
    } else {
        POLL_INTERVAL
    };
    let floor = feed
        .ttl_minutes
        .map(|m| i64::from(m) * 60)
        .into_iter()
        .chain(max_age.map(|s| s as i64))
        .max()
        .unwrap_or(0)
        .min(MAX_INTERVAL);
    rhythm.clamp(MIN_INTERVAL, MAX_INTERVAL).max(floor)
}

fn retry_after(e: &FetchError) -> Option<u64> {
    match e {
        FetchError::Status { retry_after, .. } => *retry_after,
        _ => None,
    }
}

/// Seconds to wait after the `failures`-th failure in a row: doubling from the poll interval,
/// capped at a day, with up to 10% jitter so that failing sources do not retry in lockstep;
/// never sooner than the server's Retry-After.
pub fn backoff(source_id: i64, failures: i64, retry_after: Option<u64>) -> i64 {
    let exp = failures.clamp(1, 16) as u32 - 1;
    let base = POLL_INTERVAL.saturating_mul(1i64 << exp).min(MAX_BACKOFF);
    let jitter =
        (source_id.wrapping_mul(2_654_435_761).wrapping_add(failures) as u64 % 1000) as i64;
    let wait = base + base * jitter / 10_000;
    wait.max(retry_after.map_or(0, |r| r.min(MAX_BACKOFF as u64) as i64))
}

/// Permits for CPU-bound pipeline work at once off the pipeline runtime: one per core.
static CPU_PERMITS: std::sync::LazyLock<Semaphore> = std::sync::LazyLock::new(|| {
    Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
});

thread_local! {
    /// True on the threads of the pipeline runtime ([`pipeline`]).
    static ON_PIPELINE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The pipeline's own tokio runtime, one worker thread per core, on which every source's poll
/// runs (see [`Ingest::poll_sources_leased`]); `None` when it could not be started (the polls
/// then run on the caller's runtime). Its tasks are all pipeline work, so CPU-bound steps run
/// on its workers directly ([`cpu_bound`]): handing each page to a blocking thread and back
/// (two thread wake-ups per step, the page's buffers moving between cores) cost a fifth of
/// `bench ingest`'s CPU. The web server's runtime is a different one, so its requests never
/// wait behind an extraction. Process-wide and never shut down, like the permits it replaces.
fn pipeline() -> Option<&'static tokio::runtime::Handle> {
    static PIPELINE: std::sync::LazyLock<Option<tokio::runtime::Runtime>> =
        std::sync::LazyLock::new(|| {
            let built = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
                .thread_name("kg-pipeline")
                .on_thread_start(|| ON_PIPELINE.set(true))
                .enable_all()
                .build();
            match built {
                Ok(rt) => Some(rt),
                Err(e) => {
                    tracing::error!(error = %e, "cannot start the pipeline's runtime: polling on the caller's");
                    None
                }
            }
        });
    PIPELINE.as_ref().map(tokio::runtime::Runtime::handle)
}

/// A CPU-bound pipeline step that panicked (or, off the pipeline runtime, whose blocking task
/// was cancelled); says what the step said.
#[derive(Debug)]
pub(crate) struct StepFailed(String);

impl std::fmt::Display for StepFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl StepFailed {
    fn from_panic(payload: Box<dyn std::any::Any + Send>) -> StepFailed {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        StepFailed(format!("panicked: {message}"))
    }
}

/// Runs CPU-bound pipeline work (parsing a feed, extracting and summarising a page, preparing
/// an article's rows): on the pipeline runtime in place, whose one worker per core bounds it
/// to one step per core; elsewhere on a blocking thread, at most one per core at once. More
/// at once would not finish sooner: they would take turns on the cores, and with them the
/// store's writer thread, the pipeline's one serial step, would wait for a core (3 of its 7 s
/// in `bench ingest` when a hundred pages were extracted at once). A panic in the step is
/// caught and returned as the step's error.
async fn cpu_bound<T, F>(f: F) -> Result<T, StepFailed>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    if ON_PIPELINE.get() {
        return std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
            .map_err(StepFailed::from_panic);
    }
    let _permit = CPU_PERMITS.acquire().await;
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| match e.try_into_panic() {
            Ok(payload) => StepFailed::from_panic(payload),
            Err(e) => StepFailed(e.to_string()),
        })
}

/// Runs blocking store work off the async threads.
async fn blocking<T, F>(f: F) -> Result<T, StoreError>
where
    F: FnOnce() -> Result<T, StoreError> + Send + 'static,
    T: Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r,
        Err(e) => Err(store_task_failed(e)),
    }
}

/// The error of store work whose task panicked or was cancelled.
pub(crate) fn store_task_failed(e: impl std::fmt::Display) -> StoreError {
    StoreError::Unsupported(format!("store task failed: {e}"))
}

/// Fetches the page at `url` and turns it into an article; never fails: when the page cannot
/// be fetched or holds no text, the feed entry's text is used and the reason recorded.
pub async fn fetch_article(fetcher: &Fetcher, url: &str, entry: Option<&FeedEntry>) -> NewArticle {
    let fetched_at = crate::store_now();
    if !fetcher.robots_allowed(url).await {
        return fallback_article(
            url,
            entry,
            fetched_at,
            "robots.txt disallows fetching this page".into(),
        );
    }
    match fetcher.get(url, None, None).await {
        Ok(page) => {
            let owned = entry.cloned();
            let page_url = page.url.clone();
            let task = cpu_bound(move || {
                build_article(
                    &page_url,
                    &page.body,
                    page.content_type.as_deref(),
                    owned.as_ref(),
                    fetched_at,
                )
            });
            match task.await {
                Ok(a) => a,
                Err(e) => {
                    fallback_article(url, entry, fetched_at, format!("extraction failed: {e}"))
                }
            }
        }
        Err(e) => fallback_article(url, entry, fetched_at, e.to_string()),
    }
}

/// Extracts and summarises a fetched page; `entry` supplies title, date and text where the
/// page lacks them.
pub fn build_article(
    url: &str,
    html: &[u8],
    content_type: Option<&str>,
    entry: Option<&FeedEntry>,
    fetched_at: i64,
) -> NewArticle {
    // The extracted article's parts are moved into the new one, not copied.
    let mut art = kg_extract::extract(html, Some(url), content_type);
    let mut extract_error = None;
    let mut teaser = art.teaser.take().filter(|t| !t.trim().is_empty());
    let mut blocks = std::mem::take(&mut art.blocks);
    if blocks.is_empty() {
        extract_error = Some("no article text found on the page".to_string());
        if let Some(s) = entry.and_then(|e| e.summary.clone()) {
            if teaser.as_deref() != Some(s.as_str()) {
                blocks.push(kg_extract::Block {
                    kind: kg_extract::BlockKind::Paragraph,
                    text: s,
                });
            }
        }
    }
    if teaser.is_none() && blocks.is_empty() {
        teaser = entry.and_then(|e| e.summary.clone());
    }
    let plausible = |t: i64| t <= fetched_at + FUTURE_SLACK;
    let page_date = art
        .published
        .map(|p| p.timestamp())
        .filter(|&t| plausible(t));
    let feed_date = entry
        .and_then(|e| e.published)
        .map(|p| p.timestamp())
        .filter(|&t| plausible(t));
    let (published_at, date_source) = match (page_date, feed_date) {
        (Some(p), _) => (p, DateSource::Page),
        (None, Some(p)) => (p, DateSource::Feed),
        (None, None) => (fetched_at, DateSource::Fetched),
    };
    let title = art
        .title
        .take()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| entry.and_then(|e| e.title.clone()))
        .unwrap_or_else(|| "(ohne Titel)".to_string());
    let ressort = crate::ressort::decide(
        art.section.as_deref(),
        entry.map_or(&[][..], |e| &e.categories[..]),
        url,
    );
    let mut a = NewArticle {
        url: clean_url(url),
        canonical_url: art
            .canonical_url
            .as_deref()
            .filter(|u| is_http_url(u))
            .map(clean_url),
        title,
        teaser,
        blocks,
        site: crate::record::quelle(url),
        author: art.author.take(),
        language: art.language.take(),
        image: art.image.take(),
        paywalled: art.paywalled,
        published_at,
        date_source,
        fetched_at,
        extract_error,
        ressort,
        page_type: art.page_type,
        tldr: kg_summarize::Tldr {
            sentences: Vec::new(),
            method: kg_summarize::Method::Extractive,
            model: None,
        },
    };
    a.tldr = summarize(&a);
    a
}

/// True for an absolute http(s) URL: the only links followed, stored or shown.
pub fn is_http_url(u: &str) -> bool {
    url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

fn fallback_article(
    url: &str,
    entry: Option<&FeedEntry>,
    fetched_at: i64,
    error: String,
) -> NewArticle {
    let feed_date = entry
        .and_then(|e| e.published)
        .map(|p| p.timestamp())
        .filter(|&t| t <= fetched_at + FUTURE_SLACK);
    let mut a = NewArticle {
        url: clean_url(url),
        canonical_url: None,
        title: entry
            .and_then(|e| e.title.clone())
            .unwrap_or_else(|| "(ohne Titel)".to_string()),
        teaser: entry.and_then(|e| e.summary.clone()),
        blocks: Vec::new(),
        site: crate::record::quelle(url),
        author: None,
        language: None,
        image: None,
        paywalled: false,
        published_at: feed_date.unwrap_or(fetched_at),
        date_source: if feed_date.is_some() {
            DateSource::Feed
        } else {
            DateSource::Fetched
        },
        fetched_at,
        extract_error: Some(error),
        ressort: crate::ressort::decide(None, entry.map_or(&[][..], |e| &e.categories[..]), url),
        page_type: kg_extract::PageType::Article,
        tldr: kg_summarize::Tldr {
            sentences: Vec::new(),
            method: kg_summarize::Method::Extractive,
            model: None,
        },
    };
    a.tldr = summarize(&a);
    a
}

/// The TLDR of a new article, by its kind ([`crate::kind::tldr`]): a live blog's latest
/// entries, a listing's or gallery's items as a list, else the extractive TLDR. A page whose
/// text could not be extracted (the feed's text stands in) is summarised as an article.
pub fn summarize(a: &NewArticle) -> kg_summarize::Tldr {
    let kind = if a.extract_error.is_some() {
        kg_extract::PageType::Article
    } else {
        a.page_type
    };
    crate::kind::tldr(kind, &document(a), a.teaser.as_deref(), &a.blocks)
}

/// The summariser's view of a new article (see [`summary_document`]): what its TLDR is made
/// from and any other summary of it is checked against.
pub fn document(a: &NewArticle) -> kg_summarize::Document {
    summary_document(
        &a.title,
        a.teaser.as_deref(),
        a.blocks.iter().map(|b| {
            (
                matches!(
                    b.kind,
                    kg_extract::BlockKind::Paragraph | kg_extract::BlockKind::Quote
                ),
                b.text.as_str(),
            )
        }),
        a.language.as_deref(),
    )
}

/// The text a TLDR is made from and aligned to: the teaser, then the prose blocks (`true` in
/// `blocks`: paragraphs and quotes; headings, lists and tables are left out). The article page
/// numbers Inhalt's sentences the same way, so a TLDR sentence's support points at them.
pub fn summary_document<'a>(
    title: &str,
    teaser: Option<&str>,
    blocks: impl Iterator<Item = (bool, &'a str)>,
    language: Option<&str>,
) -> kg_summarize::Document {
    let mut paragraphs = Vec::new();
    if let Some(t) = teaser.filter(|t| !t.is_empty()) {
        paragraphs.push(t.to_string());
    }
    paragraphs.extend(
        blocks
            .filter(|(prose, _)| *prose)
            .map(|(_, t)| t.to_string()),
    );
    kg_summarize::Document::new(title, paragraphs, language)
}

/// Removes tracking parameters (`utm_*`, `fbclid`, `gclid`, …) and the fragment from a URL.
pub fn clean_url(url: &str) -> String {
    let Ok(mut u) = url::Url::parse(url) else {
        return url.to_string();
    };
    u.set_fragment(None);
    let kept: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !(k.starts_with("utm_")
                || matches!(
                    k.as_str(),
                    "fbclid"
                        | "gclid"
                        | "mc_cid"
                        | "mc_eid"
                        | "wt_mc"
                        | "wt.mc_id"
                        | "ref"
                        | "xtor"
                ))
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        u.set_query(None);
    } else {
        u.query_pairs_mut().clear().extend_pairs(kept);
    }
    u.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where a step ran: on a pipeline thread, and the thread's name.
    fn here() -> (bool, Option<String>) {
        (
            ON_PIPELINE.get(),
            std::thread::current().name().map(str::to_string),
        )
    }

    #[test]
    fn steps_run_in_place_on_the_pipeline_and_a_panic_is_their_error() {
        let rt = pipeline().expect("the pipeline's runtime starts");
        let task = rt.spawn(async {
            let outer = here();
            let inner = cpu_bound(here).await.unwrap();
            let failed = cpu_bound(|| -> u8 { panic!("a broken page") }).await;
            (outer, inner, failed)
        });
        let (outer, inner, failed) = rt.block_on(task).unwrap();
        assert_eq!(outer, (true, Some("kg-pipeline".into())));
        assert_eq!(inner, outer, "the step ran on the task's own worker");
        let e = failed.expect_err("the panic is caught");
        assert!(e.to_string().contains("a broken page"), "{e}");
    }

    #[tokio::test]
    async fn off_the_pipeline_steps_run_on_blocking_threads() {
        let outer = here();
        let (on_pipeline, _) = cpu_bound(here).await.unwrap();
        assert!(!outer.0 && !on_pipeline);
        let e = cpu_bound(|| -> u8 { panic!("a broken feed") })
            .await
            .expect_err("the panic is caught");
        assert!(e.to_string().contains("a broken feed"), "{e}");
    }

    #[test]
    fn tracking_parameters_and_fragments_are_removed() {
        assert_eq!(
            clean_url("https://www.zeit.de/a?utm_source=rss&utm_medium=feed&id=7#kommentare"),
            "https://www.zeit.de/a?id=7"
        );
        assert_eq!(
            clean_url("https://www.zeit.de/a?wt_mc=rss"),
            "https://www.zeit.de/a"
        );
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let a = backoff(1, 1, None);
        let b = backoff(1, 2, None);
        assert!(
            (POLL_INTERVAL..POLL_INTERVAL * 11 / 10 + 1).contains(&a),
            "{a}"
        );
        assert!(b > a && b >= 2 * POLL_INTERVAL);
        assert!(backoff(1, 40, None) <= MAX_BACKOFF * 11 / 10);
        assert!(backoff(1, 1, Some(7200)) >= 7200);
    }
}
