-- Errata store, schema 3: who is working on a run. One row per run being decoded or resumed,
-- written in the same BEGIN IMMEDIATE transaction that checked no live owner holds it, so two
-- processes can never both own a run. owner_pid and host name the owner; process_start (the
-- owner process's start time, when the system tells it) tells a live owner from a reused pid;
-- heartbeat_at is refreshed while the run goes on, so an owner on another host that stopped
-- beating is known to be gone. token is the owner's own random id: only it releases the row.
-- A row is deleted when its run ends; a crashed owner's row stays until a successor takes over.

CREATE TABLE run_lease (
    run_id        TEXT PRIMARY KEY,
    token         TEXT NOT NULL,
    owner_pid     INTEGER NOT NULL,
    host          TEXT NOT NULL,
    process_start TEXT,
    started_at    TEXT NOT NULL,
    heartbeat_at  TEXT NOT NULL
);
