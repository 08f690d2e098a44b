-- Sources: the feeds a user follows, with their HTTP validators and health.
CREATE TABLE sources (
    id                    INTEGER PRIMARY KEY,
    url                   TEXT    NOT NULL UNIQUE,
    title                 TEXT,
    site_url              TEXT,
    etag                  TEXT,
    last_modified         TEXT,
    created_at            INTEGER NOT NULL,
    last_polled_at        INTEGER,
    last_success_at       INTEGER,
    last_error_kind       TEXT,
    last_error            TEXT,
    last_error_at         INTEGER,
    consecutive_failures  INTEGER NOT NULL DEFAULT 0,
    poll_interval_secs    INTEGER NOT NULL DEFAULT 900,
    next_poll_at          INTEGER NOT NULL DEFAULT 0
);

-- Articles: one row per article page, whatever number of feeds carry it.
CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
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
    paywalled       INTEGER NOT NULL DEFAULT 0,
    published_at    INTEGER NOT NULL,
    date_source     TEXT    NOT NULL CHECK (date_source IN ('page', 'feed', 'fetched')),
    fetched_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    content_hash    TEXT    NOT NULL,
    extract_error   TEXT
);
CREATE INDEX articles_published ON articles (published_at DESC, id DESC);
CREATE INDEX articles_canonical ON articles (canonical_url);

-- Feed entries seen per source, and the article each one led to.
CREATE TABLE entries (
    source_id    INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    entry_key    TEXT    NOT NULL,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    title        TEXT,
    seen_at      INTEGER NOT NULL,
    PRIMARY KEY (source_id, entry_key)
);
CREATE INDEX entries_article ON entries (article_id);

-- TLDRs: every TLDR made for an article, with how it was made and the gate's verdict.
CREATE TABLE tldrs (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    method          TEXT    NOT NULL,
    model           TEXT,
    text            TEXT    NOT NULL,
    sentences_json  TEXT    NOT NULL,
    accepted        INTEGER NOT NULL,
    verdict         TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX tldrs_article ON tldrs (article_id, accepted, id DESC);

-- Small key-value settings of the installation (e.g. whether default sources were added).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
