-- Tenants (issue 10): every table holding a person's data names the tenant (account) its rows belong to. Applied at
-- every start under the schema lock, after the files that create these tables; idempotent. Databases created before
-- tenants existed get the column here, and their rows are the default tenant's: a constant default is stored in the
-- catalog (PostgreSQL 11+), so adding it rewrites no table, however large.
ALTER TABLE {schema}.memories ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.memory_history ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.conversation_turns ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.memory_events ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.erasure_audit ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
-- A stored Idempotency-Key answer quotes the person's memories: erasing them in their tenant deletes it.
ALTER TABLE {schema}.idempotency_keys ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
-- The graph tables get theirs in graph.sql.

-- The user-first scope index ends with tenant_id: exact-scope probes (hashes, the writer's duplicate checks) match it
-- whole, and the vector search's count of a scope stays an index-only scan. Last, not first: the user id is the
-- selective column, and a single-tenant deployment's plans (the HNSW path included) stay what they were. It replaces
-- the index of the same columns without tenant_id (built once, when a database created before tenants is upgraded).
-- The agent, run, history, turn and event indexes check tenant_id on the rows they find: those queries read the rows anyway.
CREATE INDEX IF NOT EXISTS memories_scope_idx ON {schema}.memories (user_id, agent_id, run_id, hash, tenant_id);
DROP INDEX IF EXISTS {schema}.memories_user_scope_idx;
