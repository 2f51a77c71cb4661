-- Tenants (issue 10): every table holding a person's data names the tenant (account) its rows belong to. Applied at
-- every start under the schema lock, after the files that create these tables; idempotent. Databases created before
-- tenants existed get the column here, and their rows are the default tenant's: a constant default is stored in the
-- catalog (PostgreSQL 11+), so adding it rewrites no table, however large.
-- The scope indexes are left as they are: tenant_id is checked on the rows they find. A single-tenant deployment has
-- one value, so this filter removes nothing and its plans (the HNSW path included) stay what they were; another
-- tenant's rows under the same user id are rare enough that reading them before discarding them costs nothing that matters.
ALTER TABLE {schema}.memories ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.memory_history ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.conversation_turns ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.memory_events ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.erasure_audit ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
-- A stored Idempotency-Key answer quotes the person's memories: erasing them in their tenant deletes it.
ALTER TABLE {schema}.idempotency_keys ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
-- The graph tables are queried through the same scope clauses (PostgresScopeClauses), which name the tenant; their
-- writers and reads are the graph's own (graph.sql may add the same columns: both statements are idempotent).
ALTER TABLE {schema}.graph_nodes ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.graph_edges ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
