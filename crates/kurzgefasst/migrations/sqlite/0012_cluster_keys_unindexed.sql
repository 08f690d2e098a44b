-- Ingestion speed (issue 5): the writer reads story-cluster candidates from an in-memory copy
-- of the signature rows (`store/clusters.rs`, `ClusterCache`), which it loads through the
-- articles' publication-time index and each row's article index. The look-up indexes by band
-- value and by title term are no longer read, yet every article paid for writing about 14
-- entries into them.
DROP INDEX IF EXISTS article_bands_lookup;
DROP INDEX IF EXISTS article_title_terms_lookup;
