-- Story clusters with embeddings (issue 23): when an embeddings server is configured
-- (`--embeddings-url`), each new article's title and lead are embedded on the extraction side
-- of ingest and the vector is kept here (little-endian f32s, `cluster::vector_bytes`) with the
-- model that made it; the writer compares it with its cluster candidates' vectors of the same
-- model. Articles without one (saved before, or without the option) have no row.
CREATE TABLE article_embeddings (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    model      TEXT NOT NULL,
    vector     BLOB NOT NULL
);
