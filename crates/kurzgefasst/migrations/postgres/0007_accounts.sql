-- PostgreSQL twin of migrations/sqlite/0006_accounts.sql: users with an argon2 password hash,
-- browser sessions and API tokens (stored only as SHA-256 hashes of the secret), and per-user
-- read/starred state of articles for the Google Reader API.
CREATE TABLE users (
    id             BIGSERIAL PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE,
    password_hash  TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT    PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id            BIGSERIAL PRIMARY KEY,
    user_id       BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    token_hash    TEXT    NOT NULL UNIQUE,
    created_at    BIGINT  NOT NULL,
    last_used_at  BIGINT
);

CREATE TABLE item_states (
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    article_id  BIGINT  NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    is_read     BOOLEAN NOT NULL DEFAULT FALSE,
    starred     BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at  BIGINT  NOT NULL,
    PRIMARY KEY (user_id, article_id)
);
CREATE INDEX item_states_article ON item_states (article_id);
