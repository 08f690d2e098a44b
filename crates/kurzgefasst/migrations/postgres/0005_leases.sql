-- Leases for several worker processes sharing one database (PostgreSQL only; SQLite has one
-- process). A worker claims due sources by setting lease_owner and lease_until (Unix seconds)
-- in one statement with FOR UPDATE SKIP LOCKED, renews them while it polls (heartbeat) and
-- releases them when done. A lease whose lease_until has passed belongs to nobody: a crashed
-- worker's sources are claimed by another after the expiry.
ALTER TABLE sources ADD COLUMN lease_owner TEXT;
ALTER TABLE sources ADD COLUMN lease_until BIGINT;
CREATE INDEX sources_due ON sources (next_poll_at, id);
CREATE INDEX sources_lease_owner ON sources (lease_owner) WHERE lease_owner IS NOT NULL;
