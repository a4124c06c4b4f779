package org.errata.correction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.recipe.Recipes;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Step;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.fake.ScriptedLanguageModel;
import org.junit.jupiter.api.Test;

/** SuperCorrect's evaluation: the hierarchical-thought system prompt, no gold in any prompt, graded on {@code <Answer>}. */
class SuperCorrectEvalStrategyTest {

    static final Problem WITH_REFERENCE = new Problem(ProblemId.of("test", "2"), "test", "2", "What is 17 + 25 * 2?",
            "67", "Multiply first: 25 * 2 = 50, then 17 + 50 = 67.", null, null, Map.of());

    @Test
    void solvesWithTheHierarchicalThoughtSystemPromptAndGradesTheAnswerElement() {
        Recipe recipe = Recipes.builtin("supercorrect-eval");
        ScriptedLanguageModel model = new ScriptedLanguageModel("sc", StrategiesTest.replay(
                "<Step1>25 * 2 = 50, a first guess was \\boxed{50}.\n<Key>Products before sums.</Key></Step1>\n"
                        + "<Step2>17 + 50 = 67</Step2>\n<Generalized>Order of operations.</Generalized>\n"
                        + "<Answer>\\boxed{67}</Answer>",
                "<Step1>17 + 25 = 42</Step1>\n<Step2>42 * 2 = 84</Step2>\n<Generalized>Left to right.</Generalized>\n"
                        + "<Answer>84</Answer> so the total is \\boxed{67}"));
        Harness.Result r = Harness.run(recipe.strategyInstance(), ModelSet.of(model), recipe.runOptions(1),
                List.of(Harness.PROBLEM, WITH_REFERENCE), Set.of(), Cancellation.none());

        String system = "Solve the math problem below step by step, writing every step inside numbered XML tags:"
                + " <Step1></Step1>, <Step2></Step2>, and so on. When a step is difficult or easy to get wrong, add inside"
                + " that step a note within <Key></Key> that explains and analyses it, to remind yourself how to reason"
                + " correctly. After the last step, sum up the general method and the reasoning that carries over to"
                + " similar problems within <Generalized></Generalized>. Finally give the final answer within"
                + " <Answer></Answer>.";
        assertThat(model.prompts()).containsExactlyInAnyOrder(
                "<system>\n" + system + "\n</system>\n<user>\nWhat is 17 + 25 * 2?\n</user>\n<assistant>\n",
                "<system>\n" + system + "\n</system>\n<user>\nWhat is 17 + 25 * 2?\n</user>\n<assistant>\n");
        assertThat(model.prompts()).noneMatch(p -> p.contains("67") || p.contains("Multiply first") || p.contains("eference"));

        Attempt right = r.trace(Harness.PROBLEM).attempts().get(0);
        assertThat(right.finalAnswer()).isEqualTo("67");
        assertThat(right.correct()).isTrue();
        assertThat(r.trace(Harness.PROBLEM).nodes(Step.class).toList()).extracting(s -> s.text(right.text()))
                .containsExactly("25 * 2 = 50, a first guess was \\boxed{50}.\n<Key>Products before sums.</Key>", "17 + 50 = 67");
        // the box after the answer element is not the answer: the paper reads <Answer>
        Attempt wrong = r.trace(WITH_REFERENCE).attempts().get(0);
        assertThat(wrong.finalAnswer()).isEqualTo("84");
        assertThat(wrong.correct()).isFalse();

        assertThat(r.run().strategy()).isEqualTo("supercorrect-eval");
        assertThat(r.run().usesGold()).isFalse();
        assertThat(r.run().prompts()).containsOnlyKeys("supercorrect.system", "supercorrect.eval-user");
        assertThat(r.run().models()).extracting(m -> m.role()).containsExactly("student");
        assertThat(recipe.profile().answerFormat()).isEqualTo("answer_tag");
        assertThat(recipe.profile().segmenterId()).isEqualTo("xml_step");
        assertThat(recipe.sampling().temperature()).isEqualTo(0.7);
        assertThat(recipe.tokensPerCall()).isEqualTo(2048);
        assertThat(Recipes.builtinIds()).contains("supercorrect-eval");
    }
}
