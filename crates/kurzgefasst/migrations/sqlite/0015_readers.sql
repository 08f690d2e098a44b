-- Several readers (issue 19): sources stay shared (a feed several readers follow is fetched
-- once); each reader has subscriptions (own title, category) and categories of their own.
-- Every user who existed before could do everything, so every existing user stays an admin;
-- the admin (the user `admin`, else the oldest) becomes the first reader and owns every
-- existing source's subscription. Readers have a language of their own (NULL: the browser's).
ALTER TABLE users ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN language TEXT;
UPDATE users SET is_admin = 1;

CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    slug        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (user_id, slug)
);

CREATE TABLE subscriptions (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source_id    INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    category_id  INTEGER REFERENCES categories (id) ON DELETE SET NULL,
    title        TEXT,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, source_id)
);
CREATE INDEX subscriptions_source ON subscriptions (source_id);
CREATE INDEX subscriptions_category ON subscriptions (category_id);

INSERT INTO subscriptions (user_id, source_id, category_id, title, created_at)
SELECT u.id, s.id, NULL, NULL, s.created_at FROM sources s
JOIN users u ON u.id = COALESCE((SELECT id FROM users WHERE name = 'admin'), (SELECT MIN(id) FROM users));
