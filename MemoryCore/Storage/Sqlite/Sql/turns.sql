-- Raw conversation turns for distillation; erased with their scope and purged after the retention period.
CREATE TABLE IF NOT EXISTS conversation_turns (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    TEXT,
    agent_id   TEXT,
    run_id     TEXT,
    role       TEXT NOT NULL,
    content    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_turns_user    ON conversation_turns (user_id, agent_id, seq);
CREATE INDEX IF NOT EXISTS ix_turns_agent   ON conversation_turns (agent_id);
CREATE INDEX IF NOT EXISTS ix_turns_run     ON conversation_turns (run_id);
CREATE INDEX IF NOT EXISTS ix_turns_created ON conversation_turns (created_at);
