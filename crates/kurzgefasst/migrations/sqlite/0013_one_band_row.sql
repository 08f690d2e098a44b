-- Ingestion speed (issue 5): SQLite keeps one `article_bands` row per article (band 0, with
-- the article's SimHash), not eight. The writer's cluster cache loads only that row (the
-- SimHash gives the other bands) and nothing else reads them, yet every article paid for
-- writing seven more rows and their article-index entries. PostgreSQL, which looks candidates
-- up by band, keeps all eight; `migrate` derives bands 1 to 7 from band 0 when it copies.
DELETE FROM article_bands WHERE band <> 0;
