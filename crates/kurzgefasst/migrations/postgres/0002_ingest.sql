-- PostgreSQL twin of migrations/sqlite/0002_ingest.sql.
-- Entries remember the link they pointed to and a hash of what the feed said (title, text),
-- so a changed entry is noticed and its article updated, and a known link is not fetched twice.
ALTER TABLE entries ADD COLUMN link TEXT;
ALTER TABLE entries ADD COLUMN entry_hash TEXT;
CREATE INDEX entries_link ON entries (link);
-- Content-hash dedup within a site.
CREATE INDEX articles_site_hash ON articles (site, content_hash);
