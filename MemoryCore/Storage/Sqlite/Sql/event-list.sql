-- GET /v1/events/ lists a tenant's events newest first: every one for an admin key, the sending key's own otherwise.
-- Applied at every start, after tenants.sql (which adds tenant_id).
CREATE INDEX IF NOT EXISTS memory_events_tenant_seq ON memory_events (tenant_id, seq);
CREATE INDEX IF NOT EXISTS memory_events_tenant_actor_seq ON memory_events (tenant_id, actor_key_id, seq);
