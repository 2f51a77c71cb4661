-- Bulk import of one batch, after the batch was COPYed into the temporary table import_staging.
-- A memory is skipped when its exact scope (tenant included) already holds one with the same hash, or when an earlier line of the
-- batch (lower ord) has the same scope and hash, or when its id exists already (imported before, perhaps edited since,
-- or deleted: an id with history rows is taken):
-- re-running a file adds nothing. IS NOT DISTINCT FROM because a
-- missing id is NULL and must match NULL (the exact-scope rule of writers); the hash index narrows the probe.
-- {schema} is a validated, quoted identifier substituted before execution.
WITH candidates AS (
    SELECT DISTINCT ON (s.tenant_id, s.user_id, s.agent_id, s.run_id, s.app_id, s.hash) s.*
    FROM import_staging s
    ORDER BY s.tenant_id, s.user_id, s.agent_id, s.run_id, s.app_id, s.hash, s.ord
),
inserted AS (
    INSERT INTO {schema}.memories (id, tenant_id, user_id, agent_id, run_id, app_id, memory, hash, metadata, embedding, created_at, updated_at)
    SELECT c.id, c.tenant_id, c.user_id, c.agent_id, c.run_id, c.app_id, c.memory, c.hash, c.metadata, c.embedding, c.created_at, c.updated_at
    FROM candidates c
    WHERE NOT EXISTS (
        SELECT 1 FROM {schema}.memories m
        WHERE m.hash = c.hash
          AND m.tenant_id = c.tenant_id
          AND m.user_id IS NOT DISTINCT FROM c.user_id
          AND m.agent_id IS NOT DISTINCT FROM c.agent_id
          AND m.run_id IS NOT DISTINCT FROM c.run_id
          AND m.app_id IS NOT DISTINCT FROM c.app_id)
      -- An id with history is taken, even once its memory is deleted: reusing it would join another memory's (perhaps
      -- another tenant's) history, which then belongs to no one caller and reads as not found for both.
      AND NOT EXISTS (SELECT 1 FROM {schema}.memory_history h WHERE h.memory_id = c.id)
    ORDER BY c.ord
    ON CONFLICT (id) DO NOTHING
    RETURNING id, memory, created_at, tenant_id, user_id, agent_id, run_id, app_id
),
audit AS (
    INSERT INTO {schema}.memory_history (id, memory_id, old_memory, new_memory, event, created_at, tenant_id, user_id, agent_id, run_id, app_id, actor_key_id, trace_id)
    SELECT gen_random_uuid(), i.id, NULL, i.memory, 'ADD', i.created_at, i.tenant_id, i.user_id, i.agent_id, i.run_id, i.app_id, @actor_key_id, @trace_id FROM inserted i
)
SELECT id FROM inserted;
