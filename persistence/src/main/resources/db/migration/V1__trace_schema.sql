-- Errata store, schema 1: datasets and problems, runs, one trace per (run, problem), and the
-- trace's nodes. Node and run ids are UUID strings so that shard databases merge by copying rows.

CREATE TABLE dataset (
    name        TEXT PRIMARY KEY,
    format      TEXT NOT NULL,
    source_path TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE problem (
    pk            INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    dataset       TEXT NOT NULL REFERENCES dataset (name) ON DELETE CASCADE,
    key           TEXT NOT NULL,
    ord           INTEGER NOT NULL,
    text          TEXT NOT NULL,
    gold_answer   TEXT,
    gold_solution TEXT,
    subject       TEXT,
    level         INTEGER,
    extra         TEXT NOT NULL DEFAULT '{}',
    UNIQUE (dataset, key)
);

CREATE INDEX problem_by_dataset ON problem (dataset, ord);

CREATE VIRTUAL TABLE problem_fts USING fts5 (text, content = 'problem', content_rowid = 'pk');

CREATE TRIGGER problem_fts_insert AFTER INSERT ON problem BEGIN
    INSERT INTO problem_fts (rowid, text) VALUES (new.pk, new.text);
END;

CREATE TRIGGER problem_fts_delete AFTER DELETE ON problem BEGIN
    INSERT INTO problem_fts (problem_fts, rowid, text) VALUES ('delete', old.pk, old.text);
END;

CREATE TRIGGER problem_fts_update AFTER UPDATE OF text ON problem BEGIN
    INSERT INTO problem_fts (problem_fts, rowid, text) VALUES ('delete', old.pk, old.text);
    INSERT INTO problem_fts (rowid, text) VALUES (new.pk, new.text);
END;

CREATE TABLE run (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    dataset        TEXT NOT NULL,
    strategy       TEXT NOT NULL,
    parameters     TEXT NOT NULL,
    models         TEXT NOT NULL,
    prompts        TEXT NOT NULL,
    sampling       TEXT NOT NULL,
    uses_gold      INTEGER NOT NULL,
    errata_version TEXT NOT NULL,
    git_commit     TEXT,
    created_at     TEXT NOT NULL,
    status         TEXT NOT NULL
);

CREATE TABLE trace (
    run_id       TEXT NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    problem_id   TEXT NOT NULL,
    status       TEXT NOT NULL,
    final_answer TEXT,
    correct      INTEGER,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    PRIMARY KEY (run_id, problem_id)
);

CREATE INDEX trace_by_status ON trace (run_id, status);

-- One row per trace node. The typed columns are what metrics and the workbench filter on;
-- payload holds the whole node record as JSON.
CREATE TABLE node (
    pk          INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    run_id      TEXT NOT NULL,
    problem_id  TEXT NOT NULL,
    parent_id   TEXT,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    turn        INTEGER,
    verdict     TEXT,
    correct     INTEGER,
    first_error INTEGER,
    step_index  INTEGER,
    payload     TEXT NOT NULL,
    FOREIGN KEY (run_id, problem_id) REFERENCES trace (run_id, problem_id) ON DELETE CASCADE
);

CREATE INDEX node_by_trace ON node (run_id, problem_id, seq);

-- Attempt text, searchable; the text itself stays in node.payload.
CREATE VIRTUAL TABLE attempt_fts USING fts5 (text, content = '', contentless_delete = 1);

CREATE TRIGGER attempt_fts_insert AFTER INSERT ON node WHEN new.kind = 'attempt' BEGIN
    INSERT INTO attempt_fts (rowid, text) VALUES (new.pk, json_extract(new.payload, '$.text'));
END;

CREATE TRIGGER attempt_fts_delete AFTER DELETE ON node WHEN old.kind = 'attempt' BEGIN
    DELETE FROM attempt_fts WHERE rowid = old.pk;
END;
