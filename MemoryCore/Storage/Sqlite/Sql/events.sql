-- The durable queue of accepted asynchronous adds, and the answers of requests sent with an Idempotency-Key.
-- Applied at every start. Same contract as PostgreSQL's events.sql: SQLite has one writer, so a claim is an UPDATE in a
-- BEGIN IMMEDIATE transaction; the lease (lease_expires_at) lets a restarted process take over what a dead one held.
-- Timestamps are Unix microseconds (UTC).
CREATE TABLE IF NOT EXISTS memory_events (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT NOT NULL UNIQUE,
    event_type       TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    scope_key        TEXT NOT NULL,
    user_id          TEXT,
    agent_id         TEXT,
    run_id           TEXT,
    payload          TEXT NOT NULL,
    results          TEXT,
    error            TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    claim_token      INTEGER NOT NULL DEFAULT 0,
    claimed_by       TEXT,
    lease_expires_at INTEGER,
    available_at     INTEGER NOT NULL,
    actor_key_id     TEXT,
    trace_id         TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    started_at       INTEGER,
    completed_at     INTEGER
);

CREATE INDEX IF NOT EXISTS memory_events_pending ON memory_events (available_at, seq) WHERE status = 'PENDING';
CREATE INDEX IF NOT EXISTS memory_events_running ON memory_events (lease_expires_at) WHERE status = 'RUNNING';
CREATE INDEX IF NOT EXISTS memory_events_open_scope ON memory_events (scope_key, seq) WHERE status IN ('PENDING', 'RUNNING');
-- A person's events, for the export (GET /users/{id}/export) and erasure.
CREATE INDEX IF NOT EXISTS memory_events_user ON memory_events (user_id, seq);

CREATE TABLE IF NOT EXISTS idempotency_keys (
    actor_key_id     TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL,
    fingerprint      TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('IN_FLIGHT', 'DONE')),
    status_code      INTEGER,
    response_body    TEXT,
    location         TEXT,
    lease_expires_at INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    PRIMARY KEY (actor_key_id, idempotency_key)
);

CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON idempotency_keys (expires_at);
