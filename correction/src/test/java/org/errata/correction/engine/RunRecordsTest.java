package org.errata.correction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunStatus;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.fake.ScriptedLanguageModel;
import org.junit.jupiter.api.Test;

class RunRecordsTest {

    @Test
    void theRunRecordKeepsParametersModelsAndTheExactTemplateTextUsed() {
        String custom = "Solve this, and box the answer: {{problem}}";
        RunOptions options = Harness.options().withSampling(SamplingConfig.temperature(0.7, 42))
                .withTemplates(PromptTemplates.defaults().with("solve.user", custom));
        Strategy critic = Harness.strategy("critic");
        ScriptedLanguageModel actor = ScriptedLanguageModel.replaying("\\boxed{67}", "\\boxed{-1}");
        Run run = RunRecords.create("demo", "test", critic, ModelSet.of(actor), options, "1.2.3", "abc");

        assertThat(run.strategy()).isEqualTo("critic");
        assertThat(run.status()).isEqualTo(RunStatus.PENDING);
        assertThat(run.usesGold()).isFalse();
        assertThat(run.erratVersion()).isEqualTo("1.2.3");
        assertThat(run.prompts()).containsOnlyKeys("solve.user", "critic.critique", "critic.refine");
        assertThat(run.prompts().get("solve.user")).isEqualTo(custom);
        assertThat(run.prompts().get("critic.critique")).isEqualTo(PromptTemplates.bundled("critic.critique"));
        assertThat(run.parameters()).containsEntry("max_turns", 3).containsEntry("segmenter", "paragraph")
                .containsEntry("tokens_per_call", 400)
                .containsEntry("grading", org.errata.correction.grading.GradingPolicy.standard().describe())
                .doesNotContainKeys("samples", "inspector_rounds", "spoc_mode", "weighted_vote");
        assertThat(run.sampling().temperature()).isEqualTo(0.7);
        assertThat(run.sampling().seed()).isEqualTo(42);
        assertThat(run.models()).singleElement().satisfies(m -> {
            assertThat(m.role()).isEqualTo("student");
            assertThat(m.backend()).isEqualTo("scripted");
        });

        Harness.Result r = Harness.run(critic, ModelSet.of(actor), options);
        assertThat(actor.prompts().get(0)).contains("Solve this, and box the answer: What is 17 + 25 * 2?");
        assertThat(r.outcome()).isInstanceOf(LoopOutcome.Solved.class);
    }

    @Test
    void theRecipesGradingPolicyIsWhatTheRunGradesUnderAndRecords() {
        org.errata.correction.trace.Problem third = org.errata.correction.trace.Problem.of("test", "3",
                "What is 1 divided by 3?", "\\frac{1}{3}");
        for (double tolerance : new double[] {1e-4, 0}) {
            org.errata.correction.recipe.Recipe recipe = org.errata.correction.recipe.Recipes.builtin("best-of-n")
                    .with("samples", 1).with("grading.relative_tolerance", tolerance).with("grading.cas", "never");
            RunOptions options = recipe.runOptions(1);
            assertThat(options.grading()).isEqualTo(new org.errata.correction.grading.GradingPolicy(tolerance,
                    org.errata.correction.grading.Grader.Escalation.NEVER));
            ScriptedLanguageModel model = ScriptedLanguageModel.replaying("About \\boxed{0.33333}.",
                    "Verification: Is the answer correct (Yes/No)? Yes");
            Run run = RunRecords.create("g", "test", recipe.strategyInstance(), ModelSet.of(model), options, "1", null);
            assertThat(run.parameters().get("grading")).isEqualTo(Map.of("integers", "exact",
                    "relative_tolerance", tolerance, "out_of_double_range", "equal only when exactly equal", "cas", "never"));
            Harness.Result r = Harness.run(recipe.strategyInstance(), ModelSet.of(model), options,
                    java.util.List.of(third), java.util.Set.of(), org.errata.runtime.api.Cancellation.none());
            org.errata.correction.trace.Attempt a = r.trace(third).attempts().get(0);
            assertThat(a.finalAnswer()).isEqualTo("0.33333");
            assertThat(a.correct()).as("rel_tol " + tolerance).isEqualTo(tolerance > 0);
            assertThat(a.checkerVerdicts()).as("the CAS is never consulted").doesNotContainKey("cas");
        }
    }

    @Test
    void templatesRenderPlaceholdersWithoutRescanningValues() {
        PromptTemplate t = new PromptTemplate("t", "P: {{problem}} / A: {{ attempt }}");
        assertThat(t.render(Map.of("problem", "{{attempt}} \\frac{1}{2}", "attempt", "x")))
                .isEqualTo("P: {{attempt}} \\frac{1}{2} / A: x");
        assertThatThrownBy(() -> t.render(Map.of("problem", "p"))).hasMessageContaining("{{attempt}}");
        assertThatThrownBy(() -> PromptTemplates.defaults().get("no.such")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pYesNormalisesAgainstTheOtherWordWhenItIsAnAlternative() {
        var yes = new org.errata.runtime.api.TokenLogprob(" Yes", Math.log(0.6),
                java.util.List.of(new org.errata.runtime.api.TokenLogprob.Alternative(" No", Math.log(0.2))));
        assertThat(ProblemSession.pYes(java.util.List.of(yes))).isCloseTo(0.75, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(ProblemSession.pYes(java.util.List.of())).isNull();
    }
}
