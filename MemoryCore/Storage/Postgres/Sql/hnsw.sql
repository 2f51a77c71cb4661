-- HNSW over cosine distance. pgvector indexes at most 2,000 dimensions of type vector; above that
-- the store runs without this index (exact scans), and says so in the log.
CREATE INDEX IF NOT EXISTS memories_embedding_hnsw_idx ON {schema}.memories USING hnsw (embedding vector_cosine_ops);
