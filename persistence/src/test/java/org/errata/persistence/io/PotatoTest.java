package org.errata.persistence.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Potato both ways: a run's attempts go out as Potato items, Potato's process-reward export
 * (written here in the schema its documentation gives) comes back as human labels on those
 * attempts, and goes out again as it came in.
 */
class PotatoTest {
    @TempDir Path dir;
    private Database db;
    private RunId run;
    private final ObjectMapper json = new ObjectMapper();
    /** The two attempts of the ProcessBench fixture: 3 steps (gsm8k-0) and 2 steps (gsm8k-1). */
    private String threeSteps;
    private String twoSteps;

    @BeforeEach
    void importRun() throws Exception {
        db = Database.open(dir.resolve("p.db"));
        run = new Importer(db).importFile(ImportExportTest.fixture("processbench.jsonl"),
                new ImportOptions("pb", null, false, "test")).run();
        Path items = dir.resolve("items.jsonl");
        new Exporter(db).exportRun(run, ExportFormat.POTATO, items);
        for (String line : Files.readAllLines(items)) {
            JsonNode item = json.readTree(line);
            if (item.path("problem_key").asText().equals("gsm8k-0")) threeSteps = item.path("id").asText();
            if (item.path("problem_key").asText().equals("gsm8k-1")) twoSteps = item.path("id").asText();
        }
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        db.close();
    }

    @Test
    void itemsCarryTheAttemptIdProblemAndEachStepInOrder() throws Exception {
        Path items = dir.resolve("items.jsonl");
        List<String> lines = Files.readAllLines(items);
        assertThat(lines).hasSize(2);
        JsonNode first = json.readTree(lines.getFirst());
        assertThat(first.path("id").asText()).isEqualTo(threeSteps);
        assertThat(first.path("problem").asText()).isEqualTo("Sue has 3 apples and buys 4 more. How many apples?");
        assertThat(first.path("steps")).hasSize(3);
        assertThat(first.path("steps").get(1).path("index").asInt()).isEqualTo(1);
        assertThat(first.path("steps").get(1).path("text").asText()).isEqualTo("She buys 4 more, so 3 + 4 = 8.");
        assertThat(first.path("segmenter").asText()).isEqualTo("paragraph");
        assertThat(first.path("run").asText()).isEqualTo(run.value());
    }

    private Path potatoFile(String... lines) throws Exception {
        Path f = dir.resolve("potato_prm_" + lines.length + ".jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    private List<HumanLabel> labelsBy(String annotator) throws Exception {
        List<HumanLabel> out = new ArrayList<>();
        for (Trace t : new TraceStore(db).traces(run)) {
            t.nodes(HumanLabel.class).filter(h -> h.annotator().equals(annotator)).forEach(out::add);
        }
        return out;
    }

    @Test
    void firstErrorAndPerStepLinesBecomeLabelsAndComeBackAsTheyWere() throws Exception {
        String alice = "{\"instance_id\":\"" + threeSteps + "\",\"annotator\":\"alice\",\"steps\":[{\"index\":0,\"reward\":1},"
                + "{\"index\":1,\"reward\":-1},{\"index\":2,\"reward\":-1}],\"mode\":\"first_error\"}";
        String bob = "{\"instance_id\":\"" + twoSteps + "\",\"annotator\":\"bob\",\"steps\":[{\"index\":0,\"reward\":0,"
                + "\"source\":\"ai\",\"verified\":true,\"ai_reward\":1,\"confidence\":0.8},{\"index\":1,\"reward\":null}],"
                + "\"mode\":\"per_step\",\"ai_prelabeled\":true,\"all_verified\":false}";
        Path file = potatoFile(alice, bob);
        ImportReport r = new Importer(db).importFile(file, new ImportOptions(null, null, false, "test"));
        assertThat(r.format()).as("detected without --format").isEqualTo(ImportFormat.POTATO_PRM);
        assertThat(r.labels()).isEqualTo(2);
        assertThat(r.runs()).containsExactly(run);

        HumanLabel a = labelsBy("alice").getFirst();
        assertThat(a.parent().value()).isEqualTo(threeSteps);
        assertThat(a.firstErrorStep()).isEqualTo(1);
        assertThat(a.stepRatings()).containsExactly(1, -1, -1);
        assertThat(a.segmenter()).isEqualTo("paragraph");
        assertThat(a.verdictText()).isEqualTo("first error at step 2");
        HumanLabel b = labelsBy("bob").getFirst();
        assertThat(b.firstErrorStep()).as("no -1: no error").isEqualTo(-1);
        assertThat(b.stepRatings()).as("the neutral step, then nothing judged").containsExactly(0);

        Path out = dir.resolve("out.jsonl");
        new Exporter(db).exportRun(run, ExportFormat.POTATO_PRM, out);
        List<String> exported = Files.readAllLines(out);
        assertThat(exported).contains(alice, bob);
        // ProcessBench's own labels go out in Potato's first-error shape: +1 before the error, -1 from it on.
        assertThat(exported).contains("{\"instance_id\":\"" + threeSteps + "\",\"annotator\":\"processbench\",\"steps\":["
                + "{\"index\":0,\"reward\":1},{\"index\":1,\"reward\":-1},{\"index\":2,\"reward\":-1}],\"mode\":\"first_error\"}");
        assertThat(exported).contains("{\"instance_id\":\"" + twoSteps + "\",\"annotator\":\"processbench\",\"steps\":["
                + "{\"index\":0,\"reward\":1},{\"index\":1,\"reward\":1}],\"mode\":\"first_error\"}");

        // Importing the export again replaces each annotator's label: same labels, same bytes.
        new Importer(db).importFile(out, new ImportOptions(null, ImportFormat.POTATO_PRM, false, "test"));
        assertThat(labelsBy("alice")).hasSize(1);
        Path again = dir.resolve("again.jsonl");
        new Exporter(db).exportRun(run, ExportFormat.POTATO_PRM, again);
        assertThat(Files.readString(again)).isEqualTo(Files.readString(out));
    }

    @Test
    void aLabelOfAnUnknownAttemptOrOfTheWrongStepCountNamesTheLineAndWritesNothing() throws Exception {
        String good = "{\"instance_id\":\"" + twoSteps + "\",\"annotator\":\"carol\",\"steps\":[{\"index\":0,\"reward\":1},{\"index\":1,\"reward\":1}]}";
        String unknown = "{\"instance_id\":\"no-such-attempt\",\"annotator\":\"carol\",\"steps\":[{\"index\":0,\"reward\":1}]}";
        Path file = potatoFile(good, unknown);
        assertThatThrownBy(() -> new Importer(db).importFile(file, new ImportOptions(null, null, false, "test")))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining(file + ":2")
                .hasMessageContaining("no-such-attempt is no attempt in this database");
        assertThat(labelsBy("carol")).as("the good line is not written either").isEmpty();

        String wrongCount = "{\"instance_id\":\"" + threeSteps + "\",\"annotator\":\"dan\",\"steps\":[{\"index\":0,\"reward\":1}]}";
        Path second = potatoFile(good, wrongCount, good.replace("carol", "erin"));
        assertThatThrownBy(() -> new Importer(db).importFile(second, new ImportOptions(null, null, false, "test")))
                .hasMessageContaining(second + ":2")
                .hasMessageContaining("the label rates 1 steps; attempt " + threeSteps + " has 3 under segmenter 'paragraph'");

        ImportReport skipped = new Importer(db).importFile(second, new ImportOptions(null, null, true, "test"));
        assertThat(skipped.labels()).isEqualTo(2);
        assertThat(skipped.skipped()).hasSize(1);
        assertThat(labelsBy("carol")).hasSize(1);
        assertThat(labelsBy("dan")).isEmpty();

        Path badReward = potatoFile("{\"instance_id\":\"" + twoSteps + "\",\"annotator\":\"f\",\"steps\":[{\"index\":0,\"reward\":2},{\"index\":1,\"reward\":1}]}");
        assertThatThrownBy(() -> new Importer(db).importFile(badReward, new ImportOptions(null, null, false, "test")))
                .hasMessageContaining(badReward + ":1").hasMessageContaining("reward 2; expected 1, 0, -1 or null");
    }

    @Test
    void anUnjudgedLabelWithoutAnErrorIsUnfinishedNotAllCorrect() throws Exception {
        String half = "{\"instance_id\":\"" + threeSteps + "\",\"annotator\":\"gil\",\"steps\":[{\"index\":0,\"reward\":1},"
                + "{\"index\":1,\"reward\":null},{\"index\":2,\"reward\":1}],\"mode\":\"per_step\"}";
        new Importer(db).importFile(potatoFile(half), new ImportOptions(null, null, false, "test"));
        HumanLabel g = labelsBy("gil").getFirst();
        assertThat(g.stepRatings()).containsExactly(1);
        Path pb = dir.resolve("pb.jsonl");
        new Exporter(db).exportRun(run, ExportFormat.PROCESSBENCH, pb);
        assertThat(Files.readAllLines(pb)).as("an unfinished label is no ProcessBench item: only the file's own two").hasSize(2);
        Path back = dir.resolve("back.jsonl");
        new Exporter(db).exportRun(run, ExportFormat.POTATO_PRM, back);
        assertThat(Files.readAllLines(back)).contains(half);
    }
}
