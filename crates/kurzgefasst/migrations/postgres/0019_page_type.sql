-- PostgreSQL twin of migrations/sqlite/0026_page_type.sql: the page's kind (NULL = article).
ALTER TABLE articles ADD COLUMN page_type TEXT;
