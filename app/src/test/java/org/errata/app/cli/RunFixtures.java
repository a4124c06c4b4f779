package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.trace.TraceStore;

/** A small dataset in a fresh database, and checks on the trees a run left there. */
final class RunFixtures {
    private RunFixtures() {}

    /** Imports {@code problems} sums as dataset {@code sums} into {@code db}. */
    static void sums(Path dir, Path db, int problems) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < problems; i++) {
            lines.append("{\"question\":\"What is ").append(i).append(" + 1?\",\"answer\":\"#### ").append(i + 1)
                    .append("\",\"idx\":").append(i).append("}\n");
        }
        Path file = dir.resolve("sums.jsonl");
        Files.writeString(file, lines);
        Cli.Result r = Cli.run("--db", db.toString(), "import", file.toString(), "--dataset", "sums");
        assertThat(r.code()).as(r.err()).isZero();
    }

    /** The run a lease row names (the one run in the database). */
    static String leasedRun(Path db) throws PersistenceException {
        try (Database d = Database.open(db)) {
            return d.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT run_id FROM run_lease");
                     ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            });
        }
    }

    static int leases(Path db) throws PersistenceException {
        try (Database d = Database.open(db)) {
            return d.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM run_lease");
                     ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            });
        }
    }

    /** Every trace of the run has exactly one root attempt, unique node ids and no repeated sequence number. */
    static List<Trace> assertOneTreePerTrace(Path db, String run, int problems) throws PersistenceException {
        try (Database d = Database.open(db)) {
            List<Trace> traces = new TraceStore(d).traces(new RunId(run));
            assertThat(traces).hasSize(problems);
            assertThat(traces.stream().map(Trace::problem).distinct()).hasSize(problems);
            Set<String> ids = new HashSet<>();
            for (Trace t : traces) {
                List<TraceNode> roots = t.nodes().stream().filter(n -> n instanceof Attempt && n.parent() == null).toList();
                assertThat(roots).as("root attempts of " + t.problem()).hasSize(1);
                assertThat(t.nodes().stream().map(TraceNode::seq).toList()).as("seq in " + t.problem()).doesNotHaveDuplicates();
                for (TraceNode n : t.nodes()) assertThat(ids.add(n.id().value())).isTrue();
            }
            return traces;
        }
    }
}
