-- Errata store, schema 2: the answer checkers' own verdicts on an attempt or aggregate node,
-- kept only where the checkers disagreed (a case for human adjudication). A JSON object of
-- checker id to true, false or null (consulted, undecided), in the order the grader ran them;
-- NULL for every other node, so that "WHERE checker_verdicts IS NOT NULL" finds the disagreements.
-- The node's payload leaves the field out; reading a node puts the column back into it.

ALTER TABLE node ADD COLUMN checker_verdicts TEXT;
