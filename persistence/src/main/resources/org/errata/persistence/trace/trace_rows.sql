-- Rows of a run's trace list by key: the trace rowids that TraceListQuery's filter and order gave
-- (TraceStore.traceKeys), with the same columns, in the order of the keys. Parameters:
--  ?1 run id
--  ?2 the keys as a JSON array of integers
-- CROSS JOIN keeps the keys the outer loop (a lookup by rowid each); the planner would otherwise walk
-- the run's traces and scan the keys for each.
SELECT t.problem_id, t.status, t.final_answer, t.correct, p.text AS problem_text, t.nodes, t.attempts,
       t.first_correct, t.last_verdict, t.verifier_missed, t.false_alarms, t.first_error, t.rowid AS trace_key
FROM json_each(?2) k
CROSS JOIN trace t ON t.rowid = k.value
LEFT JOIN problem p ON p.id = t.problem_id
WHERE t.run_id = ?1
ORDER BY k.key
