//! `llm_queue`: abstractive TLDRs from the configured OpenAI-compatible server, after the fact.
//!
//! Every article is stored with its extractive TLDR first (the page shows that at once). When an
//! LLM is configured, the worker queues new and changed articles, leases a few jobs at a time,
//! asks the model ([`kg_summarize::llm::Client`], which also applies the faithfulness gate) and
//! stores the answer with the gate's verdict. An accepted TLDR replaces the extractive one on the
//! page; a rejected one is kept on record with its reasons, shown on the article page, and the
//! extractive TLDR stays. A server that cannot be reached is retried later with backoff; after
//! [`MAX_ATTEMPTS`] the job is given up and the error recorded.

use std::sync::Arc;
use std::time::Duration;

use kg_summarize::llm::{Client, Config};
use kg_summarize::Document;

use crate::store::{LlmJob, LlmJobResult, Store, StoredArticle};

/// Attempts before a job whose server keeps failing is given up.
pub const MAX_ATTEMPTS: i64 = 5;

/// How far back the first sweep of a newly started worker queues articles (seconds).
pub const FIRST_SWEEP_WINDOW: i64 = 2 * 86_400;

/// How often the worker looks for new articles when the queue is empty.
pub const TICK: Duration = Duration::from_secs(5);

/// What one pass over the queue did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// TLDRs the gate accepted (now shown).
    pub accepted: usize,
    /// TLDRs the gate rejected (kept on record, not shown).
    pub rejected: usize,
    /// Jobs without an answer (server errors).
    pub failed: usize,
}

/// The worker: a store, a client and this process's lease name.
pub struct LlmWorker {
    store: Arc<Store>,
    client: Client,
    owner: String,
    lease_secs: i64,
    swept_until: std::sync::Mutex<Option<i64>>,
}

impl LlmWorker {
    /// A worker for `config`, storing into `store`.
    pub fn new(store: Arc<Store>, config: Config) -> anyhow::Result<LlmWorker> {
        crate::install_tls_provider();
        // A lease outlives every request of a job, retries included.
        let lease_secs =
            (config.timeout.as_secs() as i64 + 5) * (i64::from(config.retries) + 1) + 60;
        Ok(LlmWorker {
            store,
            client: Client::new(config)?,
            owner: format!("llm-{}-{}", std::process::id(), crate::store_now()),
            lease_secs,
            swept_until: std::sync::Mutex::new(None),
        })
    }

    /// Queues the articles saved or changed since the last sweep (the last
    /// [`FIRST_SWEEP_WINDOW`] on the first one), then works through every due job. Returns what
    /// it did; `on_done` is called after each job (for a progress bar).
    pub async fn drain(&self, on_done: &(dyn Fn() + Sync)) -> anyhow::Result<Report> {
        let now = crate::store_now();
        let since = self
            .swept_until
            .lock()
            .map_err(|_| anyhow::anyhow!("LLM worker state poisoned"))?
            .map(|t| t - 60)
            .unwrap_or(now - FIRST_SWEEP_WINDOW);
        let store = Arc::clone(&self.store);
        let queued =
            tokio::task::spawn_blocking(move || store.enqueue_llm_jobs(since, now)).await??;
        if queued > 0 {
            tracing::info!(queued, "articles queued for LLM TLDRs");
        }
        if let Ok(mut s) = self.swept_until.lock() {
            *s = Some(now);
        }
        let mut report = Report::default();
        let batch = self.client.config().concurrency.max(1);
        loop {
            let store = Arc::clone(&self.store);
            let owner = self.owner.clone();
            let lease = self.lease_secs;
            let jobs = tokio::task::spawn_blocking(move || {
                store.claim_llm_jobs(&owner, crate::store_now(), lease, batch)
            })
            .await??;
            if jobs.is_empty() {
                return Ok(report);
            }
            let results =
                futures_util::future::join_all(jobs.iter().map(|j| self.process(j))).await;
            for r in results {
                match r? {
                    Outcome::Accepted => report.accepted += 1,
                    Outcome::Rejected => report.rejected += 1,
                    Outcome::Failed => report.failed += 1,
                    Outcome::Stale => {}
                }
                on_done();
            }
        }
    }

    /// Drains the queue every [`TICK`] until `shutdown` flips to true.
    pub async fn run(self: Arc<Self>, mut shutdown: tokio::sync::watch::Receiver<bool>) {
        loop {
            match self.drain(&|| {}).await {
                Ok(r) if r != Report::default() => tracing::info!(
                    accepted = r.accepted,
                    rejected = r.rejected,
                    failed = r.failed,
                    "LLM TLDRs done"
                ),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "LLM queue"),
            }
            tokio::select! {
                _ = tokio::time::sleep(TICK) => {}
                _ = shutdown.changed() => return,
            }
            if *shutdown.borrow() {
                return;
            }
        }
    }

    async fn process(&self, job: &LlmJob) -> anyhow::Result<Outcome> {
        let store = Arc::clone(&self.store);
        let id = job.article_id;
        let Some(article) = tokio::task::spawn_blocking(move || store.article(id)).await?? else {
            return Ok(Outcome::Stale);
        };
        let doc = document_of(&article);
        let answer = self.client.tldr(&doc).await;
        let store = Arc::clone(&self.store);
        let owner = self.owner.clone();
        let job = job.clone();
        tokio::task::spawn_blocking(move || {
            let now = crate::store_now();
            let message = answer.as_ref().err().map(ToString::to_string).unwrap_or_default();
            let (result, outcome) = match &answer {
                Ok(checked) if checked.verdict.accepted => (
                    LlmJobResult::Checked {
                        tldr: &checked.tldr,
                        verdict: &checked.verdict,
                    },
                    Outcome::Accepted,
                ),
                Ok(checked) => {
                    tracing::info!(article = id, reasons = ?checked.verdict.codes(), "LLM TLDR rejected by the gate");
                    (
                        LlmJobResult::Checked {
                            tldr: &checked.tldr,
                            verdict: &checked.verdict,
                        },
                        Outcome::Rejected,
                    )
                }
                Err(e) => {
                    let attempts = job.attempts + 1;
                    let retry_at = (e.is_transient() && attempts < MAX_ATTEMPTS)
                        .then(|| now + 30 * (1i64 << attempts.min(10)));
                    tracing::warn!(article = id, error = %e, attempts, "LLM gave no TLDR");
                    let result = LlmJobResult::Failed {
                        error: &message,
                        retry_at,
                    };
                    (result, Outcome::Failed)
                }
            };
            let stored = store.finish_llm_job(&job, &owner, result, now)?;
            Ok(if stored { outcome } else { Outcome::Stale })
        })
        .await?
    }
}

enum Outcome {
    Accepted,
    Rejected,
    Failed,
    /// The article changed or the lease was lost meanwhile: nothing stored.
    Stale,
}

/// The summariser's view of a stored article: the same paragraphs as at ingest (teaser, then
/// paragraph and quote blocks), so that sentence indices (the TLDR's support) match the page.
pub fn document_of(a: &StoredArticle) -> Document {
    crate::ingest::summary_document(
        &a.title,
        a.teaser.as_deref(),
        a.blocks.iter().map(|b| {
            (
                matches!(b.kind.as_str(), "paragraph" | "quote"),
                b.text.as_str(),
            )
        }),
        a.language.as_deref(),
    )
}
