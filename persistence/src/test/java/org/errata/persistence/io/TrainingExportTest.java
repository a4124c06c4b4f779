package org.errata.persistence.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.errata.persistence.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training sets from imported evaluations: every right sample, right-over-wrong pairs, and a reason when there is nothing. */
class TrainingExportTest {
    @TempDir Path dir;
    Database db;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("errata.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<JsonNode> lines(Path f) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) out.add(new ObjectMapper().readTree(l));
        return out;
    }

    private ImportReport importFixture(String name) throws Exception {
        return new Importer(db).importFile(ImportExportTest.fixture(name), new ImportOptions("ev", null, false, "test"));
    }

    @Test
    void sftTakesEveryRightSampleAndDpoPairsRightOverWrong() throws Exception {
        ImportReport r = importFixture("samples_ungraded.jsonl");
        Path sft = dir.resolve("sft.jsonl");
        assertThat(new Exporter(db).exportRun(r.run(), ExportFormat.TRL_SFT, sft, false)).isEqualTo(4);
        assertThat(lines(sft)).extracting(l -> l.get("id").asText())
                .containsExactly("ev/0#sample-0", "ev/0#sample-2", "ev/1#sample-0", "ev/1#sample-1");
        assertThat(lines(sft).get(1).at("/completion/0/content").asText()).isEqualTo("It is \\boxed{5.0}");
        Path dpo = dir.resolve("dpo.jsonl");
        assertThat(new Exporter(db).exportRun(r.run(), ExportFormat.OPENRLHF_DPO, dpo, false)).isEqualTo(2);
        List<JsonNode> pairs = lines(dpo);
        assertThat(pairs).extracting(l -> l.get("id").asText()).containsExactly("ev/0#sample-0-over-1", "ev/0#sample-2-over-3");
        assertThat(pairs.get(0).get("prompt").asText()).isEqualTo("What is 9 - 4?");
        assertThat(pairs.get(0).get("chosen").asText()).isEqualTo("9 - 4 = 5, so \\boxed{5}.");
        assertThat(pairs.get(0).get("rejected").asText()).isEqualTo("9 - 4 = 6. \\boxed{6}");
        assertThat(pairs.get(0).get("kind").asText()).isEqualTo("outcome");
        Path trl = dir.resolve("trl-dpo.jsonl");
        assertThat(new Exporter(db).exportRun(r.run(), ExportFormat.TRL_DPO, trl, false)).isEqualTo(2);
        assertThat(lines(trl).get(1).at("/chosen/0/content").asText()).isEqualTo("It is \\boxed{5.0}");
    }

    @Test
    void anExportThatYieldsNothingSaysWhyAndWritesNothingUnlessAllowed() throws Exception {
        ImportReport r = importFixture("processbench.jsonl");
        Path dpo = dir.resolve("dpo.jsonl");
        assertThatThrownBy(() -> new Exporter(db).exportRun(r.run(), ExportFormat.TRL_DPO, dpo, false))
                .isInstanceOf(Exporter.EmptyExportException.class)
                .hasMessageStartingWith("0 DPO pairs: no problem has both a right and a wrong attempt")
                .hasMessageContaining("--allow-empty");
        assertThat(dpo).doesNotExist();
        assertThat(new Exporter(db).exportRun(r.run(), ExportFormat.TRL_DPO, dpo, true)).isZero();
        assertThat(dpo).exists().isEmptyFile();
        Path wrong = dir.resolve("wrong.jsonl");
        Files.writeString(wrong, "{\"idx\": 0, \"question\": \"1+1?\", \"gt\": \"2\", \"code\": [\"\\\\boxed{3}\", \"\\\\boxed{4}\"]}\n");
        ImportReport allWrong = new Importer(db).importFile(wrong, new ImportOptions("w", null, false, "test"));
        Path sft = dir.resolve("sft.jsonl");
        assertThatThrownBy(() -> new Exporter(db).exportRun(allWrong.run(), ExportFormat.TRL_SFT, sft, false))
                .hasMessageStartingWith("0 SFT items: no attempt of the 1 traces is right");
        assertThat(sft).doesNotExist();
        Path problems = dir.resolve("p.jsonl");
        Files.writeString(problems, "{\"problem\": \"q\", \"answer\": 1}\n");
        new Importer(db).importFile(problems, new ImportOptions("plain", null, false, "test"));
        assertThatThrownBy(() -> new Exporter(db).exportDataset("plain", ExportFormat.PROCESSBENCH, dir.resolve("pb.jsonl"), false))
                .hasMessageStartingWith("0 labelled attempts: no run on dataset 'plain'");
    }

    @Test
    void humanLabelsDecideWhatIsRightNotTheFinalAnswer() throws Exception {
        Path pb = dir.resolve("pb.json");
        Files.writeString(pb, """
                [
                  {"id": "math-0", "generator": "g", "problem": "What is 2*3+1?", "steps": ["2*3 = 5.", "5+2 = 7. The answer is 7."], "final_answer_correct": true, "label": 0},
                  {"id": "math-1", "generator": "g", "problem": "What is 1+1?", "steps": ["1+1 = 2.", "The answer is 2."], "final_answer_correct": true, "label": -1}
                ]
                """);
        ImportReport r = new Importer(db).importFile(pb, new ImportOptions("pb", null, false, "test"));
        Path sft = dir.resolve("pb-sft.jsonl");
        assertThat(new Exporter(db).exportRun(r.run(), ExportFormat.TRL_SFT, sft, false)).isEqualTo(1);
        assertThat(lines(sft).getFirst().get("id").asText()).isEqualTo("pb/math-1");
    }
}
