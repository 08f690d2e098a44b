-- PostgreSQL twin of migrations/sqlite/0025_embeddings.sql: an article's embedding (title and
-- lead, little-endian f32s) with the model that made it, when an embeddings server is
-- configured.
CREATE TABLE article_embeddings (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    model      TEXT NOT NULL,
    vector     BYTEA NOT NULL
);
