-- Errata store, schema 7: covering indexes for the trace list (trace_list.sql names them). Listing
-- a run of 100,000 traces walks the run's rows in trace_list (every column the filters and sorts
-- read, so no trace row is fetched) and finds each problem's place in its dataset in
-- problem_list_order (no problem row, with its text, is fetched). Measured on such a run
-- (persistence/README.md): the keys of the whole run in about two thirds of the CPU time, a filter
-- such as "corrected" in half.

CREATE INDEX trace_list ON trace (run_id, problem_id, correct, first_correct, last_verdict, attempts,
                                  verifier_missed, false_alarms, first_error, final_answer);

CREATE INDEX problem_list_order ON problem (id, dataset, ord);
