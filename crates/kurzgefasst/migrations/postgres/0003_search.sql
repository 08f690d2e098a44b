-- Full-text search (the counterpart of migrations/sqlite/0003_search.sql): a stored tsvector
-- over each article's title (weight A) and text (weight B), in the text search configuration
-- `kg_german`: PostgreSQL's `german` (Snowball stemmer and stop words), with `unaccent` before
-- the stemmer for words with non-ASCII letters when the extension can be installed, so
-- "Häuser" and "Haus" share the lexeme "haus" and "Straße" and "Strasse" share "strass".
-- Without `unaccent` (not shipped, or no right to create it) the configuration is plain
-- `german`, whose stemmer folds umlauts and ß as well; the migration does not fail.

DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS unaccent;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'unaccent is not available (%); search uses plain german', SQLERRM;
END
$$;

CREATE TEXT SEARCH CONFIGURATION kg_german (COPY = pg_catalog.german);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
        ALTER TEXT SEARCH CONFIGURATION kg_german
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, german_stem;
    END IF;
END
$$;

ALTER TABLE articles ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('kg_german'::regconfig, title), 'A')
    || setweight(to_tsvector('kg_german'::regconfig, content), 'B')
) STORED;
CREATE INDEX articles_search ON articles USING GIN (search_tsv);
