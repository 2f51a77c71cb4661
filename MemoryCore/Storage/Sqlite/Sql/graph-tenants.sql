-- Tenants (issue 10) and apps (issue 17), run after start-up has given the graph tables their tenant_id and app_id columns.
-- At most one user node per scope and tenant (ids are never empty strings, so '' stands for "absent"). Replaces the
-- indexes without the tenant or the app, which would make the second tenant's (or app's) user node collide with the first's.
CREATE UNIQUE INDEX IF NOT EXISTS ux_graph_nodes_self_per_scope ON graph_nodes (tenant_id, COALESCE(user_id, ''), COALESCE(agent_id, ''), COALESCE(run_id, ''), COALESCE(app_id, '')) WHERE is_self = 1;
DROP INDEX IF EXISTS ux_graph_nodes_self;
DROP INDEX IF EXISTS ux_graph_nodes_self_per_tenant;
