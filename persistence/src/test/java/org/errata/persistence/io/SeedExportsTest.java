package org.errata.persistence.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.errata.correction.engine.ModelSet;
import org.errata.correction.engine.RunEngine;
import org.errata.correction.engine.RunOptions;
import org.errata.correction.engine.RunRecords;
import org.errata.correction.engine.Strategy;
import org.errata.correction.engine.StrategyRegistry;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceWriter;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.fake.ScriptedLanguageModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed papers' exports (METHODS.md D) from runs of scripted models, stored in SQLite and
 * exported through {@link Exporter}: the exact lines each writes.
 */
class SeedExportsTest {
    @TempDir Path dir;
    Database db;

    static final String NO = "\nVerification: Is the answer correct (Yes/No)? No";
    static final String YES = "\nVerification: Is the answer correct (Yes/No)? Yes";

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("errata.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** A model that answers by the first key its prompt contains. */
    static ScriptedLanguageModel keyed(String id, String... keysAndAnswers) {
        return new ScriptedLanguageModel(id, (prompt, request, sample) -> {
            for (int i = 0; i < keysAndAnswers.length; i += 2) {
                if (prompt.contains(keysAndAnswers[i])) return keysAndAnswers[i + 1];
            }
            throw new IllegalStateException("no script for prompt: " + prompt);
        });
    }

    Run run(String strategy, Map<String, Object> knobs, ModelSet models, Problem... problems) throws Exception {
        new DatasetStore(db).saveProblems(problems[0].id().value().substring(0, problems[0].id().value().indexOf('/')), "jsonl", List.of(problems));
        Strategy s = StrategyRegistry.create(strategy, knobs).orElseThrow();
        RunOptions options = RunOptions.defaults().withSampling(SamplingConfig.greedy()).withMaxTokensPerCall(400);
        Run run = RunRecords.create(strategy, problems[0].id().value().substring(0, problems[0].id().value().indexOf('/')), s, models, options, "test-version", null);
        try (TraceWriter writer = new TraceWriter(db)) {
            new RunEngine(s, models, options).run(run, List.of(problems), Set.of(), writer, Cancellation.none());
        }
        return run;
    }

    String export(Run run, ExportFormat format) throws Exception {
        return export(run, format, null);
    }

    String export(Run run, ExportFormat format, java.util.function.ToIntFunction<String> tokens) throws Exception {
        Path out = dir.resolve(run.strategy() + "-" + format.wireName() + ".jsonl");
        new Exporter(db).exportRun(run.id(), format, out, true, tokens);
        return Files.readString(out).strip();
    }

    /** The golden lines in {@code seed/NAME} (test resources), one JSON object per line. */
    static String golden(String name) throws Exception {
        try (var in = SeedExportsTest.class.getResourceAsStream("seed/" + name)) {
            return new String(java.util.Objects.requireNonNull(in, name).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        }
    }

    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    static List<com.fasterxml.jackson.databind.JsonNode> parse(String lines) throws Exception {
        List<com.fasterxml.jackson.databind.JsonNode> out = new java.util.ArrayList<>();
        for (String l : lines.split("\n")) out.add(JSON.readTree(l));
        return out;
    }

    static final Problem SC1 = Problem.of("sc", "1", "What is 17 + 25 * 2?", "67");
    static final Problem SC2 = Problem.of("sc", "2", "What is 2 + 3?", "5");

    /**
     * SuperCorrect on two problems: sc/2 solved at once; sc/1 wrong at step 2, the teacher first
     * blames step 1, the inspector flags that, the revised analysis (step 2) passes; the student's
     * own check also names step 2 but with a wrong analysis; the re-attempt continues from step 2.
     */
    Run superCorrect() throws Exception {
        ScriptedLanguageModel student = keyed("student",
                "Guidance for the next step", "<Step2>17 + 50 = 67</Step2>\n<Answer>\\boxed{67}</Answer>",
                "You are checking your own solution", "<FirstError step=\"2\"/>\n<Analysis>Maybe 17 + 50 is 66.</Analysis>\n<Correction>Use 66.</Correction>",
                "What is 17 + 25 * 2?", "<Step1>25 * 2 = 50</Step1>\n<Step2>17 + 50 = 68</Step2>\n<Answer>\\boxed{68}</Answer>",
                "What is 2 + 3?", "<Step1>2 + 3 = 5</Step1>\n<Answer>\\boxed{5}</Answer>");
        ScriptedLanguageModel teacher = keyed("teacher",
                "An inspector found", "<FirstError step=\"2\"/>\n<Analysis>17 + 50 is 67, not 68.</Analysis>\n<Correction>Recompute 17 + 50 = 67.</Correction>",
                "Reference solution", "<FirstError step=\"1\"/>\n<Analysis>Step 1 is wrong.</Analysis>\n<Correction>Redo step 1.</Correction>");
        ScriptedLanguageModel inspector = keyed("inspector",
                "Step 1 is wrong.", "Step 1 is right; the teacher blamed the wrong step." + NO,
                "17 + 50 is 67, not 68.", "The analysis is right." + YES);
        return run("supercorrect", Map.of(), ModelSet.of(student).withTeacher(teacher).withInspector(inspector), SC1, SC2);
    }

    @Test
    void superCorrectHsftCarriesTheHierarchicalThoughtSystemPromptAndNeverARe_attempt() throws Exception {
        String sft = export(superCorrect(), ExportFormat.TRL_SFT);
        assertThat(sft).isEqualTo(golden("supercorrect-hsft.jsonl"));
        var line = parse(sft).getFirst();
        assertThat(line.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(line.at("/messages/0/content").asText()).contains("<Step1>").contains("<Key>").contains("<Generalized>").contains("<Answer>");
        assertThat(line.at("/messages/1/content").asText()).isEqualTo("What is 2 + 3?");
        // sc/1's re-attempt is right, but it continues from step 2: it is no solution of the bare problem.
        assertThat(sft).doesNotContain("17 + 50 = 67");
    }

    @Test
    void superCorrectPairsAnalyseTheSameStepInTheInferenceFormatWithoutGivingItAway() throws Exception {
        Run run = superCorrect();
        String dpo = export(run, ExportFormat.OPENRLHF_DPO);
        assertThat(dpo).isEqualTo(golden("supercorrect-dpo.jsonl"));
        var pair = parse(dpo).getFirst();
        // The prompt is the correction request the student answers at inference: no reference, no gold, no step named.
        assertThat(pair.get("prompt").asText()).startsWith("You are checking your own solution").doesNotContain("67")
                .doesNotContain("Step 2 is").doesNotContain("Reference");
        assertThat(pair.get("chosen").asText()).startsWith("<FirstError step=\"2\"/>\n<Analysis>");
        assertThat(pair.get("rejected").asText()).startsWith("<FirstError step=\"2\"/>\n<Analysis>");
        assertThat(export(run, ExportFormat.TRL_DPO)).isEqualTo(golden("supercorrect-trl-dpo.jsonl"));
    }

    @Test
    void superCorrectStepLabelsUseTheLocationThatSurvivedInspection() throws Exception {
        // The teacher's first location (step 1) was flagged; the surviving one is step 2.
        assertThat(export(superCorrect(), ExportFormat.TRL_PRM)).isEqualTo(
                "{\"id\":\"sc/1\",\"prompt\":\"What is 17 + 25 * 2?\",\"completions\":[\"25 * 2 = 50\",\"17 + 50 = 68\"],"
                + "\"labels\":[true,false],\"source\":\"located:teacher\"}");
    }

    @Test
    void superCorrectGivesNoPairWhenTheStudentAnalysedAnotherStep() throws Exception {
        ScriptedLanguageModel student = keyed("student",
                "Guidance for the next step", "<Step2>17 + 50 = 67</Step2>\n<Answer>\\boxed{67}</Answer>",
                "You are checking your own solution", "<FirstError step=\"1\"/>\n<Analysis>Maybe 25 * 2 is 52.</Analysis>\n<Correction>Use 52.</Correction>",
                "What is 17 + 25 * 2?", "<Step1>25 * 2 = 50</Step1>\n<Step2>17 + 50 = 68</Step2>\n<Answer>\\boxed{68}</Answer>");
        ScriptedLanguageModel teacher = keyed("teacher",
                "Reference solution", "<FirstError step=\"2\"/>\n<Analysis>17 + 50 is 67, not 68.</Analysis>\n<Correction>Recompute 17 + 50 = 67.</Correction>");
        ScriptedLanguageModel inspector = keyed("inspector", "17 + 50 is 67, not 68.", "Right." + YES);
        Run run = run("supercorrect", Map.of(), ModelSet.of(student).withTeacher(teacher).withInspector(inspector), SC1);
        assertThat(export(run, ExportFormat.TRL_DPO)).isEmpty();
        assertThatThrownBy(() -> new Exporter(db).exportRun(run.id(), ExportFormat.TRL_DPO, dir.resolve("none.jsonl"), false))
                .isInstanceOf(Exporter.EmptyExportException.class).hasMessageStartingWith("0 DPO pairs:");
    }

    static final String S2R_RIGHT = "2+3=6. \\boxed{6}\n\nWait, let me recheck my solution.\n\nUse subtraction: 6-3=3, not 2. The answer is incorrect."
            + "\n\nLet me try again.\n\n2+3=5. \\boxed{5}\n\nWait, let me recheck my solution.\n\nUse subtraction: 5-3=2. The answer is correct.";

    /** s/1 corrects itself and its verdicts tell the truth; s/2 stays wrong and its verification says correct. */
    Run s2r() throws Exception {
        ScriptedLanguageModel m = keyed("m",
                "What is 2+3?", S2R_RIGHT,
                "What is 4+4?", "4+4=9. \\boxed{9}\n\nWait, let me recheck my solution.\n\nUse subtraction: 9-4=5. The answer is correct.");
        return run("s2r", Map.of(), ModelSet.of(m), Problem.of("s", "1", "What is 2+3?", "5"), Problem.of("s", "2", "What is 4+4?", "8"));
    }

    @Test
    void s2rSftIsConversationalWithTheSystemTurnInsideThePrompt() throws Exception {
        String sft = export(s2r(), ExportFormat.TRL_SFT);
        assertThat(sft).isEqualTo(golden("s2r-sft.jsonl"));
        var line = parse(sft).getFirst();
        assertThat(line.at("/prompt/0/role").asText()).isEqualTo("system");
        assertThat(line.at("/prompt/0/content").asText()).isEqualTo("Please reason step by step, and put your final answer within \\boxed{}.");
        assertThat(line.has("system")).as("no side key a trainer ignores").isFalse();
        assertThat(line.at("/completion/0/content").asText()).isEqualTo(S2R_RIGHT);
    }

    @Test
    void s2rPartialTrajectoriesMoveEachPrefixOfActionsIntoThePrompt() throws Exception {
        String partial = export(s2r(), ExportFormat.TRL_SFT_PARTIAL);
        assertThat(partial).isEqualTo(golden("s2r-partial.jsonl"));
        for (var line : parse(partial)) {
            // prefix + completion is the whole stream, cut where an action starts
            assertThat(line.at("/prompt/2/role").asText()).isEqualTo("assistant");
            assertThat(line.at("/prompt/2/content").asText() + line.at("/completion/0/content").asText()).isEqualTo(S2R_RIGHT);
        }
    }

    @Test
    void s2rRewardsAreOutcomeLevelAndPerAction() throws Exception {
        String rewards = export(s2r(), ExportFormat.REWARDS);
        assertThat(rewards).isEqualTo(golden("s2r-rewards.jsonl"));
        var lied = parse(rewards).get(1);
        assertThat(lied.get("reward_dist").asText()).isEqualTo("R-R-");  // a wrong answer, and a verdict that called it correct
        assertThat(lied.get("outcome_reward").asDouble()).isEqualTo(-1.0);
        var right = parse(rewards).getFirst();
        String completion = right.at("/completion/0/content").asText();
        assertThat(completion.substring(right.at("/action_spans/1/0").asInt(), right.at("/action_spans/1/1").asInt()))
                .isEqualTo("Use subtraction: 6-3=3, not 2. The answer is incorrect.");
    }

    /** Counts tokens as the scripted models do (a stand-in for a trainer's tokenizer). */
    static final ScriptedLanguageModel SCRIPTED = ScriptedLanguageModel.replaying();

    /** A single-pass SPOC stream: wrong, "No", right, "Yes". */
    Run spocRun() throws Exception {
        ScriptedLanguageModel spoc = keyed("m", "What is 2+3?", "2+3=6, so \\boxed{6}." + NO + "\n\n2+3=5, so \\boxed{5}." + YES);
        return run("spoc", Map.of(), ModelSet.of(spoc), Problem.of("sp", "1", "What is 2+3?", "5"));
    }

    /** Best-of-3 with self-verification: wrong + true "No", right + true "Yes", wrong + a "Yes" that lies. */
    Run bestOfNRun() throws Exception {
        ScriptedLanguageModel bon = new ScriptedLanguageModel("m", (prompt, request, sample) -> {
            if (prompt.contains("Solution:\n2+3=6")) return "6-3 is 3, not 2." + NO;
            if (prompt.contains("Solution:\n2+3=5")) return "5-3 is 2." + YES;
            if (prompt.contains("Solution:\n2+3=7")) return "7-3 is 4, close enough." + YES;
            return List.of("2+3=6, so \\boxed{6}.", "2+3=5, so \\boxed{5}.", "2+3=7, so \\boxed{7}.").get(sample);
        });
        return run("best-of-n", Map.of("samples", 3), ModelSet.of(bon), Problem.of("bn", "1", "What is 2+3?", "5"));
    }

    @Test
    void spocStreamsHaveASidecarWithCharacterAndTokenOffsetsVerdictsAndCorrectness() throws Exception {
        Run run = spocRun();
        String sft = export(run, ExportFormat.TRL_SFT, SCRIPTED::countTokens);
        assertThat(sft).isEqualTo(golden("spoc-sft.jsonl"));
        String sidecar = Files.readString(Exporter.sidecar(dir.resolve("spoc-trl-sft.jsonl"))).strip();
        assertThat(sidecar).isEqualTo(golden("spoc-sft.sidecar.jsonl"));
        String completion = parse(sft).getFirst().at("/completion/0/content").asText();
        for (var m : parse(sidecar).getFirst().get("messages")) {
            int start = m.get("char_start").asInt();
            int end = m.get("char_end").asInt();
            assertThat(m.get("token_start").asInt()).isEqualTo(SCRIPTED.countTokens(completion.substring(0, start)));
            assertThat(m.get("token_end").asInt()).isEqualTo(SCRIPTED.countTokens(completion.substring(0, end)));
            if (m.get("kind").asText().equals("verification")) {
                assertThat(completion.substring(start, end)).endsWith(m.get("verdict").asText().equals("yes") ? YES.strip() : NO.strip());
            }
        }
    }

    @Test
    void spocPairSftIsSynthesisedFromIndependentSelfCheckedSamples() throws Exception {
        Run run = bestOfNRun();
        String pairs = export(run, ExportFormat.SPOC_PAIRSFT, SCRIPTED::countTokens);
        assertThat(pairs).isEqualTo(golden("spoc-pairsft.jsonl"));
        assertThat(pairs).doesNotContain("2+3=7");
        assertThat(Files.readString(Exporter.sidecar(dir.resolve("best-of-n-spoc-pairsft.jsonl"))).strip())
                .isEqualTo(golden("spoc-pairsft.sidecar.jsonl"));
    }

    @Test
    void newTrainingFormatsThatYieldNothingSayWhy() throws Exception {
        Run run = superCorrect();
        assertThatThrownBy(() -> new Exporter(db).exportRun(run.id(), ExportFormat.TRL_SFT_PARTIAL, dir.resolve("p.jsonl"), false))
                .hasMessageStartingWith("0 partial trajectories: no trace of strategy supercorrect is a verified stream")
                .hasMessageContaining("--allow-empty");
        assertThatThrownBy(() -> new Exporter(db).exportRun(run.id(), ExportFormat.REWARDS, dir.resolve("r.jsonl"), false))
                .hasMessageStartingWith("0 reward lines:");
        assertThat(dir.resolve("p.jsonl")).doesNotExist();
        assertThat(dir.resolve("r.jsonl")).doesNotExist();
    }

    @Test
    void gsrRefineItemsCarryThePromptTheRefineCallWasGivenUnderTheRunsOrderAndCuts() throws Exception {
        Problem p = Problem.of("gs", "1", "What is 2 + 3?", "5");
        new DatasetStore(db).saveProblems("gs", "jsonl", List.of(p));
        List<String> candidates = List.of("One: 2 + 3 = 5, so the answer is $\\boxed{5}$.",
                "Two: three more than two is five, $\\boxed{5}$.", "Three: 5 - 3 = 2 checks it; $\\boxed{5}$.",
                "Four: counting up from 2 by 3 gives $\\boxed{5}$.");
        String[] refinePrompt = {null};
        ScriptedLanguageModel model = new ScriptedLanguageModel("m", (prompt, request, sample) -> {
            if (prompt.contains("Candidate solution 1")) {
                refinePrompt[0] = prompt;
                return "Refined: 2 + 3 = 5. $\\boxed{5}$";
            }
            return candidates.get(sample);
        });
        org.errata.correction.recipe.Recipe recipe = org.errata.correction.recipe.Recipes.builtin("gsr")
                .with("candidate_order", "shuffled").with("shuffle_seed", 7).with("candidate_max_chars", 30);
        Strategy s = recipe.strategyInstance();
        RunOptions options = RunOptions.defaults().withSampling(SamplingConfig.greedy()).withMaxTokensPerCall(400);
        ModelSet models = ModelSet.of(model);
        Run run = RunRecords.create("gsr", "gs", s, models, options, "test-version", null,
                org.errata.correction.recipe.RecipeFiles.write(recipe, "test-version"));
        try (TraceWriter writer = new TraceWriter(db)) {
            new RunEngine(s, models, options).run(run, List.of(p), Set.of(), writer, Cancellation.none());
        }
        assertThat(refinePrompt[0]).as("the refine call was made").isNotNull();
        com.fasterxml.jackson.databind.JsonNode refine = parse(export(run, ExportFormat.TRL_SFT)).stream()
                .filter(l -> l.path("id").asText().endsWith("#refine")).findFirst().orElseThrow();
        String exported = refine.at("/prompt/0/content").asText();
        assertThat(exported).contains("Candidate solution 4").contains("[...]");
        assertThat(refinePrompt[0]).as("the exported prompt is the one the model saw").contains(exported);
        // Under the defaults (generated order, whole candidates) the listing would differ: the knobs count.
        assertThat(exported).doesNotContain(candidates.get(0));
    }
}
