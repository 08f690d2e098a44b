-- A version per reader that every change of their reading state bumps (issue 19, speed): read
-- and saved states, subscriptions, categories, filter rules, settings and visits. Caches of a
-- reader's pages and unread counts are keyed by it, so a change made by any connection or
-- process shows on the reader's next request. Kept up by the triggers below, never written by
-- the application; not copied by `kurzgefasst migrate` (PostgreSQL's triggers make its own).
CREATE TABLE reader_versions (
    user_id  INTEGER PRIMARY KEY,
    version  INTEGER NOT NULL
);

CREATE TRIGGER item_states_version_ins AFTER INSERT ON item_states BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER item_states_version_upd AFTER UPDATE ON item_states BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER item_states_version_del AFTER DELETE ON item_states BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (OLD.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER subscriptions_version_ins AFTER INSERT ON subscriptions BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER subscriptions_version_upd AFTER UPDATE ON subscriptions BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER subscriptions_version_del AFTER DELETE ON subscriptions BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (OLD.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER categories_version_ins AFTER INSERT ON categories BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER categories_version_upd AFTER UPDATE ON categories BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER categories_version_del AFTER DELETE ON categories BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (OLD.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER reader_rules_version_ins AFTER INSERT ON reader_rules BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER reader_rules_version_upd AFTER UPDATE ON reader_rules BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER reader_rules_version_del AFTER DELETE ON reader_rules BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (OLD.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER reader_settings_version_ins AFTER INSERT ON reader_settings BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER reader_settings_version_upd AFTER UPDATE ON reader_settings BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER reader_settings_version_del AFTER DELETE ON reader_settings BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (OLD.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER users_version_upd AFTER UPDATE ON users BEGIN
    INSERT INTO reader_versions (user_id, version) VALUES (NEW.id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
