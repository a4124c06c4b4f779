package org.errata.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.util.Set;
import org.errata.runtime.api.ModelException;
import org.errata.trainer.tokenizer.DemoTokenizer;
import org.junit.jupiter.api.Test;

class DemoTrainerTest {

    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    private DemoTrainer.Result train(long seed, int steps) throws ModelException {
        DemoLlamaConfig tiny = new DemoLlamaConfig(DemoTokenizer.vocabulary().size(), 32, 1, 2, 64, 512, 1e-5f, 10000f);
        TrainConfig cfg = new TrainConfig(seed, steps, 4, 1e-2f, 1e-3f, 2, 0.4, 0.3, 0, 1, 1000);
        return DemoTrainer.train(cfg, tiny, Set.of(), QUIET);
    }

    @Test
    void aFewStepsReduceTheLossAndTheSameSeedGivesTheSameWeights() throws Exception {
        DemoTrainer.Result a = train(3, 25);
        double first = a.losses().subList(0, 3).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
        double last = a.losses().subList(22, 25).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
        assertThat(first).isGreaterThan(Math.log(DemoTokenizer.vocabulary().size()) * 0.8);
        assertThat(last).isLessThan(first * 0.75);

        DemoTrainer.Result b = train(3, 4);
        DemoTrainer.Result c = train(3, 4);
        DemoTrainer.Result d = train(3 + 1, 4);
        String name = "model.layers.0.self_attn.q_proj.weight";
        assertThat(b.weights().get(name).data()).containsExactly(c.weights().get(name).data());
        assertThat(b.losses()).isEqualTo(c.losses());
        assertThat(b.weights().get(name).data()).isNotEqualTo(d.weights().get(name).data());
    }

    @Test
    void resultDigitsWeighMoreAndThePromptIsNotTrained() {
        var trace = new org.errata.trainer.data.TraceGenerator(5, 0.0, Set.of()).next();
        DemoTrainer.Example e = DemoTrainer.encode(trace);
        int promptLength = DemoTokenizer.encode(DemoTokenizer.BOS + DemoTokenizer.USER + trace.userMessage()
                + DemoTokenizer.END + DemoTokenizer.ASSISTANT).length;
        for (int i = 0; i < promptLength - 1; i++) {
            assertThat(e.weight()[i]).isZero();
        }
        // the first step's result: the digits after the first " = " of the completion
        String first = trace.problem().steps().get(0).text();
        String result = first.substring(first.indexOf(" = ") + 3);
        int equals = DemoTokenizer.id(" = ");
        int at = -1;
        for (int i = promptLength; i < e.ids().length; i++) {
            if (e.ids()[i] == equals) {
                at = i;
                break;
            }
        }
        assertThat(at).isPositive();
        for (int k = 0; k < result.length(); k++) {
            assertThat(e.weight()[at + k]).isEqualTo(DemoTrainer.RESULT_DIGIT_WEIGHT);
        }
        assertThat(e.weight()[at + result.length()]).isEqualTo(1f);
        assertThat(e.weight()[at - 1]).isEqualTo(1f);
    }

    @Test
    void aChecksColumnDigitsAndCarriesWeighMoreButItsOperandsDoNot() {
        var trace = new org.errata.trainer.data.TraceGenerator(5, 0.0, Set.of()).next();
        DemoTrainer.Example e = DemoTrainer.encode(trace);
        int check = DemoTokenizer.id(org.errata.trainer.data.SpocFormat.CHECK_PREFIX + "1: ");
        int equals = DemoTokenizer.id("=");
        int at = -1;
        for (int i = 0; i < e.ids().length; i++) {
            if (e.ids()[i] == check) {
                at = i;
                break;
            }
        }
        assertThat(at).as("a check line").isPositive();
        // "386+057: 6+7+0=3c1 ...": the first operand's digits weigh 1, the column's digit and carry 3
        assertThat(e.weight()[at]).isEqualTo(1f);
        int eq = at;
        while (e.ids()[eq] != equals) {
            eq++;
        }
        int digit = eq;
        while (!DemoTokenizer.isDigit(e.ids()[digit + 1]) || e.ids()[digit + 2] != DemoTokenizer.id("c")
                && e.ids()[digit + 2] != DemoTokenizer.id("b")) {
            digit++;
        }
        assertThat(e.weight()[eq]).isEqualTo(DemoTrainer.RESULT_DIGIT_WEIGHT);
        assertThat(e.weight()[digit]).isEqualTo(DemoTrainer.RESULT_DIGIT_WEIGHT);
        assertThat(e.weight()[digit + 2]).as("the carry after the mark").isEqualTo(DemoTrainer.RESULT_DIGIT_WEIGHT);
        assertThat(e.weight()[eq - 2]).as("the carry in, copied from the column before").isEqualTo(1f);
    }

    @Test
    void onlyTheLastAnswerOfAMultiTurnCallIsTrained() {
        var problem = org.errata.trainer.data.ArithmeticProblem.of("17 + 25 * 2");
        var calls = org.errata.trainer.data.EngineTranscript.run(org.errata.trainer.data.DemoFormat.INTRINSIC, problem,
                org.errata.trainer.data.IntrinsicFormat.script(problem, problem.steps())).examples();
        var improve = calls.get(2);
        assertThat(improve.prompt()).hasSize(5);
        DemoTrainer.Example e = DemoTrainer.encode(improve);
        int completion = DemoTokenizer.encode(improve.completion() + DemoTokenizer.END).length;
        int trained = 0;
        for (int i = 0; i < e.ids().length - 1; i++) {
            if (e.weight()[i] > 0) {
                trained++;
                assertThat(i).as("trained position").isGreaterThanOrEqualTo(e.ids().length - completion - 1);
            }
        }
        assertThat(trained).isEqualTo(completion);
        assertThat(e.ids()[e.ids().length - 1]).isEqualTo(DemoTokenizer.id(DemoTokenizer.END));
    }

    @Test
    void aTokenOutsideTheModelsVocabularyIsRefusedWithAClearMessage() {
        DemoLlamaConfig spocOnly = DemoLlamaConfig.demo(DemoTokenizer.vocabulary(false).size());
        int phrase = DemoTokenizer.vocabulary(false).size();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DemoTrainer.checkFits(new int[] {1, phrase}, spocOnly))
                .hasMessageContaining("outside the model's vocabulary");
    }

    @Test
    void aShapeIsReadFromFourNumbersAndCountsItsParameters() {
        DemoLlamaConfig c = DemoLlamaConfig.shape("160, 5, 5, 480", 206);
        assertThat(c.hiddenSize()).isEqualTo(160);
        assertThat(c.layers()).isEqualTo(5);
        assertThat(c.heads()).isEqualTo(5);
        assertThat(c.intermediateSize()).isEqualTo(480);
        assertThat(c.maxPositions()).isEqualTo(DemoTokenizer.MODEL_MAX_LENGTH);
        assertThat(c.parameterCount()).isEqualTo(2L * 206 * 160 + 5L * (4 * 160 * 160 + 3 * 160 * 480 + 2 * 160) + 160);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DemoLlamaConfig.shape("160,5,5", 206))
                .hasMessageContaining("hidden,layers,heads,intermediate");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DemoLlamaConfig.shape("160,5,3,480", 206))
                .hasMessageContaining("does not split");
    }
}
