-- LLM TLDRs: a queue of articles waiting for the configured model, one job per article. A job
-- remembers the content hash it was made for; when the article's text changes, the job is
-- pending again. Workers lease jobs (lease_owner, lease_until) so that several processes can
-- share the queue and a crashed one's jobs are taken over after the lease expires.
CREATE TABLE llm_jobs (
    article_id    BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    content_hash  TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
    attempts      BIGINT  NOT NULL DEFAULT 0,
    not_before    BIGINT  NOT NULL DEFAULT 0,
    lease_owner   TEXT,
    lease_until   BIGINT,
    last_error    TEXT,
    updated_at    BIGINT  NOT NULL
);
CREATE INDEX llm_jobs_pending ON llm_jobs (state, not_before);

-- A TLDR made for an earlier version of the article's text is kept (with its verdict) but no
-- longer shown.
ALTER TABLE tldrs ADD COLUMN superseded_at BIGINT;

-- The queue is filled from the articles saved or changed since the last sweep.
CREATE INDEX articles_updated ON articles (updated_at);
