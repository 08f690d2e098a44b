-- The page's kind (issue 21), as kg-extract decided it: `article`, `liveblog`, `gallery`,
-- `video`, `forum`, `listing`, `product`, `service` or `documentation` (src/kind.rs). NULL in
-- rows saved before is an article. The kind labels the article on the pages and chose its TLDR
-- (a live blog's latest entries, a listing's or gallery's items as a list).
ALTER TABLE articles ADD COLUMN page_type TEXT;
