package org.errata.correction.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.errata.correction.engine.ModelSet;
import org.errata.correction.engine.RunEngine;
import org.errata.correction.engine.RunRecords;
import org.errata.correction.engine.TraceCollector;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.fake.ScriptedLanguageModel;
import org.junit.jupiter.api.Test;

/** The model profile's stop strings and chat template reach the student's calls. */
class RecipeProfileTest {

    @Test
    void stopStringsEndTheStudentsCallsAndAChatTemplateRendersItsPrompts() {
        Recipe r = Recipes.builtin("self-refine").with("max_turns", 1)
                .with("profile.stop", "<|end|>")
                .with("profile.chat_template", "{% for m in messages %}<<{{ m['role'] }}>> {{ m['content'] }}\n{% endfor %}<<assistant>>");
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying("So \\boxed{67}.<|end|> and text the model must not keep",
                "The answer is correct.");
        Problem problem = Problem.of("test", "1", "What is 17 + 25 * 2?", "67");
        ModelSet models = ModelSet.of(model);
        Run run = RunRecords.create("t", "test", r.strategyInstance(), models, r.runOptions(1), "test", null);
        TraceCollector traces = new TraceCollector();
        new RunEngine(r.strategyInstance(), models, r.runOptions(1)).run(run, List.of(problem), Set.of(), traces,
                Cancellation.none());

        assertThat(model.prompts().get(0)).startsWith("<<user>> ").endsWith("<<assistant>>")
                .contains("What is 17 + 25 * 2?");
        var attempt = traces.trace(problem.id()).orElseThrow().attempts().get(0);
        assertThat(attempt.text()).isEqualTo("So \\boxed{67}.");
        assertThat(attempt.correct()).isTrue();
    }
}
