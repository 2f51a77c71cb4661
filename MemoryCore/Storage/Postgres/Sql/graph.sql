-- Graph memory: entities and bi-temporal relations, in the memory store's own database so that a write commits
-- memories, history and graph in one transaction. Applied at every start; every statement is idempotent.
-- {schema} is a validated, quoted identifier and {dimensions} a validated integer, substituted before execution.

-- One row per entity of one exact scope (user_id, agent_id, run_id). The embedding is of the name; entities of a
-- scope merge by it. Scopes are small, so matching scans the scope through its index (no HNSW index here).
CREATE TABLE IF NOT EXISTS {schema}.graph_nodes (
    id         uuid PRIMARY KEY,
    user_id    text,
    agent_id   text,
    run_id     text,
    name       text NOT NULL,
    type       text NOT NULL,
    is_self    boolean NOT NULL DEFAULT false,
    embedding  vector({dimensions}) NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT graph_nodes_scope_present CHECK (user_id IS NOT NULL OR agent_id IS NOT NULL OR run_id IS NOT NULL)
);

CREATE INDEX IF NOT EXISTS graph_nodes_scope_idx ON {schema}.graph_nodes (user_id, agent_id, run_id);
CREATE INDEX IF NOT EXISTS graph_nodes_agent_idx ON {schema}.graph_nodes (agent_id) WHERE agent_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS graph_nodes_run_idx ON {schema}.graph_nodes (run_id) WHERE run_id IS NOT NULL;

-- Relations. valid_from/valid_to: when it held (valid time); created_at/invalidated_at: when the store recorded and
-- retracted it (transaction time). Current relations have valid_to NULL. Invalidated rows are kept: history.
CREATE TABLE IF NOT EXISTS {schema}.graph_edges (
    id             uuid PRIMARY KEY,
    user_id        text,
    agent_id       text,
    run_id         text,
    source_id      uuid NOT NULL REFERENCES {schema}.graph_nodes (id) ON DELETE CASCADE,
    relationship   text NOT NULL,
    destination_id uuid NOT NULL REFERENCES {schema}.graph_nodes (id) ON DELETE CASCADE,
    valid_from     timestamptz NOT NULL,
    valid_to       timestamptz,
    created_at     timestamptz NOT NULL,
    invalidated_at timestamptz,
    invalid_reason text,
    CONSTRAINT graph_edges_no_self_loop CHECK (source_id <> destination_id),
    CONSTRAINT graph_edges_valid_interval CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

CREATE INDEX IF NOT EXISTS graph_edges_source_idx ON {schema}.graph_edges (source_id, relationship);
CREATE INDEX IF NOT EXISTS graph_edges_destination_idx ON {schema}.graph_edges (destination_id);
CREATE INDEX IF NOT EXISTS graph_edges_scope_idx ON {schema}.graph_edges (user_id, agent_id, run_id) WHERE valid_to IS NULL;
-- One current relation per triple: a restated fact gains support instead of a duplicate edge.
CREATE UNIQUE INDEX IF NOT EXISTS graph_edges_current_triple_idx ON {schema}.graph_edges (source_id, relationship, destination_id) WHERE valid_to IS NULL;

-- Which memories state a relation. A memory's rows go when it is deleted or its text replaced; a current relation
-- left without rows is invalidated in the same transaction.
CREATE TABLE IF NOT EXISTS {schema}.graph_edge_sources (
    edge_id   uuid NOT NULL REFERENCES {schema}.graph_edges (id) ON DELETE CASCADE,
    memory_id uuid NOT NULL,
    PRIMARY KEY (edge_id, memory_id)
);

CREATE INDEX IF NOT EXISTS graph_edge_sources_memory_idx ON {schema}.graph_edge_sources (memory_id);

-- Tenants (issue 10): every graph row names its tenant, and the same user id in two tenants is two people with two
-- graphs. Added in place, so rows stored before tenants existed are the default tenant's; a constant default makes
-- ADD COLUMN a catalogue-only change (no table rewrite). The scope indexes stay as they are: user_id is the
-- selective column and tenant_id a filter on the few rows it leaves, so single-tenant deployments pay nothing.
ALTER TABLE {schema}.graph_nodes ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.graph_edges ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.graph_edge_sources ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';

-- Mem0's app_id (issue 17): part of the scope, so of the graph's too; rows stored before it belong to no app (NULL,
-- a catalogue-only change).
ALTER TABLE {schema}.graph_nodes ADD COLUMN IF NOT EXISTS app_id text;
ALTER TABLE {schema}.graph_edges ADD COLUMN IF NOT EXISTS app_id text;

-- At most one user node per scope and tenant (ids are never empty strings, so '' stands for "absent"). Replaces the
-- indexes without the tenant or the app, which would make the second tenant's (or app's) user node collide with the first's.
CREATE UNIQUE INDEX IF NOT EXISTS graph_nodes_one_self_per_scope_idx ON {schema}.graph_nodes (tenant_id, COALESCE(user_id, ''), COALESCE(agent_id, ''), COALESCE(run_id, ''), COALESCE(app_id, '')) WHERE is_self;
DROP INDEX IF EXISTS {schema}.graph_nodes_one_self_idx;
DROP INDEX IF EXISTS {schema}.graph_nodes_one_self_per_tenant_idx;
