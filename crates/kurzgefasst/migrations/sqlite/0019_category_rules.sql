-- Mute and keep rules on one of the reader's categories (issue 19): the rule hides (or keeps)
-- every article of the sources the reader has in that category. Deleting the category removes
-- its rules.
ALTER TABLE reader_rules ADD COLUMN category_id INTEGER REFERENCES categories (id) ON DELETE CASCADE;
