package org.errata.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verification;
import org.errata.persistence.db.Database;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.trace.TraceStore;
import org.errata.trainer.DemoModelMaker;
import org.errata.trainer.data.ArithmeticProblem;
import org.errata.trainer.data.FormatMixture;
import org.errata.trainer.data.SpocFormat;
import org.errata.trainer.eval.DemoEvaluator;
import org.errata.trainer.train.TrainConfig;
import org.errata.trainer.train.TrainPlan;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.errata.app.Main;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code errata train-demo}: regenerates the synthetic data and retrains the bundled demo model on
 * the CPU (its two stages, {@link TrainPlan#bundled}, or one stage the options ask for), writing the
 * model folder; optionally evaluates it on held-out problems.
 */
@Command(name = "train-demo", mixinStandardHelpOptions = true,
        description = "Regenerate the data and retrain the bundled toy demo model (CPU, DJL).")
public final class TrainDemoCommand implements Callable<Integer> {

    @Option(names = "--seed", defaultValue = "1", description = "Seed of data, initialisation and order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Model folder to write (default: the assets module's demo-model folder, else ./demo-model).")
    Path out;

    @Option(names = "--steps", paramLabel = "N",
            description = "Train one stage of N steps (sets its learning-rate schedule) instead of the two stages of the bare command's plan.")
    @Nullable Integer steps;

    @Option(names = "--minutes", defaultValue = "0", description = "Also stop each stage after this many minutes (0: no limit; a stopped run is not reproducible).")
    double minutes;

    @Option(names = "--mixture", paramLabel = "RECIPE=W,...",
            description = "Train one stage drawing each format this often, by recipe id (spoc, s2r, self-refine, intrinsic, score, gsr, "
                    + "critic, supercorrect, supercorrect-eval), `every` for the second stage of the bare command's plan, or `all` and `focused` (the weights of earlier models' stages). "
                    + "Without --steps, --mixture, --lr and --start-from: a plan of two stages (SPOC from fresh weights, "
                    + "then every format).")
    @Nullable String mixture;

    @Option(names = "--shape", paramLabel = "H,L,A,F",
            description = "Model shape: hidden size, layers, heads, intermediate size (default: the demo's 128,4,4,384).")
    @Nullable String shape;

    @Option(names = "--start-from", paramLabel = "DIR",
            description = "Start from the weights of this model folder instead of fresh ones (a SPOC-only model may start an "
                    + "every-format one: the new vocabulary's rows start fresh).")
    @Nullable Path startFrom;

    @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate (default: 3e-3 from fresh weights, 1e-3 with --start-from).")
    @Nullable Float learningRate;

    @Option(names = "--batch", defaultValue = "16", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threads", defaultValue = "2", description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--eval", defaultValue = "0", paramLabel = "N", description = "Afterwards, sample the model on the first N held-out problems and print the figures.")
    int eval;

    @Option(names = "--eval-only", description = "Do not train: only evaluate the folder given by --out.")
    boolean evalOnly;

    @Option(names = "--eval-all", description = "Do not train: run every strategy the demo model speaks through the engine with its "
            + "built-in recipe on the first N held-out problems (--eval N, default 500) of the folder given by --out, and print one table.")
    boolean evalAll;

    @Option(names = "--card", description = "With --eval-all, also write the table, and how it was measured, into the folder's model card.")
    boolean card;

    @Option(names = "--eval-max-tokens", defaultValue = "0", paramLabel = "N", hidden = true,
            description = "With --eval-all, cap every call at N tokens (a smoke test; 0: the recipes' budgets).")
    int evalMaxTokens;

    @Option(names = "--temperature", defaultValue = "0.8", description = "Sampling temperature of the evaluation (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--max-turns", defaultValue = "3", description = "Solutions counted per problem in the evaluation (default: ${DEFAULT-VALUE}).")
    int maxTurns;

    @Option(names = "--heldout-out", paramLabel = "FILE", description = "Also write the 500 held-out problems (GSM8K-style JSONL) to FILE.")
    Path heldOut;

    @Option(names = "--score-run", paramLabel = "RUN",
            description = "Do not train: score a stored run of the demo model (from --db) against the true steps of each problem, "
                    + "including first-error-step accuracy on wrong attempts, which `metrics` cannot know.")
    @Nullable String scoreRun;

    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (scoreRun != null) {
            return scoreStoredRun(scoreRun);
        }
        Path dir = out != null ? out : defaultOut();
        if (heldOut != null) {
            DemoModelMaker.writeHeldOut(heldOut);
            System.out.println("wrote held-out problems to " + heldOut);
        }
        if (evalAll) {
            int count = eval > 0 ? eval : 500;
            String load = org.errata.runtime.reference.LoadAverage.text(" ", "unknown");
            long t0 = System.nanoTime();
            var rows = DemoModelMaker.evaluateAll(dir, count, temperature, seed, threads, evalMaxTokens, System.err);
            String table = org.errata.trainer.eval.StrategyScores.table(rows);
            PrintWriter w = spec.commandLine().getOut();
            w.printf(java.util.Locale.ROOT, "%d held-out problems, temperature %s, seed %d, model %s%n%n", rows.get(0).problems(),
                    temperature, seed, dir);
            w.print(table);
            w.flush();
            if (card) {
                DemoModelMaker.recordEvaluation(dir, String.format(java.util.Locale.ROOT,
                        "`./errata train-demo --eval-all --out DIR` (every built-in recipe through the engine, the model in every "
                                + "role, %d held-out problems, temperature %s, seed %d, %d threads): %.0f minutes, load average %s "
                                + "before and %s after.%n%n%s", rows.get(0).problems(), temperature, seed, threads,
                        (System.nanoTime() - t0) / 6e10, load, org.errata.runtime.reference.LoadAverage.text(" ", "unknown"), table));
                w.println("wrote the table into " + dir.resolve("MODEL_CARD.md"));
                w.flush();
            }
            return 0;
        }
        if (!evalOnly) {
            DemoModelMaker.make(plan(), shape, startFrom, dir, System.out);
        }
        if (eval > 0 || evalOnly) {
            DemoModelMaker.evaluate(dir, eval > 0 ? eval : 500, temperature, seed, maxTurns, threads, System.out);
        }
        return 0;
    }

    /** The bundled model's plan, or the one stage the options ask for; thread count, batch and time limit apply to every stage. */
    TrainPlan plan() {
        TrainPlan plan;
        if (steps == null && mixture == null && learningRate == null && startFrom == null) {
            plan = TrainPlan.bundled(seed);
        } else {
            TrainConfig one = TrainPlan.singleStage(seed, startFrom != null);
            if (mixture != null) one = one.withMixture(FormatMixture.parse(mixture));
            if (steps != null) one = one.withSteps(steps);
            if (learningRate != null) one = one.withLearningRate(learningRate);
            plan = TrainPlan.of(one);
        }
        return plan.map(c -> c.withMaxMinutes(minutes).withBatchSize(batch).withThreads(threads));
    }

    /**
     * Reads each finished trace of {@code id} back as the text the model wrote (its attempts and
     * verifications are consecutive pieces of it, in node order, a blank line before each piece
     * after the first) and scores it like a fresh evaluation.
     */
    private int scoreStoredRun(String id) throws Exception {
        try (Database db = Database.open(main.database())) {
            TraceStore store = new TraceStore(db);
            DatasetStore datasets = new DatasetStore(db);
            RunId run = new RunId(id);
            if (store.run(run).isEmpty()) {
                throw new IllegalArgumentException("no run " + id);
            }
            List<ArithmeticProblem> problems = new ArrayList<>();
            List<String> outputs = new ArrayList<>();
            int skipped = 0;
            for (Trace t : store.traces(run)) {
                Optional<ArithmeticProblem> p = datasets.problem(t.problem()).flatMap(pr -> ArithmeticProblem.fromQuestion(pr.text()));
                if (p.isEmpty()) {
                    skipped++;
                    continue;
                }
                problems.add(p.get());
                StringBuilder text = new StringBuilder();
                t.nodes().stream().sorted(Comparator.comparingInt(TraceNode::seq)).forEach(n -> {
                    if (n instanceof Attempt a) {
                        // a verification's piece ends at its verdict; the blank line before the next solution is not kept
                        if (!text.isEmpty() && !text.toString().endsWith(SpocFormat.MESSAGE_SEPARATOR)) {
                            text.append(SpocFormat.MESSAGE_SEPARATOR);
                        }
                        text.append(a.text());
                    } else if (n instanceof Verification v) {
                        // the blank line between a solution and its check is not kept either (runs stored
                        // before the full stop stayed with the solution begin their check with ".\n\n")
                        String raw = v.rawText();
                        if (!text.isEmpty() && !raw.isEmpty() && Character.isLetterOrDigit(raw.codePointAt(0))
                                && !text.toString().endsWith(SpocFormat.MESSAGE_SEPARATOR)) {
                            text.append(SpocFormat.MESSAGE_SEPARATOR);
                        }
                        text.append(raw);
                    }
                });
                outputs.add(text.toString());
            }
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("run " + id + " has no demo arithmetic problems (`What is <expression>?`)");
            }
            PrintWriter w = spec.commandLine().getOut();
            w.println(DemoEvaluator.score(problems, outputs, maxTurns).describe());
            if (skipped > 0) {
                w.printf("skipped %d traces whose problem is not a demo arithmetic question%n", skipped);
            }
            w.flush();
        }
        return 0;
    }

    private static Path defaultOut() {
        String home = System.getProperty("errata.home");
        if (home != null) {
            return Path.of(home, "assets", "src", "main", "resources", "org", "errata", "assets", "demo-model");
        }
        return Path.of("demo-model");
    }
}
