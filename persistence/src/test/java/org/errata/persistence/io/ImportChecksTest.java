package org.errata.persistence.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.errata.correction.trace.ProblemId;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.trace.TraceJson;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an import checks before it commits: whole trees, unique node ids, gold answers that runs depend on. */
class ImportChecksTest {
    @TempDir Path dir;
    Database db;
    final ObjectMapper json = TraceJson.mapper();

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("errata.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** An exported run of two traces (samples with steps come from ProcessBench). */
    private List<String> exportedTraces() throws Exception {
        ImportReport r = new Importer(db).importFile(ImportExportTest.fixture("processbench.jsonl"),
                new ImportOptions("pb", null, false, "test"));
        Path out = dir.resolve("run.jsonl");
        new Exporter(db).exportRun(r.run(), ExportFormat.JSONL, out);
        return Files.readAllLines(out);
    }

    private Path edited(List<String> lines, int index, Consumer<ArrayNode> edit) throws Exception {
        List<String> copy = new java.util.ArrayList<>(lines);
        ObjectNode o = (ObjectNode) json.readTree(copy.get(index));
        edit.accept((ArrayNode) o.get("nodes"));
        copy.set(index, json.writeValueAsString(o));
        Path f = dir.resolve("edited-" + System.nanoTime() + ".jsonl");
        Files.write(f, copy);
        return f;
    }

    private static ObjectNode node(ArrayNode nodes, String kind) {
        for (var n : nodes) if (n.get("kind").asText().equals(kind)) return (ObjectNode) n.get("node");
        throw new AssertionError("no " + kind);
    }

    private ImportReport importTraces(Path f) throws PersistenceException {
        try (Database other = Database.open(dir.resolve("other-" + System.nanoTime() + ".db"))) {
            return new Importer(other).importFile(f, new ImportOptions(null, ImportFormat.TRACES, false, "test"));
        }
    }

    @Test
    void aBrokenTreeIsRefusedWithItsLineBeforeAnythingIsWritten() throws Exception {
        List<String> lines = exportedTraces();
        assertThat(lines).hasSize(2);
        String label = "human_label";
        Path missingParent = edited(lines, 1, n -> node(n, label).put("parent", "00000000-0000-4000-8000-000000000001"));
        assertThatThrownBy(() -> importTraces(missingParent)).isInstanceOf(ImportException.class)
                .hasMessageContaining(":2: human_label").hasMessageContaining("which is not in this trace");
        Path selfParent = edited(lines, 0, n -> node(n, "step").put("parent", node(n, "step").get("id").asText()));
        assertThatThrownBy(() -> importTraces(selfParent)).hasMessageContaining(":1: step").hasMessageContaining("is its own parent");
        Path pastText = edited(lines, 0, n -> node(n, "step").put("end", 100_000));
        assertThatThrownBy(() -> importTraces(pastText)).hasMessageContaining(":1: step").hasMessageContaining("past its attempt's");
        Path twice = edited(lines, 1, n -> node(n, "step").put("id", node(n, "attempt").get("id").asText()));
        assertThatThrownBy(() -> importTraces(twice)).hasMessageContaining(":2: node id").hasMessageContaining("appears twice");
        String attemptOfFirst = node((ArrayNode) json.readTree(lines.get(0)).get("nodes"), "attempt").get("id").asText();
        Path acrossLines = edited(lines, 1, n -> {
            String old = node(n, "attempt").get("id").asText();
            for (var x : n) {
                ObjectNode nn = (ObjectNode) x.get("node");
                if (nn.path("id").asText().equals(old)) nn.put("id", attemptOfFirst);
                if (nn.path("parent").asText().equals(old)) nn.put("parent", attemptOfFirst);
            }
        });
        assertThatThrownBy(() -> importTraces(acrossLines)).hasMessageContaining(":2: node id " + attemptOfFirst + " is already used on line 1");
    }

    @Test
    void aNodeIdStoredUnderAnotherTraceIsNamedNotASqlError() throws Exception {
        List<String> lines = exportedTraces();
        // Same node ids, but claimed by another run: the stored nodes belong to the first.
        List<String> otherRun = lines.stream().map(l -> l.replaceAll("\"id\":\"(run-[^\"]*|[0-9a-f-]{36})\",\"name\"", "\"id\":\"other-run\",\"name\"")).toList();
        Path f = dir.resolve("other.jsonl");
        Files.write(f, otherRun);
        assertThat(Files.readString(f)).contains("other-run");
        assertThatThrownBy(() -> new Importer(db).importFile(f, new ImportOptions(null, ImportFormat.TRACES, false, "test")))
                .isInstanceOf(ImportException.class).hasMessageContaining("other.jsonl:1: node id")
                .hasMessageContaining("is already stored in run ");
    }

    @Test
    void changedGoldIsRefusedNamingTheRunsUnlessReplace() throws Exception {
        ImportReport run = new Importer(db).importFile(ImportExportTest.fixture("samples.jsonl"),
                new ImportOptions("evals", null, false, "test"));
        Path changed = dir.resolve("changed.jsonl");
        Files.writeString(changed, "{\"idx\": 0, \"question\": \"What is 2+3?\", \"answer\": \"6\"}\n");
        assertThatThrownBy(() -> new Importer(db).importFile(changed, new ImportOptions("evals", null, false, "test")))
                .hasMessageContaining("would change the gold answer of 1 problem of dataset 'evals' (first: 0: '5' -> '6')")
                .hasMessageContaining("runs graded against the old answers: " + run.run())
                .hasMessageContaining("--replace");
        DatasetStore ds = new DatasetStore(db);
        assertThat(ds.problem(ProblemId.of("evals", "0")).orElseThrow().goldAnswer()).isEqualTo("5");
        ImportReport replaced = new Importer(db).importFile(changed, new ImportOptions("evals", null, false, true, "test"));
        assertThat(replaced.regradeRuns()).containsExactly(run.run().value());
        assertThat(ds.problem(ProblemId.of("evals", "0")).orElseThrow().goldAnswer()).isEqualTo("6");
        // The same gold again is no change.
        assertThat(new Importer(db).importFile(changed, new ImportOptions("evals", null, false, "test")).regradeRuns()).isEmpty();
        assertThat(new TraceStore(db).runs()).hasSize(1);
    }
}
