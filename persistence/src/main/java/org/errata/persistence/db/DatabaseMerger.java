package org.errata.persistence.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Copies the rows of another Errata database (a shard run on another machine) into this one,
 * in one transaction. Datasets and problems are matched by name and problem id, runs, traces and
 * nodes by their UUIDs; rows already present are skipped, except that a finished tree replaces
 * a tree this database only has as RUNNING.
 */
public final class DatabaseMerger {
    private DatabaseMerger() {}

    /** How many rows a merge copied. */
    public record MergeReport(Path source, int datasets, int problems, int runs, int traces, int nodes,
                              int skippedTraces) {}

    private static final String DATASETS = """
            INSERT OR IGNORE INTO main.dataset (name, format, source_path, created_at)
            SELECT name, format, source_path, created_at FROM shard.dataset""";

    private static final String PROBLEMS = """
            INSERT OR IGNORE INTO main.problem (id, dataset, key, ord, text, gold_answer, gold_solution,
                                                subject, level, extra)
            SELECT id, dataset, key, ord, text, gold_answer, gold_solution, subject, level, extra
            FROM shard.problem ORDER BY pk""";

    private static final String RUNS = """
            INSERT OR IGNORE INTO main.run (id, name, dataset, strategy, parameters, models, prompts, sampling,
                                            uses_gold, errata_version, git_commit, created_at, status, recipe)
            SELECT id, name, dataset, strategy, parameters, models, prompts, sampling,
                   uses_gold, errata_version, git_commit, created_at, status, recipe
            FROM shard.run""";

    /** Trees here that are unfinished while the shard has them complete: replaced. */
    private static final String DROP_UNFINISHED = """
            DELETE FROM main.trace
            WHERE status = 'running'
              AND EXISTS (SELECT 1 FROM shard.trace s
                          WHERE s.run_id = main.trace.run_id AND s.problem_id = main.trace.problem_id
                            AND s.status IN ('finished', 'failed'))""";

    private static final String KEYS = """
            CREATE TEMP TABLE merge_keys AS
            SELECT s.rowid AS ord, s.run_id, s.problem_id FROM shard.trace s
            WHERE NOT EXISTS (SELECT 1 FROM main.trace m WHERE m.run_id = s.run_id AND m.problem_id = s.problem_id)""";

    private static final String TRACES = """
            INSERT INTO main.trace (run_id, problem_id, status, final_answer, correct, started_at, finished_at,
                                    nodes, attempts, first_correct, last_verdict, verifier_missed, false_alarms, first_error)
            SELECT s.run_id, s.problem_id, s.status, s.final_answer, s.correct, s.started_at, s.finished_at,
                   s.nodes, s.attempts, s.first_correct, s.last_verdict, s.verifier_missed, s.false_alarms, s.first_error
            FROM merge_keys k JOIN shard.trace s ON s.run_id = k.run_id AND s.problem_id = k.problem_id
            ORDER BY k.ord""";

    private static final String NODES = """
            INSERT OR IGNORE INTO main.node (id, run_id, problem_id, parent_id, seq, kind, turn, verdict, correct,
                                             first_error, step_index, payload, checker_verdicts)
            SELECT n.id, n.run_id, n.problem_id, n.parent_id, n.seq, n.kind, n.turn, n.verdict, n.correct,
                   n.first_error, n.step_index, n.payload, n.checker_verdicts
            FROM merge_keys k JOIN shard.node n ON n.run_id = k.run_id AND n.problem_id = k.problem_id
            ORDER BY n.pk""";

    private static final String SKIPPED = "SELECT (SELECT COUNT(*) FROM shard.trace) - (SELECT COUNT(*) FROM merge_keys)";

    /** Merges {@code source} into {@code target}. The source is validated (and migrated if older) first. */
    public static MergeReport merge(Database target, Path source) throws PersistenceException {
        Path src = source.toAbsolutePath().normalize();
        if (!Files.isRegularFile(src)) throw new PersistenceException(src + " does not exist");
        if (src.equals(target.file())) throw new PersistenceException("cannot merge " + src + " into itself");
        try (Database shard = Database.open(src)) {
            // Opening validates the shard and brings it to this build's schema.
            shard.file();
        }
        return target.writeAttached(src, "shard", c -> {
            int datasets = update(c, DATASETS);
            int problems = update(c, PROBLEMS);
            int runs = update(c, RUNS);
            update(c, DROP_UNFINISHED);
            update(c, KEYS);
            try {
                int traces = update(c, TRACES);
                int nodes = update(c, NODES);
                int skipped;
                try (Statement st = c.createStatement(); var rs = st.executeQuery(SKIPPED)) {
                    skipped = rs.next() ? rs.getInt(1) : 0;
                }
                return new MergeReport(src, datasets, problems, runs, traces, nodes, skipped);
            } finally {
                update(c, "DROP TABLE temp.merge_keys");
            }
        });
    }

    /** Runs {@code sql} and returns the rows it changed itself (SQLite's changes(), which leaves out triggers). */
    private static int update(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate(sql);
            try (var rs = st.executeQuery("SELECT changes()")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }
}
