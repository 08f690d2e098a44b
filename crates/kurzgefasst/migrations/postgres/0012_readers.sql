-- PostgreSQL twin of migrations/sqlite/0015_readers.sql: several readers, their subscriptions
-- (sources stay shared) and categories; every existing user stays an admin, and the admin (the
-- user `admin`, else the oldest) owns every existing source's subscription.
ALTER TABLE users ADD COLUMN is_admin BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN language TEXT;
UPDATE users SET is_admin = TRUE;

CREATE TABLE categories (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    slug        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    UNIQUE (user_id, slug)
);

CREATE TABLE subscriptions (
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source_id    BIGINT  NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    category_id  BIGINT  REFERENCES categories (id) ON DELETE SET NULL,
    title        TEXT,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (user_id, source_id)
);
CREATE INDEX subscriptions_source ON subscriptions (source_id);
CREATE INDEX subscriptions_category ON subscriptions (category_id);

INSERT INTO subscriptions (user_id, source_id, category_id, title, created_at)
SELECT u.id, s.id, NULL, NULL, s.created_at FROM sources s
JOIN users u ON u.id = COALESCE((SELECT id FROM users WHERE name = 'admin'), (SELECT MIN(id) FROM users));
