-- Errata store, schema 9: a counter that moves whenever a trace row is written, changed or removed
-- (its outcome, its grade, its place in the library: the problem triggers of schema 8 change trace
-- rows too). A trace list held in memory (RunListing) is read with the counter's value and used
-- only while the counter still has it, whichever process or connection wrote since.

CREATE TABLE list_version (
    id INTEGER PRIMARY KEY CHECK (id = 0),
    version INTEGER NOT NULL
);
INSERT INTO list_version (id, version) VALUES (0, 0);

CREATE TRIGGER list_version_trace_insert AFTER INSERT ON trace BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 0;
END;

CREATE TRIGGER list_version_trace_update AFTER UPDATE ON trace BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 0;
END;

CREATE TRIGGER list_version_trace_delete AFTER DELETE ON trace BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 0;
END;
