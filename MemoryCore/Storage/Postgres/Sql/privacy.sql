-- Who did it, and a person's erasure. Applied at every start under the schema lock, after schema.sql; idempotent.
-- {schema} is a validated, quoted identifier, substituted before execution.

-- The API key (its stable id, never the secret) and the W3C trace id of the request behind each history row.
-- Nullable: rows written before these columns existed, and changes nobody authenticated, have neither.
ALTER TABLE {schema}.memory_history ADD COLUMN IF NOT EXISTS actor_key_id text;
ALTER TABLE {schema}.memory_history ADD COLUMN IF NOT EXISTS trace_id text;

-- A person's history rows, for export and erasure (which redacts their text).
CREATE INDEX IF NOT EXISTS memory_history_user_idx ON {schema}.memory_history (user_id, created_at, id) WHERE user_id IS NOT NULL;

-- One row per erased person: counts, when, by which key and request. No content, and not the user_id itself but its
-- SHA-256 (hex): an operator can still answer "was this person erased?" by hashing the id they were given.
CREATE TABLE IF NOT EXISTS {schema}.erasure_audit (
    id                    uuid PRIMARY KEY,
    user_id_sha256        text NOT NULL,
    erased_at             timestamptz NOT NULL,
    memories              integer NOT NULL,
    history_rows_redacted integer NOT NULL,
    turns                 integer NOT NULL,
    graph_nodes           integer NOT NULL,
    graph_edges           integer NOT NULL,
    events                integer NOT NULL,
    actor_key_id          text,
    trace_id              text
);

CREATE INDEX IF NOT EXISTS erasure_audit_user_idx ON {schema}.erasure_audit (user_id_sha256);
