//! The LLM TLDR queue in both engines: one job per article, leased by the worker that asks the
//! model, finished with the model's TLDR and the gate's verdict (stored as a `tldrs` row, shown
//! only when accepted) or with the error that kept the model from answering.
//!
//! A job is tied to the article's content hash: when the text changes, [`Store::enqueue_llm_jobs`]
//! makes the job pending again, and a TLDR finished for the old text is not stored.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::postgres::PgStore;
use super::shared::sentences_json;
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

impl SqliteStore {
    /// Queues every article saved or changed since `since` (Unix seconds) that has no job for its
    /// current text; returns how many jobs were added or made pending again.
    pub fn enqueue_llm_jobs(&self, since: i64, now: i64) -> Result<usize, StoreError> {
        Ok(self.conn().execute(
            "INSERT INTO llm_jobs (article_id, content_hash, state, attempts, not_before, updated_at) \
             SELECT a.id, a.content_hash, 'pending', 0, 0, ?2 FROM articles a WHERE a.updated_at >= ?1 \
             ON CONFLICT (article_id) DO UPDATE SET content_hash = excluded.content_hash, \
             state = 'pending', attempts = 0, not_before = 0, last_error = NULL, \
             updated_at = excluded.updated_at \
             WHERE llm_jobs.content_hash <> excluded.content_hash",
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
        let mut jobs: Vec<LlmJob> = stmt
            .query_map(params![owner, now, lease_secs, limit as i64], |r| {
                Ok(LlmJob {
                    article_id: r.get(0)?,
                    content_hash: r.get(1)?,
                    attempts: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        jobs.sort_by_key(|j| std::cmp::Reverse(j.article_id));
        Ok(jobs)
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
        Ok(self
            .conn()
            .query_row(
                "SELECT j.state, j.attempts, j.last_error, t.model, t.accepted, t.verdict, t.text, t.created_at \
                 FROM llm_jobs j LEFT JOIN tldrs t ON t.id = (SELECT MAX(t2.id) FROM tldrs t2 \
                     WHERE t2.article_id = j.article_id AND t2.method = 'llm' AND t2.superseded_at IS NULL) \
                 WHERE j.article_id = ?1",
                params![article_id],
                |r| {
                    let text: Option<String> = r.get(6)?;
                    Ok(LlmStatus {
                        state: r.get(0)?,
                        attempts: r.get(1)?,
                        last_error: r.get(2)?,
                        last: match text {
                            Some(text) => Some(LlmAttempt {
                                model: r.get(3)?,
                                accepted: r.get(4)?,
                                verdict: r.get(5)?,
                                text,
                                created_at: r.get(7)?,
                            }),
                            None => None,
                        },
                    })
                },
            )
            .optional()?)
    }

    /// Jobs per state.
    pub fn llm_queue_counts(&self) -> Result<LlmQueueCounts, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT state, COUNT(*) FROM llm_jobs GROUP BY state")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        let mut c = LlmQueueCounts::default();
        for row in rows {
            let (state, n) = row?;
            match state.as_str() {
                "pending" => c.pending = n,
                "done" => c.done = n,
                _ => c.failed += n,
            }
        }
        Ok(c)
    }
}

impl PgStore {
    /// See [`Store::enqueue_llm_jobs`].
    pub fn enqueue_llm_jobs(&self, since: i64, now: i64) -> Result<usize, StoreError> {
        Ok(self.conn()?.execute(
            "INSERT INTO llm_jobs (article_id, content_hash, state, attempts, not_before, updated_at) \
             SELECT a.id, a.content_hash, 'pending', 0, 0, $2 FROM articles a WHERE a.updated_at >= $1 \
             ON CONFLICT (article_id) DO UPDATE SET content_hash = excluded.content_hash, \
             state = 'pending', attempts = 0, not_before = 0, last_error = NULL, \
             updated_at = excluded.updated_at \
             WHERE llm_jobs.content_hash <> excluded.content_hash",
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
        let mut jobs: Vec<LlmJob> = rows
            .iter()
            .map(|r| LlmJob {
                article_id: r.get(0),
                content_hash: r.get(1),
                attempts: r.get(2),
            })
            .collect();
        jobs.sort_by_key(|j| std::cmp::Reverse(j.article_id));
        Ok(jobs)
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
            "SELECT j.state, j.attempts, j.last_error, t.model, t.accepted, t.verdict, t.text, t.created_at \
             FROM llm_jobs j LEFT JOIN tldrs t ON t.id = (SELECT MAX(t2.id) FROM tldrs t2 \
                 WHERE t2.article_id = j.article_id AND t2.method = 'llm' AND t2.superseded_at IS NULL) \
             WHERE j.article_id = $1",
            &[&article_id],
        )?;
        Ok(row.map(|r| {
            let text: Option<String> = r.get(6);
            LlmStatus {
                state: r.get(0),
                attempts: r.get(1),
                last_error: r.get(2),
                last: text.map(|text| LlmAttempt {
                    model: r.get(3),
                    accepted: r.get(4),
                    verdict: r.get(5),
                    text,
                    created_at: r.get(7),
                }),
            }
        }))
    }

    /// See [`Store::llm_queue_counts`].
    pub fn llm_queue_counts(&self) -> Result<LlmQueueCounts, StoreError> {
        let rows = self
            .conn()?
            .query("SELECT state, COUNT(*) FROM llm_jobs GROUP BY state", &[])?;
        let mut c = LlmQueueCounts::default();
        for r in rows {
            let state: String = r.get(0);
            let n: i64 = r.get(1);
            match state.as_str() {
                "pending" => c.pending = n,
                "done" => c.done = n,
                _ => c.failed += n,
            }
        }
        Ok(c)
    }
}
