-- PostgreSQL twin of migrations/sqlite/0009_serving.sql (same version gap): counting a source's
-- articles from an index only. (PostgreSQL keeps long text out of line already, so it needs no
-- counterpart of SQLite's articles_id_published.)
CREATE INDEX entries_source_article ON entries (source_id, article_id);
