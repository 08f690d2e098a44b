-- The Ressort an article is filed under (issue 19): the slug of one of the fixed Ressorts
-- (src/ressort.rs), decided from the page's section, the feed entry's categories or the URL's
-- path; NULL when none names one. Ressort pages list an article's Ressort newest first.
ALTER TABLE articles ADD COLUMN ressort TEXT;
CREATE INDEX articles_ressort ON articles (ressort, published_at DESC, id DESC) WHERE ressort IS NOT NULL;
