-- Mem0's app_id (issue 17), the fourth scope id. Applied at every start, after SqliteMemoryStore has added app_id to
-- every table that holds a scope (SQLite has no ADD COLUMN IF NOT EXISTS); idempotent. Rows stored before it existed
-- belong to no app (NULL).
-- Reads by app alone and the entities list's app rows; scopes that name a user, agent or run use their own indexes.
CREATE INDEX IF NOT EXISTS ix_memories_app ON memories (app_id) WHERE app_id IS NOT NULL;
