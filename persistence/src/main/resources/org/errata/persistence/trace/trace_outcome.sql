-- Recomputes one trace's outcome columns (schema 6) from its nodes: the figures of TraceOutcome.
-- ?1 run id, ?2 problem id. V6__trace_outcome.sql filled older databases with the same statement.
UPDATE trace SET (nodes, attempts, first_correct, last_verdict, verifier_missed, false_alarms, first_error) = (
    SELECT COUNT(*),
           COALESCE(SUM(n.kind = 'attempt'), 0),
           -- "The value of the earliest such node": the least of seq * 2^20 + value, the value read back.
           -- The first attempt is the earliest at turn 1; 2 stands for "not graded".
           NULLIF(MIN(CASE WHEN n.kind = 'attempt' AND n.turn = 1 THEN n.seq * 1048576 + COALESCE(n.correct, 2) END)
                  % 1048576, 2),
           CASE MAX(CASE WHEN n.kind = 'verification'
                         THEN n.seq * 4 + CASE n.verdict WHEN 'correct' THEN 0 WHEN 'incorrect' THEN 1 ELSE 2 END END) % 4
                WHEN 0 THEN 'correct' WHEN 1 THEN 'incorrect' WHEN 2 THEN 'unparsed' END,
           -- Verifier errors: usable, non-oracle verdicts on a graded attempt (fn and fp of VerifierQuality).
           COALESCE(SUM(n.kind = 'verification' AND n.verdict = 'correct' AND a.correct = 0
                        AND json_extract(n.payload, '$.role') <> 'ORACLE'
                        AND json_extract(n.payload, '$.status') IN ('OK', 'TRUNCATED')), 0),
           COALESCE(SUM(n.kind = 'verification' AND n.verdict = 'incorrect' AND a.correct = 1
                        AND json_extract(n.payload, '$.role') <> 'ORACLE'
                        AND json_extract(n.payload, '$.status') IN ('OK', 'TRUNCATED')), 0),
           -- The first error: the earliest human label that names a step, else the earliest step an
           -- error location or a verifier named.
           COALESCE(MIN(CASE WHEN n.kind = 'human_label' AND n.first_error >= 0
                             THEN n.seq * 1048576 + n.first_error END) % 1048576,
                    MIN(CASE WHEN n.kind = 'error_location' THEN n.seq * 1048576 + n.step_index
                             WHEN n.kind = 'verification' AND n.first_error >= 0 THEN n.seq * 1048576 + n.first_error END)
                    % 1048576)
    FROM node n
    LEFT JOIN node a ON n.kind = 'verification' AND a.id = n.parent_id
    WHERE n.run_id = trace.run_id AND n.problem_id = trace.problem_id
)
WHERE run_id = ?1 AND problem_id = ?2
