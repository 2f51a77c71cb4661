-- API keys created through the admin routes. Applied at every start under the schema lock; idempotent.
-- Only the SHA-256 of a secret is stored; the secret is shown once, when created or rotated.
CREATE TABLE IF NOT EXISTS {schema}.api_keys (
    id            text PRIMARY KEY,
    name          text NOT NULL,
    role          text NOT NULL CHECK (role IN ('read', 'write', 'admin')),
    secret_sha256 text NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL,
    rotated_at    timestamptz,
    revoked_at    timestamptz
);
