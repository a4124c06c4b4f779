package org.errata.persistence.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PRM800K in full: every completion and its rating, human completions, flags, give_up. */
class Prm800kTest {
    @TempDir Path dir;

    @Test
    void everyCompletionIsKeptWithItsRatingAndHumanStepsAreMarked() throws Exception {
        try (Database db = Database.open(dir.resolve("p.db"))) {
            ImportReport r = new Importer(db).importFile(ImportExportTest.fixture("prm800k_full.json"), new ImportOptions("prm", null, false, "test"));
            assertThat(r.format()).isEqualTo(ImportFormat.PRM800K);
            assertThat(r.problems()).isEqualTo(1);
            Trace t = new TraceStore(db).traces(r.run()).getFirst();
            List<Attempt> roots = t.attempts().stream().filter(a -> a.parent() == null).toList();
            assertThat(roots).hasSize(2);
            Attempt main = roots.getFirst();
            assertThat(main.text()).isEqualTo("3*4 = 12.\n12 + 2 = 14.\n# Answer\n\n14");
            // Graded by Errata against the gold answer.
            assertThat(main.correct()).isTrue();
            HumanLabel label = t.nodes(HumanLabel.class).filter(h -> main.id().equals(h.parent())).findFirst().orElseThrow();
            assertThat(label.stepRatings()).containsExactly(1, 0, 0);
            assertThat(label.note()).isEqualTo("solution");
            assertThat(label.timeMs()).isEqualTo(61234);
            assertThat(label.source()).containsEntry("line", Map.of("generation", 3, "is_quality_control_question", true,
                    "is_initial_screening_question", false));
            assertThat(((List<?>) label.source().get("steps")).get(1)).asString().contains("main=human");
            // Every other completion: 1 + 1 (the model's, under step 1) + 1, each with its rating; all 4 negative ratings kept.
            List<Attempt> alternatives = t.attempts().stream().filter(a -> a.parent() != null).toList();
            assertThat(alternatives).extracting(Attempt::text)
                    .containsExactly("3*4 = 7.", "12 + 2 = 15.", "# Answer\n\n15", "I am unsure.");
            List<Step> steps = t.nodes(Step.class).filter(s -> main.id().equals(s.parent())).toList();
            assertThat(alternatives.getFirst().parent()).isEqualTo(steps.get(0).id());
            assertThat(alternatives.get(1).parent()).isEqualTo(steps.get(1).id());
            long negatives = t.nodes(HumanLabel.class).flatMap(h -> h.stepRatings().stream()).filter(x -> x == -1).count();
            assertThat(negatives).isEqualTo(3);
            assertThat(alternatives).allSatisfy(a -> assertThat(a.correct()).isNull());
            HumanLabel gaveUp = t.nodes(HumanLabel.class).filter(h -> roots.get(1).id().equals(h.parent())).findFirst().orElseThrow();
            assertThat(gaveUp.note()).isEqualTo("give_up");
            // Shown as what it is, not as "all steps correct".
            assertThat(gaveUp.verdictText()).isEqualTo("gave up at step 2 (no error found)");
            assertThat(label.verdictText()).isEqualTo("all steps correct");

            // A person's completion is marked human where it is an alternative.
            try (Database db2 = Database.open(dir.resolve("q.db"))) {
                Path f = dir.resolve("alt-human.jsonl");
                Files.writeString(f, "{\"labeler\": \"x\", \"timestamp\": \"2022-08-01T00:00:00\", \"question\": {\"problem\": \"p\", \"ground_truth_answer\": \"1\"},"
                        + " \"label\": {\"steps\": [{\"completions\": [{\"text\": \"a\", \"rating\": 1, \"flagged\": null}],"
                        + " \"human_completion\": {\"text\": \"b\", \"rating\": 1}, \"chosen_completion\": 0}], \"total_time\": 1, \"finish_reason\": \"solution\"}}\n");
                ImportReport r2 = new Importer(db2).importFile(f, new ImportOptions("h", null, false, "test"));
                Trace t2 = new TraceStore(db2).traces(r2.run()).getFirst();
                assertThat(t2.attempts()).extracting(Attempt::model).containsExactly(Prm800k.GENERATOR, Prm800k.HUMAN);
            }

            // Exports: PRM800K writes every completion back; ProcessBench and PRM training sets leave give_up out.
            Path prm = dir.resolve("out.jsonl");
            assertThat(new Exporter(db).exportRun(r.run(), ExportFormat.PRM800K, prm)).isEqualTo(2);
            String first = Files.readAllLines(prm).getFirst();
            assertThat(first).contains("\"generation\":3,\"is_quality_control_question\":true")
                    .contains("{\"text\":\"3*4 = 7.\",\"rating\":-1,\"flagged\":true}")
                    .contains("\"human_completion\":{\"text\":\"12 + 2 = 14.\",\"rating\":null,\"source\":\"human\",\"flagged\":false,\"corrected_rating\":null},\"chosen_completion\":null")
                    .contains("\"pre_generated_verifier_score\":0.91");
            assertThat(Files.readAllLines(prm).get(1)).contains("\"finish_reason\":\"give_up\"");
            Path pb = dir.resolve("pb.jsonl");
            assertThat(new Exporter(db).exportRun(r.run(), ExportFormat.PROCESSBENCH, pb)).isEqualTo(1);
            assertThat(Files.readString(pb)).contains("\"label\":-1").doesNotContain("unsure");
            Path trlPrm = dir.resolve("trl-prm.jsonl");
            assertThat(new Exporter(db).exportRun(r.run(), ExportFormat.TRL_PRM, trlPrm)).isEqualTo(1);
            assertThat(Files.readString(trlPrm)).doesNotContain("Maybe add 2");
        }
    }
}
