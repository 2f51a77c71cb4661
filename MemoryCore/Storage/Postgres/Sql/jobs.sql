-- Leases and checkpoints of named background jobs (the distillation worker), one row per job. Applied at every start.
-- token is the fencing token: it grows by one at every acquisition. Rows are never deleted, not even by /reset, so a
-- token can never come back and make a stale holder current again. expires_at is NULL once the lease is released;
-- watermark is NULL until the first checkpoint.
CREATE TABLE IF NOT EXISTS {schema}.jobs (
    job           text PRIMARY KEY,
    holder        text NOT NULL,
    token         bigint NOT NULL CHECK (token >= 1),
    acquired_at   timestamptz NOT NULL,
    expires_at    timestamptz,
    watermark     bigint CHECK (watermark >= 0),
    checkpoint_at timestamptz
);
