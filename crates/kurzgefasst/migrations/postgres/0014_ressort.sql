-- PostgreSQL twin of migrations/sqlite/0017_ressort.sql: the Ressort an article is filed under.
ALTER TABLE articles ADD COLUMN ressort TEXT;
CREATE INDEX articles_ressort ON articles (ressort, published_at DESC, id DESC) WHERE ressort IS NOT NULL;
