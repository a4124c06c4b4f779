package org.errata.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.errata.trainer.DemoModelMaker;
import org.errata.trainer.tokenizer.DemoTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTrainerTest {

    @TempDir
    Path dir;

    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    private DemoTrainer.Result train(HuggingFaceTokenizer tokenizer, long seed, int steps) {
        DemoLlamaConfig tiny = new DemoLlamaConfig(DemoTokenizer.vocabulary().size(), 32, 1, 2, 64, 512, 1e-5f, 10000f);
        TrainConfig cfg = new TrainConfig(seed, steps, 4, 1e-2f, 1e-3f, 2, 0.4, 0, 1, 1000);
        return DemoTrainer.train(cfg, tiny, tokenizer, Set.of(), QUIET);
    }

    @Test
    void aFewStepsReduceTheLossAndTheSameSeedGivesTheSameWeights() throws Exception {
        DemoTokenizer.write(dir);
        try (HuggingFaceTokenizer tokenizer = DemoModelMaker.tokenizer(dir)) {
            DemoTrainer.Result a = train(tokenizer, 3, 25);
            double first = a.losses().subList(0, 3).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
            double last = a.losses().subList(22, 25).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
            assertThat(first).isGreaterThan(Math.log(DemoTokenizer.vocabulary().size()) * 0.8);
            assertThat(last).isLessThan(first * 0.75);

            DemoTrainer.Result b = train(tokenizer, 3, 4);
            DemoTrainer.Result c = train(tokenizer, 3, 4);
            DemoTrainer.Result d = train(tokenizer, 4, 4);
            String name = "model.layers.0.self_attn.q_proj.weight";
            assertThat(b.weights().get(name).data()).containsExactly(c.weights().get(name).data());
            assertThat(b.losses()).isEqualTo(c.losses());
            assertThat(b.weights().get(name).data()).isNotEqualTo(d.weights().get(name).data());
        }
    }
}
