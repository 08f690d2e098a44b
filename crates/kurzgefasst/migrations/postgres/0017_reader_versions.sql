-- PostgreSQL twin of migrations/sqlite/0020_reader_versions.sql: a version per reader that every
-- change of their reading state bumps (read and saved states, subscriptions, categories, filter
-- rules, settings and visits, the reader's row). Caches of a reader's pages and unread counts
-- are keyed by it, so a change made by any process shows on the reader's next request. The row
-- is written in the changing transaction, so a version is never seen before its change.
CREATE TABLE reader_versions (
    user_id  BIGINT PRIMARY KEY,
    version  BIGINT NOT NULL
);

CREATE FUNCTION bump_reader_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    u BIGINT;
BEGIN
    IF TG_TABLE_NAME = 'users' THEN
        u := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        u := OLD.user_id;
    ELSE
        u := NEW.user_id;
    END IF;
    INSERT INTO reader_versions (user_id, version) VALUES (u, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = reader_versions.version + 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER item_states_version AFTER INSERT OR UPDATE OR DELETE ON item_states
    FOR EACH ROW EXECUTE FUNCTION bump_reader_version();
CREATE TRIGGER subscriptions_version AFTER INSERT OR UPDATE OR DELETE ON subscriptions
    FOR EACH ROW EXECUTE FUNCTION bump_reader_version();
CREATE TRIGGER categories_version AFTER INSERT OR UPDATE OR DELETE ON categories
    FOR EACH ROW EXECUTE FUNCTION bump_reader_version();
CREATE TRIGGER reader_rules_version AFTER INSERT OR UPDATE OR DELETE ON reader_rules
    FOR EACH ROW EXECUTE FUNCTION bump_reader_version();
CREATE TRIGGER reader_settings_version AFTER INSERT OR UPDATE OR DELETE ON reader_settings
    FOR EACH ROW EXECUTE FUNCTION bump_reader_version();
CREATE TRIGGER users_version AFTER UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION bump_reader_version();
