-- Embedded SQLite store. Applied at every start; every statement is idempotent.
-- Timestamps are Unix microseconds (UTC); embeddings are little-endian float32 blobs.
CREATE TABLE IF NOT EXISTS store_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS memories (
    id         TEXT PRIMARY KEY,
    user_id    TEXT,
    agent_id   TEXT,
    run_id     TEXT,
    memory     TEXT NOT NULL,
    hash       TEXT NOT NULL,
    metadata   TEXT NOT NULL DEFAULT '{}',
    embedding  BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (user_id IS NOT NULL OR agent_id IS NOT NULL OR run_id IS NOT NULL)
);

-- The user-first scope index (memories_scope_idx) is created in tenants.sql: it includes tenant_id.
CREATE INDEX IF NOT EXISTS ix_memories_agent ON memories (agent_id);
CREATE INDEX IF NOT EXISTS ix_memories_run   ON memories (run_id);
CREATE INDEX IF NOT EXISTS ix_memories_order ON memories (created_at, id);

CREATE TABLE IF NOT EXISTS memory_history (
    id         TEXT PRIMARY KEY,
    memory_id  TEXT NOT NULL,
    old_memory TEXT,
    new_memory TEXT,
    event      TEXT NOT NULL CHECK (event IN ('ADD', 'UPDATE', 'DELETE')),
    created_at INTEGER NOT NULL,
    user_id    TEXT,
    agent_id   TEXT,
    run_id     TEXT
);

CREATE INDEX IF NOT EXISTS ix_history_memory ON memory_history (memory_id, created_at);
