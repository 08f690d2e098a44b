-- Ingestion speed (issue 5): an article's story-cluster keys live in its own row. The writer's
-- cluster cache (`store/clusters.rs`) reads the SimHash and the title-term hashes from
-- `articles`; the per-article rows of `article_bands` and `article_title_terms` (about eight
-- per article, each with an entry in an article index) cost the writer a tenth of its time and
-- were read by nothing else. PostgreSQL keeps its look-up tables; `migrate` derives their rows
-- from these columns.
ALTER TABLE articles ADD COLUMN title_term_hashes TEXT;
UPDATE articles SET title_term_hashes = (
    SELECT group_concat(t.term, ' ' ORDER BY t.term) FROM article_title_terms t WHERE t.article_id = articles.id
) WHERE simhash IS NOT NULL;
UPDATE articles SET title_term_hashes = '' WHERE simhash IS NOT NULL AND title_term_hashes IS NULL;
DROP TABLE article_bands;
DROP TABLE article_title_terms;
