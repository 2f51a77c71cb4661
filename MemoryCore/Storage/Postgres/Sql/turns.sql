-- Raw conversation turns for distillation; erased with their scope and purged after the retention period.
CREATE TABLE IF NOT EXISTS {schema}.conversation_turns (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    text,
    agent_id   text,
    run_id     text,
    role       text NOT NULL,
    content    text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS conversation_turns_user_idx ON {schema}.conversation_turns (user_id, agent_id, seq);
CREATE INDEX IF NOT EXISTS conversation_turns_agent_idx ON {schema}.conversation_turns (agent_id) WHERE agent_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS conversation_turns_run_idx ON {schema}.conversation_turns (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS conversation_turns_created_idx ON {schema}.conversation_turns (created_at);
