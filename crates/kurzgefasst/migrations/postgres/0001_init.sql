-- PostgreSQL twin of migrations/sqlite/0001_init.sql: the same tables, columns and meaning.
-- Ids are BIGSERIAL/BIGINT, times BIGINT Unix seconds (UTC), flags BOOLEAN.

-- Sources: the feeds a user follows, with their HTTP validators and health.
CREATE TABLE sources (
    id                    BIGSERIAL PRIMARY KEY,
    url                   TEXT    NOT NULL UNIQUE,
    title                 TEXT,
    site_url              TEXT,
    etag                  TEXT,
    last_modified         TEXT,
    created_at            BIGINT  NOT NULL,
    last_polled_at        BIGINT,
    last_success_at       BIGINT,
    last_error_kind       TEXT,
    last_error            TEXT,
    last_error_at         BIGINT,
    consecutive_failures  BIGINT  NOT NULL DEFAULT 0,
    poll_interval_secs    BIGINT  NOT NULL DEFAULT 900,
    next_poll_at          BIGINT  NOT NULL DEFAULT 0
);

-- Articles: one row per article page, whatever number of feeds carry it.
CREATE TABLE articles (
    id              BIGSERIAL PRIMARY KEY,
    url             TEXT    NOT NULL UNIQUE,
    canonical_url   TEXT,
    title           TEXT    NOT NULL,
    teaser          TEXT,
    blocks_json     TEXT    NOT NULL,
    content         TEXT    NOT NULL,
    site            TEXT    NOT NULL,
    author          TEXT,
    language        TEXT,
    image           TEXT,
    paywalled       BOOLEAN NOT NULL DEFAULT FALSE,
    published_at    BIGINT  NOT NULL,
    date_source     TEXT    NOT NULL CHECK (date_source IN ('page', 'feed', 'fetched')),
    fetched_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    content_hash    TEXT    NOT NULL,
    extract_error   TEXT
);
CREATE INDEX articles_published ON articles (published_at DESC, id DESC);
CREATE INDEX articles_canonical ON articles (canonical_url);

-- Feed entries seen per source, and the article each one led to.
CREATE TABLE entries (
    source_id    BIGINT  NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    entry_key    TEXT    NOT NULL,
    article_id   BIGINT  NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    title        TEXT,
    seen_at      BIGINT  NOT NULL,
    PRIMARY KEY (source_id, entry_key)
);
CREATE INDEX entries_article ON entries (article_id);

-- TLDRs: every TLDR made for an article, with how it was made and the gate's verdict.
CREATE TABLE tldrs (
    id              BIGSERIAL PRIMARY KEY,
    article_id      BIGINT  NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    method          TEXT    NOT NULL,
    model           TEXT,
    text            TEXT    NOT NULL,
    sentences_json  TEXT    NOT NULL,
    accepted        BOOLEAN NOT NULL,
    verdict         TEXT,
    created_at      BIGINT  NOT NULL
);
CREATE INDEX tldrs_article ON tldrs (article_id, accepted, id DESC);

-- Small key-value settings of the installation (e.g. whether default sources were added).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
