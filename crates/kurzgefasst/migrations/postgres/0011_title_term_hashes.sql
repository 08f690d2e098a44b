-- PostgreSQL twin of migrations/sqlite/0014_cluster_keys_in_articles.sql's new column: the
-- article's title-term hashes in its row (space-separated), as SQLite keeps them, so that a
-- copied row has the same columns. PostgreSQL looks candidates up in `article_title_terms`
-- and `article_bands`, which it keeps.
ALTER TABLE articles ADD COLUMN title_term_hashes TEXT;
