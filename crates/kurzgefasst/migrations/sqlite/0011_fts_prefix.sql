-- Ingestion speed (issue 5): both FTS5 indexes keep only the 5-letter prefix index. No query
-- used the 3-letter one (prefix queries need a key of four or more letters, `store/search.rs`),
-- yet every article paid for writing and merging it. Both tables are made again, empty, and
-- the settings that say they are built are removed, so the next open rebuilds them from
-- `articles` (`SqliteStore::ensure_search_index`).
DROP TRIGGER IF EXISTS articles_fts_delete;
DROP TRIGGER IF EXISTS articles_fts_recent_delete;
DROP TABLE IF EXISTS article_fts;
DROP TABLE IF EXISTS article_fts_recent;

CREATE VIRTUAL TABLE article_fts USING fts5(
    title,
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '5'
);

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_fts WHERE rowid = old.id;
END;

CREATE VIRTUAL TABLE article_fts_recent USING fts5(
    title,
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '5'
);

CREATE TRIGGER articles_fts_recent_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_fts_recent WHERE rowid = old.id;
END;

DELETE FROM settings WHERE key IN ('search_index_version', 'search_recent_floor');
