package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.errata.app.annotate.AnnotateFixtures;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Trace;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** errata agreement, and errata export of training sets, HTML and PNG, on a small database. */
class AnnotateCommandsTest {
    @TempDir Path dir;

    private Path database() throws Exception {
        Path file = dir.resolve("e.db");
        try (Database db = Database.open(file)) {
            TraceStore store = new TraceStore(db);
            new DatasetStore(db).saveProblems("t", "test problems", AnnotateFixtures.PROBLEMS);
            store.saveRun(AnnotateFixtures.run("self-refine"));
            List<Trace> traces = AnnotateFixtures.traces();
            for (Trace t : traces) store.saveTrace(t);
            // Two annotators: agree on item 1 (step 3), disagree on item 3 (step 2 vs all correct).
            label(store, traces.get(0), "ann", 2);
            label(store, traces.get(0), "bob", 2);
            label(store, traces.get(2), "ann", 1);
            label(store, traces.get(2), "bob", -1);
        }
        return file;
    }

    private static void label(TraceStore store, Trace t, String who, int first) throws Exception {
        Attempt a = t.attempts().getFirst();
        store.saveLabel(t.run(), t.problem(), new HumanLabel(NodeId.random(), a.id(), 50, who, "line", first, List.of(),
                null, null, false, null, 1000, Instant.parse("2025-01-01T00:00:00Z")));
    }

    @Test
    void agreementPrintsPairsAndTheAdjudicationQueue() throws Exception {
        String db = database().toString();
        Cli.Result r = Cli.run("--db", db, "agreement", "--run", AnnotateFixtures.RUN.value(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("annotators").toString()).isEqualTo("[\"ann\",\"bob\"]");
        assertThat(j.get("pairs").get(0).get("items").asInt()).isEqualTo(2);
        assertThat(j.get("adjudication_total").asInt()).isEqualTo(1);
        assertThat(j.get("adjudication").get(0).get("problem").asText()).isEqualTo("t/3");
        // The verifier blamed step 3 on item 1 (humans: 3) and called item 3 correct (consensus: step 2).
        assertThat(j.get("verifier_vs_human").get("items").asInt()).isEqualTo(2);
        assertThat(j.get("verifier_vs_human").get("acc_error").asDouble()).isEqualTo(0.5);
        // The only machine role is the self-verifier: the same figures, by role, with the panel's counts.
        JsonNode self = j.get("verifier_by_role").get(0);
        assertThat(self.get("role").asText()).isEqualTo("self");
        assertThat(self.get("erroneous").asInt() + self.get("correct").asInt()).isEqualTo(2);
        assertThat(self.get("acc_error").asDouble()).isEqualTo(0.5);
        assertThat(j.get("verifier_by_role")).hasSize(1);

        Cli.Result text = Cli.run("--db", db, "agreement", "--run", AnnotateFixtures.RUN.value());
        assertThat(text.out()).contains("ann / bob").contains("Adjudication queue: 1 items").contains("  self (");
    }

    @Test
    void exportWritesTrainingSetsHtmlAndPng() throws Exception {
        String db = database().toString();
        Path prm = dir.resolve("prm.jsonl");
        Cli.Result r = Cli.run("--db", db, "export", "--run", AnnotateFixtures.RUN.value(), "--format", "trl-prm", "--out", prm.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(prm);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"labels\":[true,true,false]");

        Path html = dir.resolve("trace.html");
        r = Cli.run("--db", db, "export", "--run", AnnotateFixtures.RUN.value(), "--problem", "t/1", "--format", "html", "--out", html.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(html)).contains("Content-Security-Policy").contains("Keep the 4.").doesNotContain("<script");

        Path png = dir.resolve("trace.png");
        r = Cli.run("--db", db, "export", "--run", AnnotateFixtures.RUN.value(), "--problem", "t/1", "--format", "png", "--out", png.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(1000);

        Cli.Result missing = Cli.run("--db", db, "export", "--run", AnnotateFixtures.RUN.value(), "--format", "html", "--out", html.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("--problem");
    }
}
