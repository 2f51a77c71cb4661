-- Full-text index of memories. Applied at every start under the schema lock, after schema.sql; idempotent.
-- A stored generated column: PostgreSQL keeps it in sync on every INSERT and UPDATE, and adding it to an
-- existing table computes it for every row already there (a one-time table rewrite).
-- 'english': Snowball stemming and PostgreSQL's English stop words, as SQLite's Porter tokenizer stems.
ALTER TABLE {schema}.memories ADD COLUMN IF NOT EXISTS memory_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('english'::regconfig, memory)) STORED;

CREATE INDEX IF NOT EXISTS memories_memory_tsv_idx ON {schema}.memories USING gin (memory_tsv);
