-- API keys created through the admin routes. Applied at every start; idempotent.
-- Only the SHA-256 of a secret is stored; the secret is shown once, when created or rotated.
CREATE TABLE IF NOT EXISTS api_keys (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('read', 'write', 'admin')),
    secret_sha256 TEXT NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    rotated_at    INTEGER,
    revoked_at    INTEGER
);
