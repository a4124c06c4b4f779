package org.errata.persistence.dataset;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.errata.correction.trace.Dataset;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.FullTextQuery;
import org.errata.persistence.db.PersistenceException;

/** Reads datasets and problems; writes a dataset's problems in one transaction. */
public final class DatasetStore {
    private static final String DATASETS = """
            SELECT d.name, d.format, d.source_path, COUNT(p.pk)
            FROM dataset d LEFT JOIN problem p ON p.dataset = d.name
            GROUP BY d.name ORDER BY d.name""";

    private static final String PROBLEMS = """
            SELECT p.id, p.dataset, p.key, p.text, p.gold_answer, p.gold_solution, p.subject, p.level, p.extra
            FROM problem p WHERE p.dataset = ? ORDER BY p.ord LIMIT ? OFFSET ?""";

    private static final String PROBLEM = """
            SELECT p.id, p.dataset, p.key, p.text, p.gold_answer, p.gold_solution, p.subject, p.level, p.extra
            FROM problem p WHERE p.id = ?""";

    private static final String COUNT = "SELECT COUNT(*) FROM problem WHERE dataset = ?";

    private static final String SEARCH = """
            SELECT p.id, p.dataset, p.key, p.text, p.gold_answer, p.gold_solution, p.subject, p.level, p.extra
            FROM problem_fts f JOIN problem p ON p.pk = f.rowid
            WHERE problem_fts MATCH ? ORDER BY rank LIMIT ?""";

    private final Database db;

    public DatasetStore(Database db) {
        this.db = db;
    }

    /** Datasets by name, with their problem counts. */
    public List<Dataset> datasets() throws PersistenceException {
        return db.read(c -> {
            List<Dataset> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(DATASETS);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Dataset(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
            }
            return out;
        });
    }

    public Optional<Dataset> dataset(String name) throws PersistenceException {
        return datasets().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** Writes problems into {@code dataset} (created when absent) in one transaction. */
    public void saveProblems(String dataset, String format, List<Problem> problems) throws PersistenceException {
        db.write(c -> {
            ProblemRows.upsertDataset(c, dataset, format, null);
            try (ProblemRows.Writer w = new ProblemRows.Writer(c, dataset)) {
                for (Problem p : problems) {
                    if (!p.dataset().equals(dataset)) {
                        throw new PersistenceException("problem " + p.id() + " is not in dataset " + dataset);
                    }
                    w.write(p);
                }
            }
            return null;
        });
    }

    /** A page of the dataset's problems in their source order. */
    public List<Problem> problems(String dataset, int offset, int limit) throws PersistenceException {
        return db.read(c -> {
            List<Problem> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(PROBLEMS)) {
                ps.setString(1, dataset);
                ps.setInt(2, limit);
                ps.setInt(3, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(ProblemRows.problem(rs));
                }
            }
            return out;
        });
    }

    public Optional<Problem> problem(ProblemId id) throws PersistenceException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(PROBLEM)) {
                ps.setString(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(ProblemRows.problem(rs)) : Optional.<Problem>empty();
                }
            }
        });
    }

    public int problemCount(String dataset) throws PersistenceException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(COUNT)) {
                ps.setString(1, dataset);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    /** Full-text search over problem text for these words (see {@link FullTextQuery#words}), best matches first. */
    public List<Problem> searchProblems(String words, int limit) throws PersistenceException {
        return searchProblems(FullTextQuery.words(words), limit);
    }

    /** Full-text search over problem text, best matches first; nothing for an empty query. */
    public List<Problem> searchProblems(FullTextQuery query, int limit) throws PersistenceException {
        Optional<String> match = query.match();
        if (match.isEmpty()) return List.of();
        return db.read(c -> {
            List<Problem> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SEARCH)) {
                ps.setString(1, match.get());
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(ProblemRows.problem(rs));
                }
            } catch (SQLException e) {
                throw query.failure(e);
            }
            return out;
        });
    }
}
