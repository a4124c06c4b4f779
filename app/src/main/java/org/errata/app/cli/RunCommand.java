package org.errata.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.errata.app.Logging;
import org.errata.app.Main;
import org.errata.app.services.RunLauncher;
import org.errata.app.services.RunPlan;
import org.errata.app.services.ServiceException;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.engine.ModelRole;
import org.errata.app.services.RecipeLibrary;
import org.errata.correction.engine.RunEngine;
import org.errata.correction.engine.StrategyRegistry;
import org.errata.correction.parse.ModelProfile;
import org.errata.persistence.db.DataPaths;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.recipe.RecipeException;
import org.errata.correction.recipe.RecipeFiles;
import org.errata.persistence.db.Database;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.RuntimeOptions;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code errata run}: runs a strategy over a dataset with a progress line, storing every trace.
 * Ctrl-C stops it cleanly (resumable); a kill leaves the database consistent, and
 * {@code --resume RUN} finishes it with every problem exactly once.
 */
@Command(name = "run", description = "Runs a self-correction strategy over a dataset and stores the traces.")
public final class RunCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset to run on (demo-heldout is imported on first use).")
    @Nullable String dataset;
    @Option(names = "--strategy", paramLabel = "ID", description = "One of: ${COMPLETION-CANDIDATES}.",
            completionCandidates = StrategyIds.class)
    @Nullable String strategy;
    @Option(names = "--model", paramLabel = "demo|PATH|URL", description = "The (student) model. With --resume: overrides the recorded one.")
    @Nullable String model;
    @Option(names = "--teacher", paramLabel = "SPEC", description = "Teacher model (SuperCorrect); default: the student.")
    @Nullable String teacher;
    @Option(names = "--inspector", paramLabel = "SPEC", description = "Inspector model (SuperCorrect); default: the student.")
    @Nullable String inspector;
    @Option(names = "--critic", paramLabel = "SPEC", description = "Critic model (critic loop); default: the student.")
    @Nullable String critic;
    @Option(names = "--over", paramLabel = "RUN", description = "Judge the solutions of this run (an imported ProcessBench "
            + "or PRM800K set, say) instead of writing new ones: the critic names each one's first wrong step, scored "
            + "against the human labels by 'errata metrics'. Needs --strategy critic; the dataset defaults to that run's.")
    @Nullable String over;
    @Option(names = "--limit", paramLabel = "N", description = "At most N problems.")
    int limit = Integer.MAX_VALUE;
    @Option(names = "--offset", paramLabel = "K", description = "Skip the first K problems.")
    int offset;
    @Option(names = "--shard", paramLabel = "i/n", description = "Only problems k with k mod n = i-1 (run shards on several machines, then 'errata merge').")
    @Nullable String shard;
    @Option(names = "--recipe", paramLabel = "FILE|ID", description = "Run this recipe: a recipe file, or the id of one "
            + "(errata recipes list). Default: the strategy's recipe.")
    @Nullable String recipe;
    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set one knob of the recipe (repeatable), e.g. "
            + "--set max_turns=2 --set sampling.temperature=0.7 (errata recipes show ID lists them).")
    Map<String, String> sets = new LinkedHashMap<>();
    @Option(names = "--profile", paramLabel = "NAME|FILE", description = "A model profile: a built-in one (spoc-demo, s2r, ...) "
            + "or a YAML file with the keys of a recipe's profile section.")
    @Nullable String profile;
    @Option(names = "--temperature", paramLabel = "T", description = "Same as --set sampling.temperature=T.")
    @Nullable Double temperature;
    @Option(names = "--top-p", paramLabel = "P", description = "Same as --set sampling.top_p=P.") @Nullable Double topP;
    @Option(names = "--top-k", paramLabel = "K", description = "Same as --set sampling.top_k=K.") @Nullable Integer topK;
    @Option(names = "--min-p", paramLabel = "P", description = "Same as --set sampling.min_p=P.") @Nullable Double minP;
    @Option(names = "--seed", paramLabel = "S", description = "Same as --set sampling.seed=S.")
    @Nullable Long seed;
    @Option(names = "--max-turns", paramLabel = "N", description = "Same as --set max_turns=N.")
    @Nullable Integer maxTurns;
    @Option(names = "--n", paramLabel = "N", description = "Same as --set samples=N (best-of-n, majority, gsr).")
    @Nullable Integer samples;
    @Option(names = "--max-tokens", paramLabel = "N", description = "Same as --set budgets.tokens_per_call=N: most tokens per turn.")
    @Nullable Integer maxTokens;
    @Option(names = "--token-budget", paramLabel = "N", description = "Same as --set budgets.tokens_per_problem=N (0 = none).")
    @Nullable Integer tokenBudget;
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Same as --set budgets.timeout_seconds=S (0 = none).")
    @Nullable Long timeoutSeconds;
    @Option(names = "--concurrency", paramLabel = "N", description = "Problems decoded together (default ${DEFAULT-VALUE}).")
    int concurrency = 16;
    @Option(names = "--mode", paramLabel = "single-pass|turn-by-turn", description = "Same as --set spoc_mode=MODE.")
    @Nullable String mode;
    @Option(names = "--name", paramLabel = "TEXT", description = "A name for the run.")
    @Nullable String name;
    @Option(names = "--resume", paramLabel = "RUN", description = "Finish a stopped or killed run.")
    @Nullable String resume;
    @Option(names = "--device", paramLabel = "auto|cpu|cuda", description = "Where an embedded model runs (default ${DEFAULT-VALUE}).")
    String device = "auto";
    @Option(names = "--threads", paramLabel = "N", description = "CPU threads for an embedded model (0 = all cores).")
    int threads;
    @Mixin CopySpecOption copySpec = new CopySpecOption();
    @Option(names = "--json", description = "Print the run id and summary as JSON at the end.")
    boolean json;
    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    static final class StrategyIds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return StrategyRegistry.ids().iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // The machine's part only; how models decode (CopySpec) comes from the recipe, or the stored one on --resume.
        RuntimeOptions machine = RuntimeOptions.defaults()
                .withDevice(RuntimeOptions.Device.parse(device)).withThreads(threads);
        Path logFile = DataPaths.logFile(main.database());
        try (Logging.FileLog log = Logging.toFile(logFile);
             Database db = Database.open(main.database())) {
            RunLauncher launcher = new RunLauncher(db, machine);
            RunLauncher.Prepared prepared;
            if (resume != null) {
                if (!sets.isEmpty() || !copySpec.sets().isEmpty() || recipe != null || profile != null) {
                    throw new IllegalArgumentException("--resume runs with the recipe stored with the run;"
                            + " --set, --copyspec, --recipe and --profile cannot change it");
                }
                prepared = launcher.prepareResume(new org.errata.correction.trace.RunId(resume), model);
            } else if (over != null) {
                if (dataset == null) {
                    dataset = new org.errata.persistence.trace.TraceStore(db).run(new org.errata.correction.trace.RunId(over))
                            .orElseThrow(() -> new IllegalArgumentException("no run " + over + " in " + main.database()))
                            .dataset();
                }
                prepared = launcher.prepareOver(plan(), new org.errata.correction.trace.RunId(over));
            } else {
                prepared = launcher.prepare(plan());
            }
            try (prepared) {
                Cancellation cancellation = new Cancellation();
                AtomicBoolean done = new AtomicBoolean();
                Thread hook = new Thread(() -> {
                    if (!done.get()) {
                        err.println();
                        err.println("errata: stopping; resume with: errata run --resume " + prepared.run().id());
                        err.flush();
                        cancellation.cancel();
                    }
                }, "errata-run-interrupt");
                Runtime.getRuntime().addShutdownHook(hook);
                Progress progress = new Progress(err, prepared.problems().size(), prepared.finished().size(), quiet);
                if (!quiet) {
                    err.println("run " + prepared.run().id() + ": " + prepared.run().strategy() + " on "
                            + prepared.problems().size() + " problems of " + prepared.run().dataset()
                            + (prepared.finished().isEmpty() ? "" : " (" + prepared.finished().size() + " already done)"));
                }
                RunEngine.RunSummary summary;
                try {
                    summary = launcher.execute(prepared, progress, cancellation);
                } catch (ServiceException e) {
                    progress.finish();
                    throw new ServiceException(e.getMessage() + "; details in " + log.file()
                            + "; resume with: errata run --resume " + prepared.run().id(), e);
                } finally {
                    done.set(true);
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the JVM is already exiting because of Ctrl-C; the hook has run
                    }
                }
                progress.finish();
                int failed = progress.failed();
                if (failed > 0) {
                    err.println(failed + " of " + prepared.problems().size() + " problems failed; details in "
                            + log.file() + "; finish them with: errata run --resume " + prepared.run().id());
                    err.flush();
                }
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("id", prepared.run().id().value());
                    o.put("outcome", summary.outcome().name().toLowerCase(Locale.ROOT));
                    o.put("problems", prepared.problems().size());
                    o.put("finished", progress.finished());
                    o.put("failed", failed);
                    o.put("correct", progress.correct());
                    out.println(new ObjectMapper().writeValueAsString(o));
                } else {
                    out.println(prepared.run().id());
                }
                out.flush();
                return summary.outcome() == LoopEvent.RunOutcome.FAILED || failed > 0 ? 1 : 0;
            }
        }
    }

    private RunPlan plan() throws RecipeException {
        if (dataset == null || model == null || (strategy == null && recipe == null)) {
            throw new IllegalArgumentException("a new run needs --dataset, --model and --strategy or --recipe (or --resume RUN)");
        }
        Map<ModelRole, String> models = new EnumMap<>(ModelRole.class);
        models.put(ModelRole.STUDENT, model);
        if (teacher != null) models.put(ModelRole.TEACHER, teacher);
        if (inspector != null) models.put(ModelRole.INSPECTOR, inspector);
        if (critic != null) models.put(ModelRole.CRITIC, critic);
        return new RunPlan(dataset, recipe(RecipeLibrary.standard()), models, concurrency, offset, limit,
                shard == null ? null : RunPlan.Shard.parse(shard), name);
    }

    /** The recipe (or the strategy's), then the profile, then each knob the user set, in the order given. */
    Recipe recipe(RecipeLibrary library) throws RecipeException {
        Recipe r = recipe != null ? library.recipe(recipe) : library.forStrategy(strategy);
        if (strategy != null && !r.strategy().equals(strategy)) {
            throw new IllegalArgumentException("recipe " + recipe + " is for strategy " + r.strategy() + ", not " + strategy);
        }
        if (profile != null) {
            Path file = Path.of(profile);
            if (Files.isRegularFile(file)) {
                r = RecipeFiles.applyProfile(r, file);
            } else {
                ModelProfile named = ModelProfile.named(profile).orElseThrow(() -> new IllegalArgumentException(
                        "unknown model profile '" + profile + "' (not a file); known: " + String.join(", ", ModelProfile.names())));
                r = r.with("profile.name", named.name()).with("profile.speaks", named.speaks())
                        .with("profile.segmenter", named.segmenterId()).with("profile.verdict_parser", named.verdictParserId());
            }
        }
        Map<String, Object> given = new LinkedHashMap<>();
        if (temperature != null) given.put("sampling.temperature", temperature);
        if (topP != null) given.put("sampling.top_p", topP);
        if (topK != null) given.put("sampling.top_k", topK);
        if (minP != null) given.put("sampling.min_p", minP);
        if (seed != null) given.put("sampling.seed", String.valueOf(seed));
        if (maxTurns != null) given.put("max_turns", maxTurns);
        if (samples != null) given.put("samples", samples);
        if (maxTokens != null) given.put("budgets.tokens_per_call", maxTokens);
        if (tokenBudget != null) given.put("budgets.tokens_per_problem", tokenBudget);
        if (timeoutSeconds != null) given.put("budgets.timeout_seconds", String.valueOf(timeoutSeconds));
        if (mode != null) given.put("spoc_mode", mode);
        given.putAll(copySpec.sets());
        given.putAll(sets);
        return r.withAll(given);
    }

    /** The progress line: problems done, accuracy so far, tokens/s, ETA; redrawn at most 4 times a second. */
    static final class Progress implements org.errata.correction.engine.LoopListener {
        private final PrintWriter err;
        private final int total;
        private final int alreadyDone;
        private final boolean quiet;
        private final long start = System.nanoTime();
        private int finished;
        private int graded;
        private int correct;
        private int failed;
        private long tokens;
        private long lastDraw;
        private boolean lineOpen;
        private final Map<org.errata.correction.trace.ProblemId, String> lastError = new java.util.HashMap<>();

        Progress(PrintWriter err, int total, int alreadyDone, boolean quiet) {
            this.err = err;
            this.total = total;
            this.alreadyDone = alreadyDone;
            this.quiet = quiet;
        }

        @Override
        public synchronized void on(LoopEvent event) {
            switch (event) {
                case LoopEvent.TraceFinished f -> {
                    String error = lastError.remove(f.problem());
                    if (f.status() == org.errata.correction.trace.TraceStatus.FAILED) {
                        failed++;
                        failure(f.problem(), error);
                        break;
                    }
                    finished++;
                    if (f.correct() != null) {
                        graded++;
                        if (f.correct()) correct++;
                    }
                    draw(false);
                }
                case LoopEvent.NodeAdded n -> {
                    if (n.node() instanceof org.errata.correction.trace.Attempt a) {
                        tokens += a.stats().tokensOut();
                        if (a.error() != null) lastError.put(n.problem(), a.error());
                    }
                    if (n.node() instanceof org.errata.correction.trace.Verification v) {
                        tokens += v.stats().tokensOut();
                        if (v.error() != null) lastError.put(n.problem(), v.error());
                    }
                }
                default -> { }
            }
        }

        synchronized int finished() { return finished; }
        synchronized int failed() { return failed; }

        /** One line per failed problem (not under --quiet, where only the closing count is printed). */
        private void failure(org.errata.correction.trace.ProblemId problem, @Nullable String error) {
            if (quiet) return;
            String why = error == null || error.isBlank() ? "failed" : error.strip().lines().findFirst().orElse("");
            if (why.length() > 300) why = why.substring(0, 300) + "...";
            if (lineOpen) err.println();
            lineOpen = false;
            err.println("problem " + problem + " failed: " + why);
            err.flush();
        }
        synchronized int correct() { return correct; }

        synchronized void finish() {
            draw(true);
            if (!quiet && lineOpen) err.println();
            lineOpen = false;
            err.flush();
        }

        private void draw(boolean force) {
            if (quiet) return;
            long now = System.nanoTime();
            if (!force && now - lastDraw < 250_000_000L) return;
            lastDraw = now;
            double secs = Math.max(1e-9, (now - start) / 1e9);
            int done = alreadyDone + finished + failed;
            int width = 24;
            int filled = total == 0 ? width : (int) ((long) width * done / total);
            String bar = "#".repeat(filled) + ".".repeat(width - filled);
            String acc = graded == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * correct / graded);
            int left = total - done;
            String eta = finished == 0 ? "--:--" : clock((long) (secs / finished * left));
            err.printf(Locale.ROOT, "\r[%s] %d/%d  acc %s  %.0f tok/s  ETA %s   ", bar, done, total, acc, tokens / secs, eta);
            lineOpen = true;
            err.flush();
        }

        private static String clock(long seconds) {
            return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                    : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
        }
    }
}
