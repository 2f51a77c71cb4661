-- PostgreSQL + pgvector store. Applied at every start under an advisory lock; every statement is idempotent.
-- {schema} is a validated, quoted identifier and {dimensions} a validated integer, substituted before execution.
CREATE SCHEMA IF NOT EXISTS {schema};

CREATE TABLE IF NOT EXISTS {schema}.store_info (
    key   text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE IF NOT EXISTS {schema}.memories (
    id         uuid PRIMARY KEY,
    user_id    text,
    agent_id   text,
    run_id     text,
    memory     text NOT NULL,
    hash       text NOT NULL,
    metadata   jsonb NOT NULL DEFAULT '{}'::jsonb,
    embedding  vector({dimensions}) NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT memories_scope_present CHECK (user_id IS NOT NULL OR agent_id IS NOT NULL OR run_id IS NOT NULL)
);

-- Scope lookups: user-first (the common case, memories_scope_idx in tenants.sql: it includes tenant_id), then agent
-- and run alone.
CREATE INDEX IF NOT EXISTS memories_agent_idx ON {schema}.memories (agent_id) WHERE agent_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS memories_run_idx ON {schema}.memories (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS memories_order_idx ON {schema}.memories (created_at, id);

CREATE TABLE IF NOT EXISTS {schema}.memory_history (
    id         uuid PRIMARY KEY,
    memory_id  uuid NOT NULL,
    old_memory text,
    new_memory text,
    event      text NOT NULL CHECK (event IN ('ADD', 'UPDATE', 'DELETE')),
    created_at timestamptz NOT NULL,
    user_id    text,
    agent_id   text,
    run_id     text
);

CREATE INDEX IF NOT EXISTS memory_history_memory_idx ON {schema}.memory_history (memory_id, created_at, id);

-- Exact-duplicate probes by content hash (bulk import's NOT EXISTS, whose scope test is IS NOT DISTINCT FROM).
CREATE INDEX IF NOT EXISTS memories_hash_idx ON {schema}.memories (hash);
