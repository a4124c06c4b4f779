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
        TrainConfig cfg = new TrainConfig(2, 2, 4, 1e-2f, 1e-3f, 1, 0.5, 0.3, 0, 1, 1000).withMixture(FormatMixture.allFormats());
        DemoModelMaker.make(cfg, "32,1,2,64", dir, quiet);
        assertThat(Files.readString(dir.resolve("config.json")))
                .contains("\"vocab_size\" : " + DemoTokenizer.vocabulary(true).size());
        assertThat(Files.readString(dir.resolve("MODEL_CARD.md"))).contains("speaks the formats of the other built-in recipes");

        List<StrategyScores> rows = DemoModelMaker.evaluateAll(dir, 1, 0.8, 1, 1, 12, quiet);
        assertThat(rows).extracting(StrategyScores::strategy)
                .containsExactlyElementsOf(java.util.Arrays.stream(DemoFormat.values()).map(DemoFormat::recipe).toList());
        assertThat(rows).allSatisfy(r -> assertThat(r.problems()).isEqualTo(1));
    }
}
