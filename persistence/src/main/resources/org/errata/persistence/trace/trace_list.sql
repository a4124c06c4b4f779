-- A run's trace list: each trace with its outcome (the figures of TraceOutcome, computed here in
-- one pass over the run's nodes), filtered and sorted, one page. Parameters:
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
WITH outcome AS (
    SELECT n.problem_id,
           COUNT(*) AS nodes,
           SUM(n.kind = 'attempt') AS attempts,
           -- "The value of the earliest such node": the least of seq * 2^20 + value, the value read back.
           -- The first attempt is the earliest at turn 1; 2 stands for "not graded".
           MIN(CASE WHEN n.kind = 'attempt' AND n.turn = 1 THEN n.seq * 1048576 + COALESCE(n.correct, 2) END)
               % 1048576 AS first_correct,
           MAX(CASE WHEN n.kind = 'verification'
                    THEN n.seq * 4 + CASE n.verdict WHEN 'correct' THEN 0 WHEN 'incorrect' THEN 1 ELSE 2 END END)
               % 4 AS last_verdict,
           -- Verifier errors: usable, non-oracle verdicts on a graded attempt, fn and fp of VerifierQuality.
           SUM(n.kind = 'verification' AND n.verdict = 'correct' AND a.correct = 0
               AND json_extract(n.payload, '$.role') <> 'ORACLE'
               AND json_extract(n.payload, '$.status') IN ('OK', 'TRUNCATED')) AS missed,
           SUM(n.kind = 'verification' AND n.verdict = 'incorrect' AND a.correct = 1
               AND json_extract(n.payload, '$.role') <> 'ORACLE'
               AND json_extract(n.payload, '$.status') IN ('OK', 'TRUNCATED')) AS alarms,
           -- The first error: the earliest human label that names a step, else the earliest step
           -- an error location or a verifier named.
           MIN(CASE WHEN n.kind = 'human_label' AND n.first_error >= 0 THEN n.seq * 1048576 + n.first_error END)
               % 1048576 AS labelled_error,
           MIN(CASE WHEN n.kind = 'error_location' THEN n.seq * 1048576 + n.step_index
                    WHEN n.kind = 'verification' AND n.first_error >= 0 THEN n.seq * 1048576 + n.first_error END)
               % 1048576 AS located_error
    FROM node n
    LEFT JOIN node a ON n.kind = 'verification' AND a.id = n.parent_id
    WHERE n.run_id = ?1
    GROUP BY n.problem_id
),
listed AS (
    SELECT t.problem_id, t.status, t.final_answer, t.correct, t.rowid AS written,
           p.pk AS problem_pk, p.text AS problem_text, p.dataset, p.ord,
           COALESCE(o.nodes, 0) AS nodes,
           COALESCE(o.attempts, 0) AS attempts,
           CASE o.first_correct WHEN 2 THEN NULL ELSE o.first_correct END AS first_correct,
           o.last_verdict,
           COALESCE(o.missed, 0) AS missed,
           COALESCE(o.alarms, 0) AS alarms,
           COALESCE(o.labelled_error, o.located_error) AS first_error
    FROM trace t
    LEFT JOIN outcome o ON o.problem_id = t.problem_id
    LEFT JOIN problem p ON p.id = t.problem_id
    WHERE t.run_id = ?1
)
SELECT problem_id, status, final_answer, correct, problem_text, nodes, attempts, first_correct, last_verdict,
       missed, alarms, first_error
FROM listed
WHERE (?2 IS NULL
       OR problem_id IN (SELECT n.problem_id FROM attempt_fts f JOIN node n ON n.pk = f.rowid
                         WHERE attempt_fts MATCH ?2 AND n.run_id = ?1)
       OR problem_pk IN (SELECT rowid FROM problem_fts WHERE problem_fts MATCH ?2)
       OR instr(lower(problem_id), ?3) > 0
       OR instr(lower(COALESCE(final_answer, '')), ?3) > 0)
  AND CASE ?4 WHEN 'right' THEN correct = 1
              WHEN 'wrong' THEN correct = 0
              WHEN 'ungraded' THEN correct IS NULL
              ELSE 1 END
  AND (?5 IS NULL OR last_verdict = CASE ?5 WHEN 'correct' THEN 0 WHEN 'incorrect' THEN 1 ELSE 2 END)
  AND CASE ?6 WHEN 'corrected' THEN first_correct = 0 AND correct = 1
              WHEN 'broken' THEN first_correct = 1 AND correct = 0
              WHEN 'verifier_missed' THEN missed > 0
              WHEN 'false_alarm' THEN alarms > 0
              WHEN 'error_located' THEN first_error IS NOT NULL
              ELSE 1 END
  AND attempts >= ?7
  AND (?8 IS NULL OR first_error = ?8)
ORDER BY CASE ?9 WHEN 'attempts' THEN -attempts
                 WHEN 'first_error' THEN COALESCE(first_error, 1048576)
                 WHEN 'corrected' THEN CASE WHEN first_correct = 0 AND correct = 1 THEN 0 ELSE 1 END
                 WHEN 'broken' THEN CASE WHEN first_correct = 1 AND correct = 0 THEN 0 ELSE 1 END
                 WHEN 'verifier_missed' THEN -missed
                 WHEN 'false_alarms' THEN -alarms
                 ELSE 0 END,
         ord IS NULL, dataset, ord, written
LIMIT ?10 OFFSET ?11
