-- Full-text search: an FTS5 index over a pre-stemmed copy of each article's title and text.
-- The stemming (German Snowball, umlauts and ß folded) happens in Rust (`store/search.rs`), so
-- the table is contentless: it holds only the index, and search results are read from
-- `articles`. Its rowid is the article's id. Rows are written in the transaction that saves the
-- article; the index is (re)built on open when `settings.search_index_version` is not current.
CREATE VIRTUAL TABLE article_fts USING fts5(
    title,
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3 5'
);

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_fts WHERE rowid = old.id;
END;
