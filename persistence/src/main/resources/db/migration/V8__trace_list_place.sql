-- Errata store, schema 8: each trace keeps its problem's place in the library (the problem's dataset
-- and its order there; NULL while the problem is not in the library), so the trace list orders
-- and filters a run without looking up each trace's problem. Triggers keep the place in step with
-- the problem table whichever comes first. The list index now starts with the place: a run listed in
-- the library's order is read in index order with no sort, and any other order sorts integers
-- first. Measured on a run of 100,000 traces (persistence/README.md).

ALTER TABLE trace ADD COLUMN list_dataset TEXT;
ALTER TABLE trace ADD COLUMN list_ord INTEGER;

UPDATE trace SET (list_dataset, list_ord) = (SELECT p.dataset, p.ord FROM problem p WHERE p.id = trace.problem_id);

-- the triggers below find a problem's traces by it
CREATE INDEX trace_by_problem ON trace (problem_id);

CREATE TRIGGER trace_list_place AFTER INSERT ON trace BEGIN
    UPDATE trace SET (list_dataset, list_ord) = (SELECT p.dataset, p.ord FROM problem p WHERE p.id = new.problem_id)
    WHERE rowid = new.rowid;
END;

CREATE TRIGGER problem_list_place_insert AFTER INSERT ON problem BEGIN
    UPDATE trace SET list_dataset = new.dataset, list_ord = new.ord WHERE problem_id = new.id;
END;

CREATE TRIGGER problem_list_place_update AFTER UPDATE OF id, dataset, ord ON problem BEGIN
    UPDATE trace SET list_dataset = NULL, list_ord = NULL WHERE problem_id = old.id;
    UPDATE trace SET list_dataset = new.dataset, list_ord = new.ord WHERE problem_id = new.id;
END;

CREATE TRIGGER problem_list_place_delete AFTER DELETE ON problem BEGIN
    UPDATE trace SET list_dataset = NULL, list_ord = NULL WHERE problem_id = old.id;
END;

DROP INDEX trace_list;
DROP INDEX problem_list_order;

CREATE INDEX trace_list ON trace (run_id, list_dataset IS NULL, list_dataset, list_ord, correct, first_correct,
                                  last_verdict, attempts, verifier_missed, false_alarms, first_error, final_answer,
                                  problem_id);
