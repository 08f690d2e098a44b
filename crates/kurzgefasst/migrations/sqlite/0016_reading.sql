-- Reading every day (issue 19): per-reader settings and visits, filter rules. Read and saved
-- state stay in `item_states` (0006), shared with the Google Reader API.
CREATE TABLE reader_settings (
    user_id       INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- Reading one article of a story cluster marks the cluster's other articles read.
    cluster_read  INTEGER NOT NULL DEFAULT 1,
    -- The last start-page view and the newest article id then.
    visit_at      INTEGER NOT NULL DEFAULT 0,
    visit_max_id  INTEGER NOT NULL DEFAULT 0,
    -- The newest article id of the visit before: articles above it are "new since the last visit".
    seen_max_id   INTEGER NOT NULL DEFAULT 0
);

-- Mute and keep rules: a word or phrase (its stemmed keys) in the title or anywhere, or a source.
CREATE TABLE reader_rules (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    action      TEXT    NOT NULL,
    field       TEXT    NOT NULL,
    pattern     TEXT    NOT NULL,
    keys        TEXT    NOT NULL,
    source_id   INTEGER REFERENCES sources (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL
);
CREATE INDEX reader_rules_user ON reader_rules (user_id);

-- Saved articles of a reader (`/gemerkt`), newest state first.
CREATE INDEX item_states_saved ON item_states (user_id, article_id) WHERE starred = 1;

-- A reader's read articles in one index range (the navigation's unread counts).
CREATE INDEX item_states_read ON item_states (user_id, is_read, article_id);
