-- PostgreSQL twin of migrations/sqlite/0018_event_keys.sql: the article's event keys in its
-- row (space-separated), and the look-up table the candidates are found through, as for title
-- terms (`article_title_terms`). Articles saved before have none.
ALTER TABLE articles ADD COLUMN event_key_hashes TEXT;

CREATE TABLE article_event_keys (
    key           BIGINT NOT NULL,
    published_at  BIGINT NOT NULL,
    article_id    BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    n_keys        BIGINT NOT NULL
);
CREATE INDEX article_event_keys_lookup ON article_event_keys (key, published_at, article_id, n_keys);
CREATE INDEX article_event_keys_article ON article_event_keys (article_id);
