-- Delivering the briefing (issue 23): each reader's time, weekdays, zone and channels, and one
-- row per reader, local day and channel (the unique claim that makes a scheduled send happen once).
CREATE TABLE briefing_settings (
    user_id        INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- The local time of the send, HH:MM.
    local_time     TEXT    NOT NULL DEFAULT '07:00',
    -- Weekdays as bits, Monday = 1, Tuesday = 2, … Sunday = 64.
    weekdays       INTEGER NOT NULL DEFAULT 127,
    -- An IANA time zone.
    zone           TEXT    NOT NULL DEFAULT 'Europe/Berlin',
    email          TEXT,
    ntfy_url       TEXT,
    webhook_url    TEXT,
    webhook_secret TEXT,
    updated_at     INTEGER NOT NULL
);

CREATE TABLE briefing_deliveries (
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The reader's local day of the send, YYYY-MM-DD.
    day             TEXT    NOT NULL,
    -- email, ntfy or webhook.
    channel         TEXT    NOT NULL,
    -- pending, sent, failed (attempts used up), empty (nothing new that day).
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    -- The worker sending it now, and until when its claim holds.
    lease_owner     TEXT,
    lease_until     INTEGER,
    -- The receiving server's answer to the last failed attempt.
    last_error      TEXT,
    sent_at         INTEGER,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (user_id, day, channel)
);
CREATE INDEX briefing_deliveries_due ON briefing_deliveries (status, next_attempt_at);
