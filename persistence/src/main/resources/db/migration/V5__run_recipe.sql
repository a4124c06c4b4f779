-- Errata store, schema 5: the run's whole recipe (strategy, knobs, every prompt's full text, the
-- model profile, budgets, sampling, grading policy, runtime knobs) as the recipe file text (YAML)
-- the run was started with. A resumed run uses it, never the defaults of the build that resumes.
-- NULL for imported runs and for runs recorded before recipes.

ALTER TABLE run ADD COLUMN recipe TEXT;
