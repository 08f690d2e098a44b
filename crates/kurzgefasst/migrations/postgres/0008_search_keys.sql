-- Search with the SQLite engine's semantics (issue 7): the index holds the same stemmed keys
-- as SQLite's FTS5 table (German Snowball, umlauts and ß folded, computed in Rust by
-- `store/search.rs`), written in the transaction that saves the article, and the tsvector is
-- built over those keys with the `simple` configuration (no second stemming, no stop words),
-- so both engines match the same words, prefixes and phrases. `search_tokens` is the row's
-- number of keys, for bm25. The rows are filled on connect when `settings` does not record the
-- current index version (`pg_search_index_version`).
DROP INDEX IF EXISTS articles_search;
ALTER TABLE articles DROP COLUMN IF EXISTS search_tsv;
ALTER TABLE articles ADD COLUMN search_title TEXT;
ALTER TABLE articles ADD COLUMN search_body TEXT;
ALTER TABLE articles ADD COLUMN search_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig, COALESCE(search_title, '') || ' ' || COALESCE(search_body, ''))
) STORED;
CREATE INDEX articles_search ON articles USING GIN (search_tsv);
