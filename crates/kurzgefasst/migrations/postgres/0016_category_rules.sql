-- PostgreSQL twin of migrations/sqlite/0019_category_rules.sql: rules on a reader's category.
ALTER TABLE reader_rules ADD COLUMN category_id BIGINT REFERENCES categories (id) ON DELETE CASCADE;
