-- PostgreSQL twin of migrations/sqlite/0004_clusters.sql.
-- Story clusters: each article's SimHash, agency and cluster; the SimHash's 8-bit bands and the
-- title's stemmed terms, indexed with the publication time so candidates are found in a window.
-- The lookup indexes cover everything the candidate search reads (simhash, term count), so it
-- never touches the articles table until a cluster is chosen. The 64-bit SimHash is stored as a
-- signed BIGINT (the same bits), as in SQLite.
ALTER TABLE articles ADD COLUMN simhash BIGINT;
ALTER TABLE articles ADD COLUMN title_terms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN agency TEXT;
ALTER TABLE articles ADD COLUMN cluster_id BIGINT;
CREATE INDEX articles_cluster ON articles (cluster_id);

CREATE TABLE article_bands (
    band          BIGINT NOT NULL,
    value         BIGINT NOT NULL,
    published_at  BIGINT NOT NULL,
    article_id    BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    simhash       BIGINT NOT NULL
);
CREATE INDEX article_bands_lookup ON article_bands (band, value, published_at, article_id, simhash);
CREATE INDEX article_bands_article ON article_bands (article_id);

CREATE TABLE article_title_terms (
    term          BIGINT NOT NULL,
    published_at  BIGINT NOT NULL,
    article_id    BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    n_terms       BIGINT NOT NULL
);
CREATE INDEX article_title_terms_lookup ON article_title_terms (term, published_at, article_id, n_terms);
CREATE INDEX article_title_terms_article ON article_title_terms (article_id);
