-- Mem0's app_id (issue 17): the fourth scope id beside user_id, agent_id and run_id, on every table that holds a
-- scope (the graph tables get theirs in graph.sql, before the index that names it). Applied at every start under the
-- schema lock, after tenants.sql; idempotent. Rows stored before it existed belong to no app (NULL): adding a
-- nullable column without a default is a catalogue-only change, no table is rewritten.
ALTER TABLE {schema}.memories ADD COLUMN IF NOT EXISTS app_id text;
ALTER TABLE {schema}.memory_history ADD COLUMN IF NOT EXISTS app_id text;
ALTER TABLE {schema}.conversation_turns ADD COLUMN IF NOT EXISTS app_id text;
ALTER TABLE {schema}.memory_events ADD COLUMN IF NOT EXISTS app_id text;

-- Reads by app alone ("every memory of this app") and the entities list's app rows. Partial, like the run index: most
-- memories name no app, and the owner-led scope index serves scopes that name a user, agent or run (app_id is then a
-- filter on the few rows it leaves). Like the agent and run indexes, it checks tenant_id on the rows it finds.
CREATE INDEX IF NOT EXISTS memories_app_idx ON {schema}.memories (app_id) WHERE app_id IS NOT NULL;
