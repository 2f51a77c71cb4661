-- Tenants (issue 10), run after start-up has given every graph table its tenant_id column.
-- At most one user node per scope and tenant (ids are never empty strings, so '' stands for "absent"). Replaces the
-- index without the tenant, which would make the second tenant's user node collide with the first's.
CREATE UNIQUE INDEX IF NOT EXISTS ux_graph_nodes_self_per_tenant ON graph_nodes (tenant_id, COALESCE(user_id, ''), COALESCE(agent_id, ''), COALESCE(run_id, '')) WHERE is_self = 1;
DROP INDEX IF EXISTS ux_graph_nodes_self;
