-- The durable queue of accepted asynchronous adds, and the answers of requests sent with an Idempotency-Key.
-- Applied at every start.
--
-- An event is written in the transaction that answers 202, so an accepted add is never lost. A worker claims it with
-- FOR UPDATE SKIP LOCKED: status RUNNING, claim_token + 1, lease_expires_at. A claim whose lease expired (its process
-- died) is claimed again with the next token. The add's memory changes and status SUCCEEDED commit in one transaction,
-- and that commit names the claim token, so a worker whose claim was taken over cannot complete it: exactly once.
-- seq orders events; a scope's events are applied in the order they were accepted (see the claim).
CREATE TABLE IF NOT EXISTS {schema}.memory_events (
    id               uuid PRIMARY KEY,
    seq              bigint GENERATED ALWAYS AS IDENTITY,
    event_type       text NOT NULL,
    status           text NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    scope_key        text NOT NULL,
    user_id          text,
    agent_id         text,
    run_id           text,
    payload          text NOT NULL,
    results          text,
    error            text,
    attempts         integer NOT NULL DEFAULT 0,
    claim_token      bigint NOT NULL DEFAULT 0,
    claimed_by       text,
    lease_expires_at timestamptz,
    available_at     timestamptz NOT NULL,
    actor_key_id     text,
    trace_id         text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    started_at       timestamptz,
    completed_at     timestamptz
);

CREATE INDEX IF NOT EXISTS memory_events_pending ON {schema}.memory_events (available_at, seq) WHERE status = 'PENDING';
CREATE INDEX IF NOT EXISTS memory_events_running ON {schema}.memory_events (lease_expires_at) WHERE status = 'RUNNING';
CREATE INDEX IF NOT EXISTS memory_events_open_scope ON {schema}.memory_events (scope_key, seq) WHERE status IN ('PENDING', 'RUNNING');
-- A person's events, for the export (GET /users/{id}/export) and erasure.
CREATE INDEX IF NOT EXISTS memory_events_user ON {schema}.memory_events (user_id, seq);

-- One row per (caller key, Idempotency-Key). state IN_FLIGHT while the first request runs (until lease_expires_at,
-- after which a retry may take it over), DONE with the first answer. Rows past expires_at are as good as absent.
CREATE TABLE IF NOT EXISTS {schema}.idempotency_keys (
    actor_key_id     text NOT NULL,
    idempotency_key  text NOT NULL,
    fingerprint      text NOT NULL,
    state            text NOT NULL CHECK (state IN ('IN_FLIGHT', 'DONE')),
    status_code      integer,
    response_body    text,
    location         text,
    lease_expires_at timestamptz NOT NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    PRIMARY KEY (actor_key_id, idempotency_key)
);

CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON {schema}.idempotency_keys (expires_at);

-- The person a stored answer concerns (the add's user_id): erasing them deletes it (it quotes their memories).
-- Added for databases created before the column existed; older rows keep NULL and expire with their TTL.
ALTER TABLE {schema}.idempotency_keys ADD COLUMN IF NOT EXISTS user_id text;
CREATE INDEX IF NOT EXISTS idempotency_keys_user ON {schema}.idempotency_keys (user_id) WHERE user_id IS NOT NULL;
