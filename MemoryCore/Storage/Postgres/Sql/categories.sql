-- Categories (issue 17). Applied at every start under the schema lock, after the files that create these tables;
-- idempotent. Every memory's categories, best first; rows stored before categories existed have none (a constant
-- default is kept in the catalog, so adding the column rewrites no table).
ALTER TABLE {schema}.memories ADD COLUMN IF NOT EXISTS categories text[] NOT NULL DEFAULT '{}';

-- Each tenant's memory settings, as Mem0's project settings: the extraction instructions and the category set
-- ([{"name": "description"}, ...]; NULL means Mem0's defaults).
CREATE TABLE IF NOT EXISTS {schema}.tenant_settings (
    tenant_id text PRIMARY KEY,
    custom_instructions text NULL,
    custom_categories jsonb NULL,
    updated_at timestamptz NOT NULL
);
