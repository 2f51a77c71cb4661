-- Tenants (issue 10). Applied at every start, after SqliteMemoryStore has added tenant_id to every table holding a
-- person's data (SQLite has no ADD COLUMN IF NOT EXISTS); idempotent.
-- The user-first scope index ends with tenant_id: exact-scope probes (hashes, the writer's duplicate checks) match it
-- whole. Last, not first: the user id is the selective column, and agent- or run-only scopes keep using their own
-- indexes. It replaces the index of the same columns without tenant_id (built once, when an older database is upgraded).
CREATE INDEX IF NOT EXISTS memories_scope_idx ON memories (user_id, agent_id, run_id, hash, tenant_id);
DROP INDEX IF EXISTS ix_memories_user;
