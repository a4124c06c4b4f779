package org.errata.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.engine.ModelSet;
import org.errata.correction.engine.RunEngine;
import org.errata.correction.engine.RunOptions;
import org.errata.correction.engine.RunRecords;
import org.errata.correction.engine.Strategy;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.recipe.Recipes;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.errata.persistence.trace.TraceWriter;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.LanguageModels;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.trainer.data.EngineTranscript;
import org.errata.trainer.data.HeldOutSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in recipe run with the bundled demo model on the first 10 held-out problems and one it slips on,
 * through the real runtime, engine and SQLite store, with the recipe as shipped (its prompts,
 * sampling and budgets). Each trace read back from the store must have the nodes its strategy
 * promises, and the model's answers must be what the strategy's parsers read: at least 80 % of
 * answers extracted everywhere, and of verdicts parsed for the recipes it was trained on (the
 * trainer's formats). Best-of-N, majority vote and Reflexion reuse the chat solution it was trained
 * on, but their own prompts (Best-of-N's {@code verify.self}, Reflexion's lesson) were not in its
 * training, so for them only the nodes are checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoModelEveryStrategyTest {

    static final int PROBLEMS = 10;

    /**
     * Besides the first {@link #PROBLEMS}, the problem the bundled model slips on under SPOC
     * ({@link DemoSpocRun#SLIPS_AND_CORRECTS}): whether a model slips on the first ten under a
     * recipe's sampling depends on the weights (the model bundled on the afternoon of 2026-12-07 slipped
     * on none of them), so this one keeps the promises made after a wrong attempt tested.
     */
    static final int SLIPS = Integer.parseInt(DemoSpocRun.SLIPS_AND_CORRECTS.key());

    /** A promise about one strategy's traces: a name for the failure message and the check. */
    record Promise(String what, Predicate<Trace> holds) {}

    /** Nodes every trace of the strategy has. */
    static Promise has(Class<? extends TraceNode> type) {
        return new Promise("a " + type.getSimpleName(), t -> t.nodes(type).findAny().isPresent());
    }

    static Promise attempts(int atLeast) {
        return new Promise(atLeast + " attempts", t -> t.attempts().size() >= atLeast);
    }

    /** The first attempt is cut into steps, not held whole by one. */
    static final Promise STEPS = new Promise("a first attempt of two or more steps", t -> {
        Attempt first = t.attempts().stream().min(java.util.Comparator.comparingInt(Attempt::seq)).orElseThrow();
        return t.nodes(Step.class).filter(s -> s.parent().equals(first.id())).count() >= 2;
    });

    /** What each strategy promises on every trace, and what it promises on some trace of ten (after a wrong attempt). */
    static final Map<String, List<Promise>> EVERY = new LinkedHashMap<>();
    static final Map<String, List<Promise>> SOME = new LinkedHashMap<>();

    static {
        EVERY.put("spoc", List.of(has(Attempt.class), STEPS, has(Verification.class)));
        SOME.put("spoc", List.of(attempts(2)));
        EVERY.put("s2r", List.of(has(Attempt.class), STEPS, has(Verification.class)));
        SOME.put("s2r", List.of(attempts(2)));
        EVERY.put("self-refine", List.of(attempts(1), has(Verification.class)));
        SOME.put("self-refine", List.of(attempts(2)));
        EVERY.put("intrinsic", List.of(attempts(2), has(Verification.class)));
        SOME.put("intrinsic", List.of());
        EVERY.put("score", List.of(attempts(2)));
        SOME.put("score", List.of());
        EVERY.put("gsr", List.of(attempts(2), has(Aggregate.class)));
        SOME.put("gsr", List.of());
        EVERY.put("critic", List.of(has(Attempt.class), has(Verification.class)));
        SOME.put("critic", List.of(has(ErrorLocation.class)));
        EVERY.put("supercorrect", List.of(has(Attempt.class), STEPS));
        SOME.put("supercorrect", List.of(has(Verification.class), has(ErrorLocation.class), has(Correction.class), attempts(2)));
        EVERY.put("supercorrect-eval", List.of(has(Attempt.class), STEPS));
        SOME.put("supercorrect-eval", List.of());
        EVERY.put("reflexion", List.of(has(Attempt.class), has(Verification.class)));
        SOME.put("reflexion", List.of(has(Correction.class), attempts(2)));
        EVERY.put("best-of-n", List.of(attempts(2), has(Verification.class), has(Aggregate.class)));
        SOME.put("best-of-n", List.of());
        EVERY.put("majority", List.of(attempts(2), has(Aggregate.class)));
        SOME.put("majority", List.of());
    }

    @TempDir
    Path tmp;
    private LanguageModel model;
    private Database db;
    private final List<Problem> problems = new ArrayList<>();

    @BeforeAll
    void open(@TempDir Path dir) throws Exception {
        Path folder = DemoSpocRun.modelFolder(dir);
        model = LanguageModels.open(folder.toString(), RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.CPU));
        db = Database.open(dir.resolve("errata.db"));
        var heldOut = HeldOutSet.problems();
        for (int i = 0; i < PROBLEMS; i++) {
            problems.add(EngineTranscript.problem("demo-heldout", Integer.toString(i), heldOut.get(i)));
        }
        problems.add(EngineTranscript.problem("demo-heldout", Integer.toString(SLIPS), heldOut.get(SLIPS)));
    }

    @AfterAll
    void close() throws Exception {
        db.close();
        model.close();
    }

    static List<String> recipes() {
        return Recipes.builtinIds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void everyTraceHasTheNodesItsStrategyPromises(String id) throws Exception {
        assertThat(EVERY).as("a promise for every built-in recipe").containsKey(id);
        Recipe recipe = Recipes.builtin(id);
        Strategy strategy = recipe.strategyInstance();
        RunOptions options = recipe.runOptions(problems.size());
        ModelSet models = ModelSet.of(model);
        Run run = RunRecords.create("demo " + id, "demo-heldout", strategy, models, options, "test", null);
        TraceStore store = new TraceStore(db);
        store.saveRun(run);
        try (TraceWriter writer = new TraceWriter(db)) {
            new RunEngine(strategy, models, options).run(run, problems, Set.of(), LoopListener.all(writer), Cancellation.none());
            writer.flush();
        }
        List<Trace> traces = new ArrayList<>();
        for (Problem p : problems) {
            traces.add(store.loadTrace(run.id(), p.id()));
        }
        for (Trace t : traces) {
            for (Promise promise : EVERY.get(id)) {
                assertThat(promise.holds().test(t)).as("%s: trace of problem %s has %s", id, t.problem(), promise.what())
                        .isTrue();
            }
        }
        for (Promise promise : SOME.get(id)) {
            assertThat(traces.stream().anyMatch(promise.holds())).as("%s: some trace of %d has %s", id, traces.size(), promise.what())
                    .isTrue();
        }
        // the model writes what the parsers read: answers are extracted, verdicts are Yes or No
        List<Attempt> attempts = traces.stream().flatMap(t -> t.attempts().stream()).toList();
        long answered = attempts.stream().filter(a -> a.finalAnswer() != null).count();
        assertThat(answered).as("%s: attempts with an extracted answer, of %d", id, attempts.size())
                .isGreaterThanOrEqualTo(Math.round(0.8 * attempts.size()));
        List<Verification> verdicts = traces.stream().flatMap(t -> t.nodes(Verification.class)).toList();
        long parsed = verdicts.stream().filter(v -> v.verdict() != Verdict.UNPARSED).count();
        if (java.util.Arrays.stream(org.errata.trainer.data.DemoFormat.values()).anyMatch(f -> f.recipe().equals(id))) {
            assertThat(parsed).as("%s: parsed verdicts, of %d", id, verdicts.size())
                    .isGreaterThanOrEqualTo(Math.round(0.8 * verdicts.size()));
        }
    }
}
