//! The LLM TLDR queue in both engines: one job per article, leased by the worker that asks the
//! model, finished with the model's TLDR and the gate's verdict (stored as a `tldrs` row, shown
//! only when accepted) or with the error that kept the model from answering.
//!
//! A job is tied to the article's content hash: when the text changes, [`Store::enqueue_llm_jobs`]
//! makes the job pending again, and a TLDR finished for the old text is not stored.

use rusqlite::params;
use serde::Serialize;

use super::postgres::PgStore;
use super::shared::{sentences_json, Cols};
use super::sqlite::SqliteStore;
use super::StoreError;

/// A leased job: the article to summarise and the text version it was queued for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmJob {
    /// The article.
    pub article_id: i64,
    /// The article's content hash when the job was queued.
    pub content_hash: String,
    /// Earlier failed attempts.
    pub attempts: i64,
}

/// How a job ended.
#[derive(Debug, Clone, Copy)]
pub enum LlmJobResult<'a> {
    /// The model answered: its TLDR and the gate's verdict are stored; the TLDR is shown only if
    /// the verdict accepts it.
    Checked {
        /// The model's TLDR, aligned to the article.
        tldr: &'a kg_summarize::Tldr,
        /// The gate's verdict on it.
        verdict: &'a kg_summarize::gate::Verdict,
    },
    /// The model gave no answer (`error`); try again at `retry_at`, or give up (`None`).
    Failed {
        /// What went wrong, for the article page and the logs.
        error: &'a str,
        /// When to try again (Unix seconds), `None` to give up.
        retry_at: Option<i64>,
    },
}

/// The LLM side of one article, for its page: the job's state and the latest LLM TLDR made for
/// the current text, accepted or not.
#[derive(Debug, Clone, Serialize)]
pub struct LlmStatus {
    /// `pending`, `done` or `failed`.
    pub state: String,
    /// Attempts made.
    pub attempts: i64,
    /// The last error when the model gave no answer.
    pub last_error: Option<String>,
    /// The latest LLM TLDR for the current text.
    pub last: Option<LlmAttempt>,
}

/// One stored LLM TLDR with the gate's verdict.
#[derive(Debug, Clone, Serialize)]
pub struct LlmAttempt {
    /// The model.
    pub model: Option<String>,
    /// Whether the gate accepted it (then it is the TLDR shown).
    pub accepted: bool,
    /// The gate's verdict as JSON (`{"accepted": …, "reasons": [{"reason": "unsupported_number", …}]}`).
    pub verdict: Option<String>,
    /// The TLDR's text.
    pub text: String,
    /// When it was made (Unix seconds).
    pub created_at: i64,
}

/// Jobs per state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LlmQueueCounts {
    /// Waiting for the model (also those leased right now).
    pub pending: i64,
    /// Finished with a TLDR (accepted or not).
    pub done: i64,
    /// Given up after errors.
    pub failed: i64,
}

/// The job and latest LLM TLDR of an article, read by [`status_from`] (each engine adds its
/// `WHERE j.article_id = …`).
const STATUS_SELECT: &str = "SELECT j.state, j.attempts, j.last_error, t.model, t.accepted, t.verdict, t.text, t.created_at \
     FROM llm_jobs j LEFT JOIN tldrs t ON t.id = (SELECT MAX(t2.id) FROM tldrs t2 \
         WHERE t2.article_id = j.article_id AND t2.method = 'llm' AND t2.superseded_at IS NULL)";

/// Jobs per state, read by [`LlmQueueCounts::add`].
const COUNTS_SELECT: &str = "SELECT state, COUNT(*) FROM llm_jobs GROUP BY state";

/// A leased job from a `RETURNING article_id, content_hash, attempts` row.
fn job_from<R: Cols>(r: &R) -> Result<LlmJob, StoreError> {
    Ok(LlmJob {
        article_id: r.int(0)?,
        content_hash: r.text(1)?,
        attempts: r.int(2)?,
    })
}

/// Claimed jobs in the order they are worked on: newest articles first.
fn newest_first(mut jobs: Vec<LlmJob>) -> Vec<LlmJob> {
    jobs.sort_by_key(|j| std::cmp::Reverse(j.article_id));
    jobs
}

/// An article's LLM status from a row of [`STATUS_SELECT`].
fn status_from<R: Cols>(r: &R) -> Result<LlmStatus, StoreError> {
    let last = match r.opt_text(6)? {
        Some(text) => Some(LlmAttempt {
            model: r.opt_text(3)?,
            accepted: r.flag(4)?,
            verdict: r.opt_text(5)?,
            text,
            created_at: r.int(7)?,
        }),
        None => None,
    };
    Ok(LlmStatus {
        state: r.text(0)?,
        attempts: r.int(1)?,
        last_error: r.opt_text(2)?,
        last,
    })
}

impl LlmQueueCounts {
    /// Counts `n` jobs in `state` (states other than pending and done count as failed).
    fn add(&mut self, state: &str, n: i64) {
        match state {
            "pending" => self.pending += n,
            "done" => self.done += n,
            _ => self.failed += n,
        }
    }
}

/// The condition (on `articles a`) for an article a model may summarise: not of a kind whose
/// TLDR is made from the page's own entries or items ([`crate::kind::own_tldr`]; live blogs,
/// listings, galleries), which no model replaces.
fn model_kinds() -> String {
    format!(
        "COALESCE(a.page_type, 'article') NOT IN {}",
        crate::kind::own_tldr_sql()
    )
}

impl SqliteStore {
    /// Queues every article saved or changed since `since` (Unix seconds) that has no job for its
    /// current text (except the kinds with a TLDR of their own, [`model_kinds`]); returns how
    /// many jobs were added or made pending again.
    pub fn enqueue_llm_jobs(&self, since: i64, now: i64) -> Result<usize, StoreError> {
        Ok(self.conn().execute(
            &format!(
                "INSERT INTO llm_jobs (article_id, content_hash, state, attempts, not_before, updated_at) \
                 SELECT a.id, a.content_hash, 'pending', 0, 0, ?2 FROM articles a WHERE a.updated_at >= ?1 \
                 AND {} \
                 ON CONFLICT (article_id) DO UPDATE SET content_hash = excluded.content_hash, \
                 state = 'pending', attempts = 0, not_before = 0, last_error = NULL, \
                 updated_at = excluded.updated_at \
                 WHERE llm_jobs.content_hash <> excluded.content_hash",
                model_kinds()
            ),
            params![since, now],
        )?)
    }

    /// Leases up to `limit` pending jobs that are due and not leased (or whose lease expired) to
    /// `owner` until `now + lease_secs`, newest articles first.
    pub fn claim_llm_jobs(
        &self,
        owner: &str,
        now: i64,
        lease_secs: i64,
        limit: usize,
    ) -> Result<Vec<LlmJob>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "UPDATE llm_jobs SET lease_owner = ?1, lease_until = ?2 + ?3 WHERE article_id IN ( \
                 SELECT article_id FROM llm_jobs WHERE state = 'pending' AND not_before <= ?2 \
                 AND (lease_until IS NULL OR lease_until <= ?2) ORDER BY article_id DESC LIMIT ?4) \
             RETURNING article_id, content_hash, attempts",
        )?;
        let mut rows = stmt.query(params![owner, now, lease_secs, limit as i64])?;
        let mut jobs = Vec::new();
        while let Some(r) = rows.next()? {
            jobs.push(job_from(r)?);
        }
        Ok(newest_first(jobs))
    }

    /// Finishes `owner`'s job for `job.article_id`. False (and nothing written) when the lease was
    /// lost or the article's text changed since the job was queued.
    pub fn finish_llm_job(
        &self,
        job: &LlmJob,
        owner: &str,
        result: LlmJobResult<'_>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let updated = match result {
            LlmJobResult::Checked { tldr, verdict } => {
                let n = tx.execute(
                    "UPDATE llm_jobs SET state = 'done', attempts = attempts + 1, last_error = NULL, \
                     lease_owner = NULL, lease_until = NULL, updated_at = ?4 \
                     WHERE article_id = ?1 AND lease_owner = ?2 AND content_hash = ?3 \
                     AND EXISTS (SELECT 1 FROM articles WHERE id = ?1 AND content_hash = ?3)",
                    params![job.article_id, owner, job.content_hash, now],
                )?;
                if n > 0 {
                    tx.execute(
                        "INSERT INTO tldrs (article_id, method, model, text, sentences_json, accepted, verdict, created_at) \
                         VALUES (?1, 'llm', ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![
                            job.article_id,
                            tldr.model,
                            tldr.text(),
                            sentences_json(tldr)?,
                            verdict.accepted,
                            serde_json::to_string(verdict)?,
                            now
                        ],
                    )?;
                }
                n
            }
            LlmJobResult::Failed { error, retry_at } => tx.execute(
                "UPDATE llm_jobs SET state = CASE WHEN ?4 IS NULL THEN 'failed' ELSE 'pending' END, \
                 not_before = COALESCE(?4, 0), attempts = attempts + 1, last_error = ?3, \
                 lease_owner = NULL, lease_until = NULL, updated_at = ?5 \
                 WHERE article_id = ?1 AND lease_owner = ?2",
                params![job.article_id, owner, error, retry_at, now],
            )?,
        };
        tx.commit()?;
        Ok(updated > 0)
    }

    /// The LLM side of an article: its job and latest LLM TLDR for the current text.
    pub fn llm_status(&self, article_id: i64) -> Result<Option<LlmStatus>, StoreError> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(&format!("{STATUS_SELECT} WHERE j.article_id = ?1"))?;
        let mut rows = stmt.query(params![article_id])?;
        rows.next()?.map(status_from).transpose()
    }

    /// Jobs per state.
    pub fn llm_queue_counts(&self) -> Result<LlmQueueCounts, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(COUNTS_SELECT)?;
        let mut rows = stmt.query([])?;
        let mut c = LlmQueueCounts::default();
        while let Some(r) = rows.next()? {
            c.add(&r.text(0)?, r.int(1)?);
        }
        Ok(c)
    }
}

impl PgStore {
    /// See [`Store::enqueue_llm_jobs`].
    pub fn enqueue_llm_jobs(&self, since: i64, now: i64) -> Result<usize, StoreError> {
        Ok(self.conn()?.execute(
            &format!(
                "INSERT INTO llm_jobs (article_id, content_hash, state, attempts, not_before, updated_at) \
                 SELECT a.id, a.content_hash, 'pending', 0, 0, $2 FROM articles a WHERE a.updated_at >= $1 \
                 AND {} \
                 ON CONFLICT (article_id) DO UPDATE SET content_hash = excluded.content_hash, \
                 state = 'pending', attempts = 0, not_before = 0, last_error = NULL, \
                 updated_at = excluded.updated_at \
                 WHERE llm_jobs.content_hash <> excluded.content_hash",
                model_kinds()
            ),
            &[&since, &now],
        )? as usize)
    }

    /// See [`Store::claim_llm_jobs`]; concurrent workers skip each other's rows
    /// (`FOR UPDATE SKIP LOCKED`).
    pub fn claim_llm_jobs(
        &self,
        owner: &str,
        now: i64,
        lease_secs: i64,
        limit: usize,
    ) -> Result<Vec<LlmJob>, StoreError> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let rows = tx.query(
            "WITH due AS ( \
                 SELECT article_id FROM llm_jobs WHERE state = 'pending' AND not_before <= $2 \
                 AND (lease_until IS NULL OR lease_until <= $2) \
                 ORDER BY article_id DESC LIMIT $4 FOR UPDATE SKIP LOCKED) \
             UPDATE llm_jobs j SET lease_owner = $1, lease_until = $2::BIGINT + $3::BIGINT \
             FROM due WHERE j.article_id = due.article_id \
             RETURNING j.article_id, j.content_hash, j.attempts",
            &[&owner, &now, &lease_secs, &(limit as i64)],
        )?;
        tx.commit()?;
        let jobs = rows.iter().map(job_from).collect::<Result<_, _>>()?;
        Ok(newest_first(jobs))
    }

    /// See [`Store::finish_llm_job`].
    pub fn finish_llm_job(
        &self,
        job: &LlmJob,
        owner: &str,
        result: LlmJobResult<'_>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let updated = match result {
            LlmJobResult::Checked { tldr, verdict } => {
                let n = tx.execute(
                    "UPDATE llm_jobs SET state = 'done', attempts = attempts + 1, last_error = NULL, \
                     lease_owner = NULL, lease_until = NULL, updated_at = $4 \
                     WHERE article_id = $1 AND lease_owner = $2 AND content_hash = $3 \
                     AND EXISTS (SELECT 1 FROM articles WHERE id = $1 AND content_hash = $3)",
                    &[&job.article_id, &owner, &job.content_hash, &now],
                )?;
                if n > 0 {
                    tx.execute(
                        "INSERT INTO tldrs (article_id, method, model, text, sentences_json, accepted, verdict, created_at) \
                         VALUES ($1, 'llm', $2, $3, $4, $5, $6, $7)",
                        &[
                            &job.article_id,
                            &tldr.model,
                            &tldr.text(),
                            &sentences_json(tldr)?,
                            &verdict.accepted,
                            &serde_json::to_string(verdict)?,
                            &now,
                        ],
                    )?;
                }
                n
            }
            LlmJobResult::Failed { error, retry_at } => tx.execute(
                "UPDATE llm_jobs SET state = CASE WHEN $4::BIGINT IS NULL THEN 'failed' ELSE 'pending' END, \
                 not_before = COALESCE($4::BIGINT, 0), attempts = attempts + 1, last_error = $3, \
                 lease_owner = NULL, lease_until = NULL, updated_at = $5 \
                 WHERE article_id = $1 AND lease_owner = $2",
                &[&job.article_id, &owner, &error, &retry_at, &now],
            )?,
        };
        tx.commit()?;
        Ok(updated > 0)
    }

    /// See [`Store::llm_status`].
    pub fn llm_status(&self, article_id: i64) -> Result<Option<LlmStatus>, StoreError> {
        let row = self.conn()?.query_opt(
            &format!("{STATUS_SELECT} WHERE j.article_id = $1"),
            &[&article_id],
        )?;
        row.as_ref().map(status_from).transpose()
    }

    /// See [`Store::llm_queue_counts`].
    pub fn llm_queue_counts(&self) -> Result<LlmQueueCounts, StoreError> {
        let rows = self.conn()?.query(COUNTS_SELECT, &[])?;
        let mut c = LlmQueueCounts::default();
        for r in &rows {
            c.add(&r.text(0)?, r.int(1)?);
        }
        Ok(c)
    }
}
