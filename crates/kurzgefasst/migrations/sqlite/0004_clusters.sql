-- Story clusters: each article's SimHash, agency and cluster; the SimHash's 8-bit bands and the
-- title's stemmed terms, indexed with the publication time so candidates are found in a window.
ALTER TABLE articles ADD COLUMN simhash INTEGER;
ALTER TABLE articles ADD COLUMN title_terms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN agency TEXT;
ALTER TABLE articles ADD COLUMN cluster_id INTEGER;
CREATE INDEX articles_cluster ON articles (cluster_id);

CREATE TABLE article_bands (
    band          INTEGER NOT NULL,
    value         INTEGER NOT NULL,
    published_at  INTEGER NOT NULL,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX article_bands_lookup ON article_bands (band, value, published_at);

CREATE TABLE article_title_terms (
    term          INTEGER NOT NULL,
    published_at  INTEGER NOT NULL,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX article_title_terms_lookup ON article_title_terms (term, published_at);
