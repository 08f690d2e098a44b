-- Search over a large store (issue 6, `bench serve`): a second FTS5 index, defined like
-- `article_fts`, that holds only the articles whose id lies within the newest
-- `settings.search_recent_window` ids (default 100,000) above `settings.search_recent_floor`.
-- Relevance ranks the newest matches; when the window holds enough of them, they and their bm25
-- statistics come from this small index instead of the whole one, whose prefix doclists and
-- document frequencies cost time linear in the store (`store/search.rs`). Rows are written with
-- the main index in the article's transaction and leave when the window moves on; the index is
-- (re)built on open when the floor setting is missing.
CREATE VIRTUAL TABLE article_fts_recent USING fts5(
    title,
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3 5'
);

CREATE TRIGGER articles_fts_recent_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_fts_recent WHERE rowid = old.id;
END;

DELETE FROM settings WHERE key = 'search_recent_floor';
