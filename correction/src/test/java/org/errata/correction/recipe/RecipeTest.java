package org.errata.correction.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.errata.correction.engine.Knob;
import org.errata.correction.engine.PromptTemplates;
import org.errata.correction.engine.StrategyRegistry;
import org.errata.correction.parse.ModelProfile;
import org.errata.correction.trace.Verdict;
import org.junit.jupiter.api.Test;

class RecipeTest {

    private static Recipe read(String yaml) throws RecipeException {
        return RecipeFiles.read(yaml, "my.yaml", Recipes::builtin);
    }

    @Test
    void everyBuiltInRecipeWritesAFileThatReadsBackTheSame() throws Exception {
        for (String id : Recipes.builtinIds()) {
            Recipe r = Recipes.builtin(id);
            assertThat(r.strategy()).isEqualTo(id);
            String file = RecipeFiles.write(r, "0.1.0");
            Recipe back = read(file);
            assertThat(back).as(id).isEqualTo(r);
            assertThat(RecipeFiles.write(back, "0.1.0")).as(id).isEqualTo(file);
            for (String t : r.strategyInstance().allTemplates()) {
                assertThat(r.prompts().get(t)).as(t).isEqualTo(PromptTemplates.bundled(t));
            }
        }
    }

    @Test
    void aStrategyRecordsOnlyTheKnobsItDeclaresWithItsOwnDefaults() {
        assertThat(Recipes.builtin("spoc").params()).containsExactly(
                java.util.Map.entry("max_turns", 3), java.util.Map.entry("spoc_mode", "single_pass"));
        assertThat(Recipes.builtin("s2r").params()).containsExactly(java.util.Map.entry("max_turns", 4));
        assertThat(Recipes.builtin("intrinsic").params()).containsExactly(java.util.Map.entry("max_turns", 2));
        assertThat(Recipes.builtin("score").params()).isEmpty();
        assertThat(Recipes.builtin("gsr").params()).containsExactly(java.util.Map.entry("samples", 4),
                java.util.Map.entry("refine_temperature", -1.0), java.util.Map.entry("candidate_order", "as_generated"),
                java.util.Map.entry("shuffle_seed", 0), java.util.Map.entry("candidate_max_chars", 0),
                java.util.Map.entry("refine_max_chars", 0));
        for (String id : StrategyRegistry.ids()) {
            assertThat(Recipes.builtin(id).strategyInstance().knobValues().keySet())
                    .containsExactlyElementsOf(StrategyRegistry.knobs(id).orElseThrow().stream().map(Knob::name).toList());
        }
    }

    @Test
    void aPartialFileTakesTheRestFromTheBuiltInRecipe() throws Exception {
        Recipe r = read("""
                strategy: spoc
                params:
                  max_turns: 2
                budgets:
                  tokens_per_call: 300
                """);
        assertThat(r.params()).containsEntry("max_turns", 2).containsEntry("spoc_mode", "single_pass");
        assertThat(r.tokensPerCall()).isEqualTo(300);
        assertThat(r.profile().speaks()).containsExactly("spoc");
        assertThat(r.runOptions(1).maxTokensPerCall()).isEqualTo(300);
    }

    @Test
    void anUnknownKeyNamesTheValidKeys() {
        assertThatThrownBy(() -> read("strategy: spoc\nparams:\n  max_turn: 3\n"))
                .hasMessageStartingWith("my.yaml:3: max_turn: unknown key in params; valid keys: max_turns, spoc_mode");
        assertThatThrownBy(() -> read("strategy: spoc\nbudget:\n  x: 1\n"))
                .hasMessageContaining("my.yaml:2: unknown key 'budget'").hasMessageContaining("budgets");
        assertThatThrownBy(() -> Recipes.builtin("spoc").with("samples", 3))
                .hasMessageContaining("unknown key 'samples'").hasMessageContaining("max_turns, spoc_mode, sampling.temperature");
    }

    @Test
    void aWrongTypeOrOutOfRangeValueNamesFileLineAndKey() {
        assertThatThrownBy(() -> read("strategy: spoc\n\nparams:\n  max_turns: three\n"))
                .hasMessage("my.yaml:4: max_turns: max_turns must be a whole number, not 'three'");
        assertThatThrownBy(() -> read("strategy: spoc\nparams:\n  max_turns: 0\n"))
                .hasMessage("my.yaml:3: max_turns: max_turns must be between 1 and 64, not 0");
        assertThatThrownBy(() -> read("strategy: spoc\nsampling:\n  temperature: hot\n"))
                .hasMessageStartingWith("my.yaml:3: sampling.temperature: ");
        assertThatThrownBy(() -> read("strategy: spoc\nparams:\n  spoc_mode: both\n"))
                .hasMessageContaining("my.yaml:3: spoc_mode: spoc_mode must be one of single_pass, turn_by_turn");
    }

    @Test
    void aTemplateWithAnUnknownVariableOrAPatternThatDoesNotCompileIsRefused() {
        assertThatThrownBy(() -> read("strategy: spoc\nprompts:\n  spoc.user: \"Solve {{question}}\"\n"))
                .hasMessageStartingWith("my.yaml:3: prompts.spoc.user: prompt spoc.user uses {{question}}")
                .hasMessageContaining("known: {{problem}}");
        assertThatThrownBy(() -> read("strategy: spoc\nprofile:\n  verdict_pattern: \"(unclosed\"\n"))
                .hasMessageStartingWith("my.yaml:3: profile.verdict_pattern: ")
                .hasMessageContaining("bad SPOC verdict regex");
    }

    @Test
    void aRecipeFromANewerErrataIsRefusedWithItsVersion() {
        assertThatThrownBy(() -> read("errata_recipe: 2\nerrata_version: 9.1.0\nstrategy: spoc\n"))
                .hasMessage("my.yaml: written by Errata 9.1.0 (recipe format 2); this Errata reads recipe format 1"
                        + " and older: update Errata to use it");
    }

    @Test
    void theProfileDecidesTheVerdictMarkerAndWords() throws Exception {
        Recipe r = read("""
                strategy: spoc
                profile:
                  verdict_marker: "Final verdict:"
                  yes_words: [correct]
                  no_words: [incorrect]
                """);
        ModelProfile p = r.profile();
        assertThat(p.verdictParser().parse("Check: fine.\nFinal verdict: correct").verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(p.verdictParser().parse("Final verdict: **Incorrect**.").verdict()).isEqualTo(Verdict.INCORRECT);
        assertThat(p.verdictParser().parse("Verification: Is the answer correct (Yes/No)? Yes").verdict())
                .isEqualTo(Verdict.UNPARSED);
        var m = p.verdictLine().matcher("x\nfinal verdict: **Correct**.\n");
        assertThat(m.find()).isTrue();
        assertThat(p.yes(m.group("verdict"))).isTrue();
    }

    @Test
    void setsFromACommandLineAreCheckedLikeFileValues() {
        Recipe r = Recipes.builtin("majority").with("weighted_vote", "true").with("profile.stop", "</s>, <|end|>");
        assertThat(r.strategyInstance().templates()).contains("verify.self");
        assertThat(r.profile().stop()).containsExactly("</s>", "<|end|>");
        assertThat(r.changedFrom(Recipes.builtin("majority"))).containsOnlyKeys("weighted_vote", "profile.stop");
        assertThat(List.of(Recipe.TOKENS_PER_CALL.help(), Recipe.TOKENS_PER_PROBLEM.help()))
                .allSatisfy(h -> assertThat(h).isNotBlank());
    }

    @Test
    void copySpecIsARuntimeKnobOfEveryRecipeAndRoundTripsThroughItsFile() throws Exception {
        for (String id : Recipes.builtinIds()) {
            assertThat(Recipes.builtin(id).copySpec()).as(id).isEqualTo(org.errata.runtime.api.CopySpec.on());
        }
        Recipe r = Recipes.builtin("s2r").with("runtime.copyspec", "off").with("runtime.copyspec_gamma", "4")
                .with("runtime.copyspec_max_draft", 8);
        assertThat(r.copySpec()).isEqualTo(new org.errata.runtime.api.CopySpec(false, 4, 8));
        assertThat(r.runtime()).containsExactly(java.util.Map.entry("copyspec", false),
                java.util.Map.entry("copyspec_gamma", 4), java.util.Map.entry("copyspec_max_draft", 8),
                java.util.Map.entry("top_logprobs", org.errata.runtime.api.RuntimeOptions.DEFAULT_TOP_LOGPROBS));
        org.errata.runtime.api.RuntimeOptions machine = org.errata.runtime.api.RuntimeOptions.defaults().withThreads(3);
        assertThat(r.runtimeOptions(machine)).isEqualTo(machine.withCopySpec(r.copySpec()));
        String text = RecipeFiles.write(r, "test");
        assertThat(text).contains("runtime:\n  copyspec: false\n  copyspec_gamma: 4\n  copyspec_max_draft: 8\n");
        assertThat(RecipeFiles.read(text, "t", Recipes::builtin)).isEqualTo(r);
        assertThatThrownBy(() -> Recipes.builtin("s2r").with("runtime.copyspec_gamma", 0))
                .hasMessageContaining("runtime.copyspec_gamma must be between 1 and 64");
    }

    @Test
    void theLogprobsAnEmbeddedModelRecordsAreARuntimeKnobOfEveryRecipe() throws Exception {
        for (String id : Recipes.builtinIds()) {
            assertThat(Recipes.builtin(id).runtime()).as(id)
                    .containsEntry("top_logprobs", org.errata.runtime.api.RuntimeOptions.DEFAULT_TOP_LOGPROBS);
        }
        Recipe off = Recipes.builtin("spoc").with("runtime.top_logprobs", -1);
        org.errata.runtime.api.RuntimeOptions machine = org.errata.runtime.api.RuntimeOptions.defaults();
        assertThat(off.runtimeOptions(machine).topLogprobs()).isEqualTo(-1);
        assertThat(Recipes.builtin("spoc").with("runtime.top_logprobs", 7).runtimeOptions(machine).topLogprobs()).isEqualTo(7);
        assertThat(RecipeFiles.read(RecipeFiles.write(off, "t"), "t", Recipes::builtin)).isEqualTo(off);
        assertThatThrownBy(() -> Recipes.builtin("spoc").with("runtime.top_logprobs", 21))
                .hasMessageContaining("runtime.top_logprobs must be between -1 and 20");
    }
}
