-- Serving a large store (issue 6, `bench serve`): article rows carry their text inline, so
-- reading `published_at` from the table walks the text's overflow pages. Search filters and
-- orders matches through this covering index instead. Counting a source's articles reads only
-- the second index.
CREATE INDEX articles_id_published ON articles (id, published_at);
CREATE INDEX entries_source_article ON entries (source_id, article_id);
