package org.errata.correction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Aggregate;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.fake.ScriptedLanguageModel;
import org.junit.jupiter.api.Test;

/**
 * GSR's refine prompt under its knobs, asserted exactly: candidate order (as generated, or
 * shuffled by a seed), long candidates cut to their last characters, a cap on the whole prompt,
 * and the refine call's own temperature.
 */
class GsrStrategyTest {

    static final String A = "First: 17 + 50 = 68, so \\boxed{68}";
    static final String B = "Second: 17 + 50 = 66, so \\boxed{66}";
    static final String C = "Third: 17 + 50 = 67, so \\boxed{67}";
    static final String REFINED = "All three disagree; 17 + 50 = 67. \\boxed{67}";

    /** The bundled refine prompt around these listed candidates, for the harness's problem. */
    static String refinePrompt(String candidates) {
        return "Here is a math problem and several candidate solutions, some of which may be wrong.\n\n"
                + "Problem:\n" + Harness.PROBLEM.text() + "\n\n" + candidates + "\n\n"
                + "Analyse the candidate solutions, find their mistakes, and write a new, correct solution step by step."
                + " Put your final answer within \\boxed{}.\n";
    }

    /** Answers the candidates call with {@code texts} (one per sample) and the refine call with REFINED; records temperatures. */
    static final class Model {
        final List<Double> temperatures = Collections.synchronizedList(new ArrayList<>());
        final ScriptedLanguageModel scripted;

        Model(String... texts) {
            scripted = new ScriptedLanguageModel("scripted", (prompt, request, sample) -> {
                if (sample == 0) temperatures.add(request.sampling().temperature());
                return request.n() > 1 ? texts[sample] : REFINED;
            });
        }

        /** The refine request's user message (the scripted model wraps it in {@code <user>} tags). */
        String refine() {
            String rendered = scripted.prompts().get(1);
            String open = "<user>\n";
            String close = "\n</user>\n<assistant>\n";
            assertThat(rendered).startsWith(open).endsWith(close);
            return rendered.substring(open.length(), rendered.length() - close.length());
        }
    }

    private static Harness.Result run(Map<String, ?> knobs, Model model) {
        return Harness.run(Harness.strategy("gsr", knobs), ModelSet.of(model.scripted), Harness.options());
    }

    private static Aggregate aggregate(Harness.Result r) {
        return r.trace().nodes(Aggregate.class).findFirst().orElseThrow();
    }

    @Test
    void byDefaultTheCandidatesAreListedWholeInTheOrderGenerated() {
        Model model = new Model(A, B, C);
        Harness.Result r = run(Map.of("samples", 3), model);

        assertThat(model.refine()).isEqualTo(refinePrompt("Candidate solution 1:\n" + A + "\n\nCandidate solution 2:\n" + B
                + "\n\nCandidate solution 3:\n" + C));
        assertThat(aggregate(r).detail()).isEqualTo("refined over 3 candidates");
        assertThat(r.outcome()).isEqualTo(new LoopOutcome.Stopped("67", true, "refined"));
    }

    @Test
    void aShuffleIsFixedBySeedAndProblemAndRecordedOnTheAggregate() {
        Model first = new Model(A, B, C);
        Harness.Result r = run(Map.of("samples", 3, "candidate_order", "shuffled", "shuffle_seed", 7), first);
        assertThat(first.refine()).isEqualTo(refinePrompt("Candidate solution 1:\n" + B + "\n\nCandidate solution 2:\n" + C
                + "\n\nCandidate solution 3:\n" + A));
        assertThat(aggregate(r).detail()).isEqualTo("refined over 3 candidates; shown in order 2, 3, 1");
        assertThat(aggregate(r).inputs()).as("the inputs stay in sampling order").isEqualTo(
                r.trace().attempts().stream().limit(3).map(a -> a.id()).toList());

        Model again = new Model(A, B, C);
        run(Map.of("samples", 3, "candidate_order", "shuffled", "shuffle_seed", 7), again);
        assertThat(again.refine()).as("the same seed, the same order").isEqualTo(first.refine());

        Model other = new Model(A, B, C);
        run(Map.of("samples", 3, "candidate_order", "shuffled", "shuffle_seed", 8), other);
        assertThat(other.refine()).as("another seed, another order").isEqualTo(refinePrompt("Candidate solution 1:\n" + B
                + "\n\nCandidate solution 2:\n" + A + "\n\nCandidate solution 3:\n" + C));
    }

    @Test
    void aLongCandidateKeepsItsLastCharactersAfterAMark() {
        String longOne = "Let me think at length. ".repeat(10) + "So 17 + 50 = 67 and \\boxed{67}";
        Model model = new Model(A, longOne);
        Harness.Result r = run(Map.of("samples", 2, "candidate_max_chars", 40), model);

        assertThat(A.length()).isLessThan(40);
        String kept = "[...]\n" + longOne.substring(longOne.length() - 34);
        assertThat(kept).hasSize(40).endsWith("So 17 + 50 = 67 and \\boxed{67}");
        assertThat(model.refine()).isEqualTo(refinePrompt("Candidate solution 1:\n" + A + "\n\nCandidate solution 2:\n" + kept));
        assertThat(aggregate(r).detail()).isEqualTo("refined over 2 candidates; 1 cut to their last 40 characters");
    }

    @Test
    void theCapCutsEveryCandidateEvenlySoTheWholePromptFits() {
        String a = "a".repeat(300) + " \\boxed{1}";
        String b = "b".repeat(200) + " \\boxed{2}";
        String empty = refinePrompt("Candidate solution 1:\n\n\nCandidate solution 2:\n");
        int cap = empty.length() + 2 * 100;
        Model model = new Model(a, b);
        Harness.Result r = run(Map.of("samples", 2, "refine_max_chars", cap), model);

        String cutA = "[...]\n" + a.substring(a.length() - 94);
        String cutB = "[...]\n" + b.substring(b.length() - 94);
        assertThat(model.refine()).isEqualTo(refinePrompt("Candidate solution 1:\n" + cutA + "\n\nCandidate solution 2:\n" + cutB));
        assertThat(model.refine().length()).isEqualTo(cap);
        assertThat(aggregate(r).detail()).isEqualTo("refined over 2 candidates; 2 cut to their last 100 characters");

        Model fits = new Model(A, B);
        run(Map.of("samples", 2, "refine_max_chars", cap), fits);
        assertThat(fits.refine()).as("a prompt under the cap is left whole")
                .isEqualTo(refinePrompt("Candidate solution 1:\n" + A + "\n\nCandidate solution 2:\n" + B));
    }

    @Test
    void aCapTooSmallForTheProblemIsRefusedBeforeAnyCall() {
        Model model = new Model(A, B);
        Harness.Result r = run(Map.of("samples", 2, "refine_max_chars", 300), model);

        assertThat(model.scripted.prompts()).isEmpty();
        assertThat(r.outcome()).isInstanceOf(LoopOutcome.Failed.class);
        assertThat(((LoopOutcome.Failed) r.outcome()).error()).isEqualTo(
                "refine_max_chars 300 leaves less than 32 characters for each of 2 candidates after the problem and the refine template");
    }

    @Test
    void theRefineCallSamplesAtItsOwnTemperature() {
        RunOptions warm = Harness.options().withSampling(SamplingConfig.temperature(0.7, 3));
        Model own = new Model(A, B);
        Harness.run(Harness.strategy("gsr", Map.of("samples", 2, "refine_temperature", 0.2)), ModelSet.of(own.scripted), warm);
        assertThat(own.temperatures).containsExactly(0.7, 0.2);

        Model inherited = new Model(A, B);
        Harness.run(Harness.strategy("gsr", Map.of("samples", 2)), ModelSet.of(inherited.scripted), warm);
        assertThat(inherited.temperatures).as("by default the run's temperature").containsExactly(0.7, 0.7);
    }
}
