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

-- Tenants (issue 10): a key belongs to one tenant and may be restricted to some people. Added in place so that a
-- database from before tenants upgrades at start: its keys become the default tenant's, unrestricted.
ALTER TABLE {schema}.api_keys ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.api_keys ADD COLUMN IF NOT EXISTS allowed_user_ids text[];
ALTER TABLE {schema}.api_keys ADD COLUMN IF NOT EXISTS user_id_prefix text;
CREATE INDEX IF NOT EXISTS api_keys_tenant ON {schema}.api_keys (tenant_id, created_at);
