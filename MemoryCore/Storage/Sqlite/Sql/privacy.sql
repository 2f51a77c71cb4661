-- Who did it, and a person's erasure. Applied at every start, after schema.sql; idempotent. The two history columns
-- (actor_key_id, trace_id) are added by SqliteColumns before this file runs: SQLite has no ADD COLUMN IF NOT EXISTS.

-- A person's history rows, for export and erasure (which redacts their text).
CREATE INDEX IF NOT EXISTS ix_history_user ON memory_history (user_id, created_at, id) WHERE user_id IS NOT NULL;

-- One row per erased person: counts, when, by which key and request. No content, and not the user_id itself but its
-- SHA-256 (hex): an operator can still answer "was this person erased?" by hashing the id they were given.
CREATE TABLE IF NOT EXISTS erasure_audit (
    id                    TEXT PRIMARY KEY,
    user_id_sha256        TEXT NOT NULL,
    erased_at             INTEGER NOT NULL,
    memories              INTEGER NOT NULL,
    history_rows_redacted INTEGER NOT NULL,
    turns                 INTEGER NOT NULL,
    graph_nodes           INTEGER NOT NULL,
    graph_edges           INTEGER NOT NULL,
    events                INTEGER NOT NULL,
    actor_key_id          TEXT,
    trace_id              TEXT
);

CREATE INDEX IF NOT EXISTS ix_erasure_audit_user ON erasure_audit (user_id_sha256);
