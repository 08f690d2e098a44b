-- Story clusters: each article's SimHash, agency and cluster; the SimHash's 8-bit bands and the
-- title's stemmed terms, indexed with the publication time so candidates are found in a window.
-- The lookup indexes cover everything the candidate search reads (simhash, term count), so it
-- never touches the articles table until a cluster is chosen.
ALTER TABLE articles ADD COLUMN simhash INTEGER;
ALTER TABLE articles ADD COLUMN title_terms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN agency TEXT;
ALTER TABLE articles ADD COLUMN cluster_id INTEGER;
CREATE INDEX articles_cluster ON articles (cluster_id);

CREATE TABLE article_bands (
    band          INTEGER NOT NULL,
    value         INTEGER NOT NULL,
    published_at  INTEGER NOT NULL,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    simhash       INTEGER NOT NULL
);
CREATE INDEX article_bands_lookup ON article_bands (band, value, published_at, article_id, simhash);
CREATE INDEX article_bands_article ON article_bands (article_id);

CREATE TABLE article_title_terms (
    term          INTEGER NOT NULL,
    published_at  INTEGER NOT NULL,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    n_terms       INTEGER NOT NULL
);
CREATE INDEX article_title_terms_lookup ON article_title_terms (term, published_at, article_id, n_terms);
CREATE INDEX article_title_terms_article ON article_title_terms (article_id);
