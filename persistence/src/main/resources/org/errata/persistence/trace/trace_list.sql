-- A run's trace list: each trace with its outcome (the columns trace_outcome.sql keeps), filtered
-- and sorted, one page. Parameters:
--  ?1 run id
--  ?2 FTS5 MATCH expression for the search text, or NULL (problem text and every attempt's text)
--  ?3 the search text lower-cased, or NULL (also found inside problem ids and final answers)
--  ?4 final answer: 'any' | 'right' | 'wrong' | 'ungraded'
--  ?5 last verdict: 'correct' | 'incorrect' | 'unparsed', or NULL for any
--  ?6 outcome: 'any' | 'corrected' | 'broken' | 'verifier_missed' | 'false_alarm' | 'error_located'
--  ?7 at least this many attempts
--  ?8 first error at this step, or NULL for any
--  ?9 sort: 'dataset' | 'attempts' | 'first_error' | 'corrected' | 'broken' | 'verifier_missed' | 'false_alarms'
--  ?10 limit, ?11 offset
-- The two indexes (V7) cover every column the filters, sorts and keys read: TraceStore.traceKeys
-- reads this file's rowids only, and then no trace or problem row is fetched.
SELECT t.problem_id, t.status, t.final_answer, t.correct, p.text AS problem_text, t.nodes, t.attempts,
       t.first_correct, t.last_verdict, t.verifier_missed, t.false_alarms, t.first_error
FROM trace t INDEXED BY trace_list
LEFT JOIN problem p INDEXED BY problem_list_order ON p.id = t.problem_id
WHERE t.run_id = ?1
  AND (?2 IS NULL
       OR t.problem_id IN (SELECT n.problem_id FROM attempt_fts f JOIN node n ON n.pk = f.rowid
                           WHERE attempt_fts MATCH ?2 AND n.run_id = ?1)
       OR p.pk IN (SELECT rowid FROM problem_fts WHERE problem_fts MATCH ?2)
       OR instr(lower(t.problem_id), ?3) > 0
       OR instr(lower(COALESCE(t.final_answer, '')), ?3) > 0)
  AND CASE ?4 WHEN 'right' THEN t.correct = 1
              WHEN 'wrong' THEN t.correct = 0
              WHEN 'ungraded' THEN t.correct IS NULL
              ELSE 1 END
  AND (?5 IS NULL OR t.last_verdict = ?5)
  AND CASE ?6 WHEN 'corrected' THEN t.first_correct = 0 AND t.correct = 1
              WHEN 'broken' THEN t.first_correct = 1 AND t.correct = 0
              WHEN 'verifier_missed' THEN t.verifier_missed > 0
              WHEN 'false_alarm' THEN t.false_alarms > 0
              WHEN 'error_located' THEN t.first_error IS NOT NULL
              ELSE 1 END
  AND t.attempts >= ?7
  AND (?8 IS NULL OR t.first_error = ?8)
ORDER BY CASE ?9 WHEN 'attempts' THEN -t.attempts
                 WHEN 'first_error' THEN COALESCE(t.first_error, 1048576)
                 WHEN 'corrected' THEN CASE WHEN t.first_correct = 0 AND t.correct = 1 THEN 0 ELSE 1 END
                 WHEN 'broken' THEN CASE WHEN t.first_correct = 1 AND t.correct = 0 THEN 0 ELSE 1 END
                 WHEN 'verifier_missed' THEN -t.verifier_missed
                 WHEN 'false_alarms' THEN -t.false_alarms
                 ELSE 0 END,
         p.ord IS NULL, p.dataset, p.ord, t.rowid
LIMIT ?10 OFFSET ?11
