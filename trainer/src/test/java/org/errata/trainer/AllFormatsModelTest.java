package org.errata.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.errata.trainer.data.DemoFormat;
import org.errata.trainer.data.FormatMixture;
import org.errata.trainer.eval.StrategyScores;
import org.errata.trainer.tokenizer.DemoTokenizer;
import org.errata.trainer.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.errata.trainer.train.DemoTrainer;
import org.errata.trainer.train.TrainPlan;

/**
 * The whole pipeline on every format at toy size: a few steps of a tiny model on the mixture, the
 * folder written (the all-formats tokenizer, config, weights, card), opened by the runtime, and
 * every strategy run through the engine on one held-out problem.
 */
class AllFormatsModelTest {

    @TempDir
    Path dir;

    @Test
    void aModelTrainedOnTheMixtureIsWrittenOpenedAndRunByEveryStrategy() throws Exception {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        TrainConfig spoc = new TrainConfig(2, 2, 4, 1e-2f, 1e-3f, 1, 0.5, 0.3, 0, 1, 1000);
        TrainPlan plan = new TrainPlan(List.of(spoc, spoc.withMixture(FormatMixture.allFormats())));
        List<DemoTrainer.Result> stages = DemoModelMaker.make(plan, "32,1,2,64", null, dir, quiet);
        int spocVocab = DemoTokenizer.vocabulary(false).size();
        assertThat(stages.get(0).weights().get("model.embed_tokens.weight").shape()).containsExactly(spocVocab, 32);
        assertThat(stages.get(1).weights().get("model.embed_tokens.weight").shape())
                .containsExactly(DemoTokenizer.vocabulary(true).size(), 32);
        assertThat(Files.readString(dir.resolve("config.json")))
                .contains("\"vocab_size\" : " + DemoTokenizer.vocabulary(true).size());
        assertThat(Files.readString(dir.resolve("MODEL_CARD.md"))).contains("speaks the formats of the other built-in recipes")
                .contains("Stage 1:").contains("Stage 2:").contains("starts from the weights the one before ended with")
                .contains("Steps run: 2 of 2");
        // the first stage's model is kept beside the folder: what a plan stopped in its second stage leaves
        Path first = DemoModelMaker.stageFolder(dir, 1);
        try {
            assertThat(Files.readString(first.resolve("config.json"))).contains("\"vocab_size\" : " + spocVocab);
            assertThat(org.errata.runtime.train.CausalLmTrainer.read(first).get("lm_head.weight").data())
                    .containsExactly(stages.get(0).weights().get("lm_head.weight").data());
            assertThat(DemoModelMaker.stageFolder(dir, 2)).doesNotExist();
        } finally {
            try (var files = Files.walk(first)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }

        List<StrategyScores> rows = DemoModelMaker.evaluateAll(dir, 1, 0.8, 1, 1, 12, quiet);
        assertThat(rows).extracting(StrategyScores::strategy)
                .containsExactlyElementsOf(java.util.Arrays.stream(DemoFormat.values()).map(DemoFormat::recipe).toList());
        assertThat(rows).allSatisfy(r -> assertThat(r.problems()).isEqualTo(1));

        // the evaluation goes into the card, replacing an earlier one, and the manifest follows the card
        DemoModelMaker.recordEvaluation(dir, "first table");
        DemoModelMaker.recordEvaluation(dir, StrategyScores.table(rows));
        String card = Files.readString(dir.resolve("MODEL_CARD.md"));
        assertThat(card).doesNotContain("first table").contains(StrategyScores.table(rows).strip());
        assertThat(card.indexOf(DemoModelMaker.EVALUATION_HEADING)).isEqualTo(card.lastIndexOf(DemoModelMaker.EVALUATION_HEADING))
                .isLessThan(card.indexOf("## Files (SHA-256)"));
        assertThat(Files.readString(dir.resolve(DemoModelMaker.MANIFEST)))
                .contains(DemoModelMaker.sha256(card.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "  MODEL_CARD.md");
    }

    @Test
    void theBundledPlanIsReproducedByTheBareCommandAndOneStageByItsOptions() {
        TrainPlan bundled = TrainPlan.bundled(1);
        assertThat(DemoModelMaker.reproduceCommand(bundled, null)).isEqualTo("./errata train-demo --seed 1 --out DIR");
        assertThat(bundled.stages()).hasSize(2);
        assertThat(bundled.stages().get(0).mixture().spocOnlyMixture()).isTrue();
        assertThat(bundled.last().mixture()).isEqualTo(FormatMixture.everyFormat());
        TrainConfig fineTune = TrainPlan.singleStage(1, true).withSteps(300);
        assertThat(DemoModelMaker.reproduceCommand(TrainPlan.of(fineTune), Path.of("m")))
                .isEqualTo("./errata train-demo --seed 1 --steps 300 --start-from MODEL --out DIR");
        TrainConfig fresh = TrainPlan.singleStage(3, false).withMixture(FormatMixture.allFormats()).withLearningRate(1e-3f);
        assertThat(DemoModelMaker.reproduceCommand(TrainPlan.of(fresh), null))
                .isEqualTo("./errata train-demo --seed 3 --mixture all --lr 0.001 --out DIR");
    }
}
