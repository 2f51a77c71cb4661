-- Graph memory (see the PostgreSQL graph.sql for the model): entities and bi-temporal relations in the same file
-- and transaction as the memories. Timestamps are Unix microseconds (UTC); embeddings little-endian float32 blobs.
-- Foreign keys are documentation here (SQLite does not enforce them without a pragma); the store deletes explicitly.
-- Every table also has tenant_id, added at start-up (SqliteMemoryStore.Graph.cs) (SQLite has no ADD COLUMN IF NOT EXISTS).
CREATE TABLE IF NOT EXISTS graph_nodes (
    id         TEXT PRIMARY KEY,
    user_id    TEXT,
    agent_id   TEXT,
    run_id     TEXT,
    name       TEXT NOT NULL,
    type       TEXT NOT NULL,
    is_self    INTEGER NOT NULL DEFAULT 0,
    embedding  BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    CHECK (user_id IS NOT NULL OR agent_id IS NOT NULL OR run_id IS NOT NULL)
);

CREATE INDEX IF NOT EXISTS ix_graph_nodes_scope ON graph_nodes (user_id, agent_id, run_id);
CREATE INDEX IF NOT EXISTS ix_graph_nodes_agent ON graph_nodes (agent_id);
CREATE INDEX IF NOT EXISTS ix_graph_nodes_run   ON graph_nodes (run_id);
-- The one-user-node-per-scope index names the tenant, so it is created in graph-tenants.sql, after the column exists.

CREATE TABLE IF NOT EXISTS graph_edges (
    id             TEXT PRIMARY KEY,
    user_id        TEXT,
    agent_id       TEXT,
    run_id         TEXT,
    source_id      TEXT NOT NULL REFERENCES graph_nodes (id),
    relationship   TEXT NOT NULL,
    destination_id TEXT NOT NULL REFERENCES graph_nodes (id),
    valid_from     INTEGER NOT NULL,
    valid_to       INTEGER,
    created_at     INTEGER NOT NULL,
    invalidated_at INTEGER,
    invalid_reason TEXT,
    CHECK (source_id <> destination_id),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

CREATE INDEX IF NOT EXISTS ix_graph_edges_source      ON graph_edges (source_id, relationship);
CREATE INDEX IF NOT EXISTS ix_graph_edges_destination ON graph_edges (destination_id);
CREATE INDEX IF NOT EXISTS ix_graph_edges_scope       ON graph_edges (user_id, agent_id, run_id);
CREATE UNIQUE INDEX IF NOT EXISTS ux_graph_edges_current ON graph_edges (source_id, relationship, destination_id) WHERE valid_to IS NULL;

CREATE TABLE IF NOT EXISTS graph_edge_sources (
    edge_id   TEXT NOT NULL REFERENCES graph_edges (id),
    memory_id TEXT NOT NULL,
    PRIMARY KEY (edge_id, memory_id)
);

CREATE INDEX IF NOT EXISTS ix_graph_edge_sources_memory ON graph_edge_sources (memory_id);
