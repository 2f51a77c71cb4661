-- Full-text index of memories (FTS5). Applied at every start, after schema.sql; every statement is idempotent.
--
-- memories has a TEXT primary key, so its implicit rowid is not stable (VACUUM may renumber it). The FTS
-- rows are therefore keyed by memories_fts_ids.rid, an INTEGER PRIMARY KEY that never changes, mapped to
-- the memory id. The FTS5 table is contentless (the text lives in memories once) with contentless_delete,
-- so rows can be deleted and updated (SQLite 3.43+; the bundled SQLite is newer).
-- Tokenizer: Porter stemming over unicode61 (case-folded, diacritics kept, as PostgreSQL's english config).
CREATE TABLE IF NOT EXISTS memories_fts_ids (
    rid INTEGER PRIMARY KEY,
    id  TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE IF NOT EXISTS memories_fts USING fts5(
    memory,
    content = '',
    contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 0'
);

-- A memory row gets its stable rid; the rid's row indexes the text.
CREATE TRIGGER IF NOT EXISTS memories_fts_after_insert AFTER INSERT ON memories BEGIN
    INSERT INTO memories_fts_ids (id) VALUES (new.id);
END;

CREATE TRIGGER IF NOT EXISTS memories_fts_ids_after_insert AFTER INSERT ON memories_fts_ids BEGIN
    INSERT INTO memories_fts (rowid, memory) SELECT new.rid, m.memory FROM memories m WHERE m.id = new.id;
END;

CREATE TRIGGER IF NOT EXISTS memories_fts_after_update AFTER UPDATE OF memory ON memories BEGIN
    UPDATE memories_fts SET memory = new.memory WHERE rowid = (SELECT rid FROM memories_fts_ids WHERE id = new.id);
END;

CREATE TRIGGER IF NOT EXISTS memories_fts_after_delete AFTER DELETE ON memories BEGIN
    DELETE FROM memories_fts WHERE rowid = (SELECT rid FROM memories_fts_ids WHERE id = old.id);
    DELETE FROM memories_fts_ids WHERE id = old.id;
END;

-- Backfill: memories written before this index existed (or by a process without these triggers), and
-- index rows whose memory is gone. Both are no-ops once in sync.
DELETE FROM memories_fts WHERE rowid IN (
    SELECT r.rid FROM memories_fts_ids r WHERE NOT EXISTS (SELECT 1 FROM memories m WHERE m.id = r.id));
DELETE FROM memories_fts_ids WHERE NOT EXISTS (SELECT 1 FROM memories m WHERE m.id = memories_fts_ids.id);
INSERT INTO memories_fts_ids (id) SELECT m.id FROM memories m WHERE NOT EXISTS (SELECT 1 FROM memories_fts_ids r WHERE r.id = m.id);
