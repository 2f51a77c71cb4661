-- Categories (issue 17). Applied at every start, after SqliteMemoryStore has added memories.categories (SQLite has
-- no ADD COLUMN IF NOT EXISTS); idempotent. Each tenant's memory settings, as Mem0's project settings: the extraction
-- instructions and the category set ([{"name": "description"}, ...] as JSON text; NULL means Mem0's defaults).
CREATE TABLE IF NOT EXISTS tenant_settings (
    tenant_id TEXT PRIMARY KEY,
    custom_instructions TEXT NULL,
    custom_categories TEXT NULL,
    updated_at INTEGER NOT NULL
);
