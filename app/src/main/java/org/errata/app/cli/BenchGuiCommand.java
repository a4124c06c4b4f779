package org.errata.app.cli;

import atlantafx.base.theme.PrimerLight;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;
import org.errata.app.gui.MainView;
import org.errata.app.gui.MainViewModel;
import org.errata.app.gui.WorkbenchApp;
import org.errata.app.gui.library.PagedTraces;
import org.errata.app.gui.live.LiveRunModel;
import org.errata.app.gui.task.FrameBatcher;
import org.errata.app.gui.task.FxFrameScheduler;
import org.errata.app.gui.task.FxTaskExecutor;
import org.errata.app.services.StoreLibraryService;
import org.errata.app.services.TraceListing;
import org.errata.app.services.sample.ReplayRunService;
import org.errata.app.services.sample.TraceBuilder;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.metrics.TraceFilter;
import org.errata.correction.metrics.TraceSummary;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.ModelRef;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Sampling;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.errata.persistence.trace.TraceWriter;
import org.errata.runtime.reference.LoadAverage;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What a large run costs in the workbench, measured in a real window: the workbench's own
 * {@link MainView} over the store, on the FX thread, with the toolkit's pulses as the clock.
 * Writes a synthetic run (by default 100,000 problems, 1,000,000 nodes) through the store's
 * streaming writer into a fresh database, then times opening it until the first rows are drawn,
 * each filter and a full-text search until their first rows are drawn, opening random trees
 * until they are drawn, and the FX thread's work per pulse while the list scrolls. Each figure
 * is printed with its target; the last line is the time to open the run.
 */
@Command(name = "gui", description = "Opens a synthetic run of 100,000 problems (1,000,000 nodes) in a real workbench window "
        + "and times opening it, filters, search, opening trees and scrolling (needs a display: xvfb-run -a ./errata bench gui).")
public final class BenchGuiCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--problems", defaultValue = "100000", description = "Problems in the run, ten nodes each on average (default: ${DEFAULT-VALUE}).")
    int problems;

    @ParentCommand BenchCommand bench;

    @Option(names = "--opens", defaultValue = "20", description = "Random trees opened (default: ${DEFAULT-VALUE}).")
    int opens;

    @Option(names = "--scroll-seconds", defaultValue = "10", description = "How long the list scrolls (default: ${DEFAULT-VALUE}).")
    double scrollSeconds;

    @Option(names = "--tokens", defaultValue = "1000000", description = "Token events folded into a live tree, no window (0: skip; default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--frame-events", defaultValue = "2000", description = "Events per frame batch in the live fold (default: ${DEFAULT-VALUE}).")
    int frameEvents;

    static final String NO_DISPLAY = "bench gui opens a real window and there is no display here: run it under one, "
            + "e.g. xvfb-run -a ./errata bench gui";

    static final RunId RUN = new RunId("bench-gui");

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (problems < 10) throw new IllegalArgumentException("--problems must be at least 10, not " + problems);
        if (!BenchStartupCommand.hasDisplay(System.getenv("DISPLAY"), System.getProperty("glass.platform"))) {
            throw new IllegalStateException(NO_DISPLAY);
        }
        // --db keeps the synthetic run in that file: written when absent, reused when it holds the run already.
        @Nullable Path dbFile = bench == null ? null : bench.main().explicitDatabase();
        Path dir = dbFile == null ? Files.createTempDirectory("errata-bench-gui") : null;
        Path file = dbFile != null ? dbFile : dir.resolve("bench.db");
        try {
            out.printf(Locale.ROOT, "bench gui: %,d problems; load average %s%n", problems, LoadAverage.text(" ", "unknown"));
            out.println("JVM: " + aheadOfTimeCache(ManagementFactory.getRuntimeMXBean().getInputArguments()));
            long nodes = ensureRun(file, out);
            if (tokens > 0) foldLive(out);
            new WindowBench(file, nodes, out).run();
            out.flush();
            return 0;
        } finally {
            if (dir != null) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                } catch (IOException e) {
                    spec.commandLine().getErr().println("errata: could not remove " + dir + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * Which ahead-of-time cache the JVM runs with, from its arguments: the workbench runs with one
     * from its third start after a build, so the launcher gives this bench one trained on its own
     * views (the launcher's {@code bench_gui_cache_options}).
     */
    static String aheadOfTimeCache(List<String> jvmArguments) {
        String cache = null;
        for (String a : jvmArguments) {
            if (a.startsWith(AOT_CACHE)) cache = a.substring(AOT_CACHE.length()); // the last one given is the one used
        }
        if (cache == null) {
            return "no ahead-of-time cache: classes load and methods warm up as the run goes (the launcher trains one once per build "
                    + "on JDK 25 and later, under a display)";
        }
        return "ahead-of-time cache " + Path.of(cache).getFileName()
                + " (classes and method profiles, trained once per build by a pass of this bench on a run of 2,000 problems; "
                + "ERRATA_CDS=0 measures without it)";
    }

    private static final String AOT_CACHE = "-XX:AOTCache=";

    /** Writes the run unless the file holds it with as many problems; returns its node count. */
    private long ensureRun(Path file, PrintWriter out) throws Exception {
        if (Files.exists(file)) {
            try (Database db = Database.open(file)) {
                TraceStore store = new TraceStore(db);
                if (store.run(RUN).isPresent() && store.traceCount(RUN) == problems) {
                    long nodes = db.read(c -> {
                        try (var ps = c.prepareStatement("SELECT COALESCE(SUM(nodes), 0) FROM trace WHERE run_id = ?")) {
                            ps.setString(1, RUN.value());
                            try (var rs = ps.executeQuery()) {
                                return rs.next() ? rs.getLong(1) : 0L;
                            }
                        }
                    });
                    out.printf(Locale.ROOT, "setup: reusing %s (%,d problems, %,d nodes)%n", file, problems, nodes);
                    return nodes;
                }
            }
            throw new IllegalStateException(file + " exists and does not hold the bench run of " + problems
                    + " problems: name a new file");
        }
        try (Database db = Database.open(file)) {
            long t0 = System.nanoTime();
            long nodes = write(db, RUN);
            out.printf(Locale.ROOT, "setup: %,d problems, %,d nodes written in %.1f s (streaming writer, batched transactions)%n",
                    problems, nodes, secs(t0));
            return nodes;
        }
    }

    private long write(Database db, RunId runId) throws Exception {
        List<Problem> ps = new ArrayList<>();
        for (int i = 0; i < problems; i++) {
            ps.add(Problem.of("bench", "p" + i, "Problem " + i + ": what is " + i + " + " + (i + 1) + "?", Integer.toString(2 * i + 1)));
        }
        new DatasetStore(db).saveProblems("bench", "synthetic", ps);
        Run run = new Run(runId, "bench gui", "bench", "self-refine", Map.of("max_turns", 2),
                List.of(new ModelRef("student", "synthetic", "none", null, null, "bench")), Map.of(),
                new Sampling(0, 0, 1, 0, 0, 256), false, "bench", null, Instant.now(), RunStatus.RUNNING);
        long nodes = 0;
        try (TraceWriter writer = new TraceWriter(db)) {
            writer.on(new LoopEvent.RunStarted(run));
            for (int i = 0; i < problems; i++) {
                Trace t = trace(runId, ps.get(i), i);
                writer.on(new LoopEvent.TraceStarted(runId, t.problem()));
                for (TraceNode n : t.nodes()) writer.on(new LoopEvent.NodeAdded(runId, t.problem(), n));
                writer.on(new LoopEvent.TraceFinished(runId, t.problem(), t.status(), t.finalAnswer(), t.correct()));
                nodes += t.nodes().size();
            }
            writer.on(new LoopEvent.RunEnded(runId, LoopEvent.RunOutcome.FINISHED, null));
        }
        return nodes;
    }

    /**
     * Ten nodes on average, every outcome the list filters on: in each ten problems four are
     * right at once and said so (6 nodes: an attempt of four steps and its verdict), two wrong
     * then corrected (14), one wrong that the verifier passed (verifier missed, 6), one right that
     * the verifier failed and the retry broke (false alarm, broken, 14), one wrong twice (14) and
     * one right that the verifier failed and the retry kept (false alarm, 14).
     */
    static Trace trace(RunId run, Problem p, int i) {
        TraceBuilder b = new TraceBuilder(run, p.id(), "synthetic");
        int right = 2 * i + 1;
        int kind = i % 10;
        boolean firstRight = kind <= 3 || kind == 7 || kind == 9;
        int first = firstRight ? right : right + 1;
        Attempt a1 = b.attempt(null, 1, p.text(), "Let a = " + i + " and b = " + (i + 1) + ".\nWe add a and b.\nThe sum is "
                + first + ".\nSo the answer is " + first + ".", Integer.toString(first), firstRight, false);
        if (kind <= 3) {
            b.verify(a1, "Yes", Verdict.CORRECT, null, -1);
            return b.finish(Integer.toString(right), true);
        }
        if (kind == 6) {
            b.verify(a1, "Yes", Verdict.CORRECT, null, -1);
            return b.finish(Integer.toString(first), false);
        }
        Verification v1 = b.verify(a1, "Step 3 is wrong. No", Verdict.INCORRECT, null, 2);
        ErrorLocation e = b.locate(v1, 2, "the sum is off by one", "calculation");
        Correction c = b.correct(e, "Redo the sum.", null);
        boolean secondRight = kind == 4 || kind == 5 || kind == 9;
        int second = secondRight ? right : right - 1;
        Attempt a2 = b.attempt(c.id(), 2, p.text(), "Let a = " + i + " and b = " + (i + 1) + ".\nWe add " + i + " and " + (i + 1)
                + ".\nThe sum is " + second + ".\nSo the answer is " + second + ".", Integer.toString(second), secondRight, false);
        b.verify(a2, secondRight ? "Yes" : "No", secondRight ? Verdict.CORRECT : Verdict.INCORRECT, null, secondRight ? -1 : 2);
        return b.finish(Integer.toString(second), secondRight);
    }

    /** A problem whose second attempt alone says "We add i and i+1" in words: the full-text search's target. */
    int searchTarget() {
        int mid = problems / 2;
        int i = mid - mid % 10 + 4;
        return i < problems ? i : 4;
    }

    private void foldLive(PrintWriter out) {
        List<Runnable> pending = new ArrayList<>();
        FrameBatcher.FrameScheduler manual = pending::add;
        LiveRunModel live = new LiveRunModel(manual, System::nanoTime, id -> null);
        live.begin(1, false);
        RunId run = new RunId("live");
        ProblemId problem = ProblemId.of("bench", "live");
        TraceBuilder b = new TraceBuilder(run, problem, "synthetic");
        long t0 = System.nanoTime();
        live.on(new LoopEvent.TraceStarted(run, problem));
        int frames = 0;
        int perNode = 500;
        int events = 0;
        org.errata.correction.trace.NodeId parent = null;
        for (int n = 0; n * perNode < tokens; n++) {
            Attempt a = b.attempt(parent, n + 1, "p", "x", "1", true, false);
            live.on(new LoopEvent.NodeStarted(run, problem, a.id(), parent, "attempt", "Attempt " + (n + 1)));
            for (int i = 0; i < perNode; i++) {
                live.on(new LoopEvent.TokenDelta(run, problem, a.id(), " t"));
                if (++events % frameEvents == 0) {
                    pending.forEach(Runnable::run);
                    pending.clear();
                    frames++;
                }
            }
            live.on(new LoopEvent.NodeAdded(run, problem, a));
            parent = a.id();
        }
        pending.forEach(Runnable::run);
        pending.clear();
        double s = secs(t0);
        out.printf(Locale.ROOT, "live fold: %d token events (nodes of 500 tokens) in %d UI batches, %.2f s (%.0f events/s, %.3f ms per batch)%n",
                tokens, live.batchesProperty().get(), s, tokens / s, 1000 * s / Math.max(1, frames));
    }

    /** The window and what is timed in it; built and driven from the calling thread, touched on the FX thread only. */
    private final class WindowBench {
        private final Path file;
        private final long nodes;
        private final PrintWriter out;
        private @Nullable Stage stage;
        private @Nullable MainViewModel vm;
        private @Nullable MainView view;
        private @Nullable FxTaskExecutor tasks;
        private @Nullable FxFrameScheduler frames;
        private @Nullable AnimationTimer timer;
        // FX thread only:
        private long pulseStart;
        private @Nullable Runnable perFrame;
        private @Nullable Pending pending;
        private final List<Long> frameNanos = new ArrayList<>();
        private final List<Long> intervalNanos = new ArrayList<>();
        private final List<Integer> jumpFrames = new ArrayList<>(); // indices into frameNanos of the pulses that jumped
        private boolean recording;
        private long lastPulse;

        WindowBench(Path file, long nodes, PrintWriter out) {
            this.file = file;
            this.nodes = nodes;
            this.out = out;
        }

        /** A condition checked after each pulse's layout; {@code done} gets the time it first held. */
        private final class Pending {
            final BooleanSupplier condition;
            final CompletableFuture<Long> done = new CompletableFuture<>();
            long start;

            Pending(BooleanSupplier condition) {
                this.condition = condition;
            }
        }

        void run() throws Exception {
            boolean started = startToolkit();
            long t0 = System.nanoTime();
            try (Database db = Database.open(file)) {
                double dbOpen = ms(t0);
                StoreLibraryService library = new StoreLibraryService(db);
                try {
                    onFx(() -> build(library));
                    measure(library, dbOpen);
                } finally {
                    onFx(this::close);
                    if (started) Platform.exit();
                }
            }
        }

        private boolean startToolkit() throws InterruptedException {
            org.errata.app.gui.DisplayCheck.quietClassPathNote();
            CountDownLatch up = new CountDownLatch(1);
            try {
                Platform.startup(up::countDown);
            } catch (IllegalStateException running) {
                return false; // a toolkit is up already (tests): use it and leave it running
            } catch (RuntimeException e) {
                throw org.errata.app.gui.DisplayCheck.startFailed(e); // the workbench's one line, naming what to install
            }
            up.await();
            Platform.setImplicitExit(false);
            return true;
        }

        private void build(StoreLibraryService library) {
            tasks = new FxTaskExecutor(2);
            frames = new FxFrameScheduler(16);
            MainViewModel model = new MainViewModel(library, new ReplayRunService(library, RUN, 1000, Clock.systemUTC()),
                    tasks, frames, System::nanoTime);
            vm = model;
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            MainView main = new MainView(model);
            main.openFirstTraceOnce(); // as the workbench does at start
            view = main;
            Scene scene = new Scene(main, 1440, 900);
            scene.getStylesheets().add(Objects.requireNonNull(
                    WorkbenchApp.class.getResource("workbench.css"), "workbench.css").toExternalForm());
            scene.addPostLayoutPulseListener(this::afterLayout);
            Stage s = new Stage();
            s.setTitle("Errata bench gui");
            s.setScene(scene);
            stage = s;
            AnimationTimer t = new AnimationTimer() {
                @Override public void handle(long now) {
                    pulseStart = System.nanoTime();
                    Runnable r = perFrame;
                    if (r != null) r.run();
                }
            };
            timer = t;
            t.start(); // keeps the pulses coming, so each condition is checked every frame
            s.show();
        }

        private void afterLayout() {
            long now = System.nanoTime();
            if (recording) {
                frameNanos.add(now - pulseStart);
                if (lastPulse != 0) intervalNanos.add(pulseStart - lastPulse);
                lastPulse = pulseStart;
            }
            Pending p = pending;
            if (p != null && p.condition.getAsBoolean()) {
                pending = null;
                p.done.complete(now);
            }
        }

        private void close() {
            if (timer != null) timer.stop();
            if (stage != null) stage.close();
            if (tasks != null) tasks.close();
            if (frames != null) frames.close();
        }

        /** Runs {@code action} on the FX thread, then waits for the pulse after which {@code shown} holds; in ms. */
        private double time(Runnable action, BooleanSupplier shown, String what) throws Exception {
            Pending p = new Pending(shown);
            Platform.runLater(() -> {
                pending = p;
                p.start = System.nanoTime();
                action.run();
            });
            try {
                long end = p.done.get(120, TimeUnit.SECONDS);
                return (end - p.start) / 1e6;
            } catch (TimeoutException e) {
                throw new IllegalStateException(what + " did not show within 120 s");
            }
        }

        private PagedTraces rows() {
            return Objects.requireNonNull(vm).library().traces();
        }

        /** The first row the list draws is a row of the listing now shown (the version after {@code before}), or it has none. */
        private boolean rowsShown(int before) {
            PagedTraces t = rows();
            if (t.version() <= before || Objects.requireNonNull(vm).library().loadingProperty().get()) return false;
            if (t.isEmpty()) return true;
            IndexedCell<?> c = flow() == null ? null : flow().getFirstVisibleCell();
            // in the window's scene graph too: a row the list holds but has not put in its sheet is never drawn
            return c != null && c.getScene() != null && c.isVisible() && c.getIndex() >= 0 && c.getItem() != null
                    && c.getItem() == t.peek(c.getIndex());
        }

        /** A tree is open: its model, a selected node and the tree view's root. */
        private boolean treeShown() {
            MainViewModel m = Objects.requireNonNull(vm);
            return m.treeProperty().get() != null && m.selectedProperty().get() != null
                    && Objects.requireNonNull(view).tree().getRoot() != null;
        }

        private @Nullable VirtualFlow<?> flow() {
            return (VirtualFlow<?>) Objects.requireNonNull(view).library().traceList().lookup(".virtual-flow");
        }

        /** When the last listing timed by {@link #filter} reached the FX thread (its keys and first rows read), in ms after it was asked for. */
        private double listedMs;

        private double filter(Runnable set, String what) throws Exception {
            int[] before = new int[1];
            long[] asked = new long[1];
            listedMs = Double.NaN;
            javafx.beans.value.ChangeListener<Boolean> listed = (o, was, loading) -> {
                if (!loading && asked[0] != 0) listedMs = ms(asked[0]);
            };
            var loading = Objects.requireNonNull(vm).library().loadingProperty();
            onFx(() -> loading.addListener(listed));
            try {
                return time(() -> {
                    asked[0] = System.nanoTime();
                    before[0] = rows().version();
                    set.run();
                }, () -> rowsShown(before[0]), what);
            } finally {
                onFx(() -> loading.removeListener(listed));
            }
        }

        /** Where a filter's time went: reading (off the FX thread) and the rest (showing and drawing). */
        private String split(double ms) {
            return Double.isNaN(listedMs) ? "" : String.format(Locale.ROOT, "; read in %.1f ms, shown %.1f ms later", listedMs, ms - listedMs);
        }

        private void measure(StoreLibraryService library, double dbOpenMs) throws Exception {
            MainViewModel m = Objects.requireNonNull(vm);
            var lib = m.library();
            double open = dbOpenMs + time(m::start, () -> rowsShown(0), "the run");
            // The workbench opens the run's first trace itself as the rows arrive: the process's first tree.
            double atStart = time(() -> {}, this::treeShown, "the first row's tree");
            int total = onFx(() -> rows().size());
            String nodeCount = nodes % 1_000_000 == 0 ? nodes / 1_000_000 + "M"
                    : nodes % 1000 == 0 ? nodes / 1000 + "k" : Long.toString(nodes);

            out.printf(Locale.ROOT, "window: %s, %s%n", onFx(() -> Objects.requireNonNull(stage).getWidth() + "x"
                    + stage.getHeight()), System.getProperty("glass.platform", "default platform"));
            // as a user's first click comes: once the run's outcomes are held in memory, which the
            // workbench reads in the background after the first rows are drawn
            double prepared = time(() -> {}, () -> lib.listingPreparedProperty().get(), "the run's listing in memory");
            out.printf(Locale.ROOT, "filters and orders answered from memory %.0f ms after the rows were drawn (%s)%n",
                    atStart + prepared, "the run's outcomes read in the background");
            List<Object[]> filters = List.of(
                    new Object[] {"filter corrected (wrong -> right)", (Runnable) () -> lib.outcomeProperty().set(TraceFilter.Outcome.CORRECTED),
                            (Runnable) () -> lib.outcomeProperty().set(TraceFilter.Outcome.ANY)},
                    new Object[] {"filter broken (right -> wrong)", (Runnable) () -> lib.outcomeProperty().set(TraceFilter.Outcome.BROKEN),
                            (Runnable) () -> lib.outcomeProperty().set(TraceFilter.Outcome.ANY)},
                    new Object[] {"filter verifier missed", (Runnable) () -> lib.outcomeProperty().set(TraceFilter.Outcome.VERIFIER_MISSED),
                            (Runnable) () -> lib.outcomeProperty().set(TraceFilter.Outcome.ANY)},
                    new Object[] {"filter false alarm", (Runnable) () -> lib.outcomeProperty().set(TraceFilter.Outcome.FALSE_ALARM),
                            (Runnable) () -> lib.outcomeProperty().set(TraceFilter.Outcome.ANY)},
                    new Object[] {"filter 2+ attempts", (Runnable) () -> lib.minAttemptsProperty().set(2),
                            (Runnable) () -> lib.minAttemptsProperty().set(0)},
                    new Object[] {"sort most attempts first", (Runnable) () -> lib.sortProperty().set(TraceFilter.Sort.ATTEMPTS),
                            (Runnable) () -> lib.sortProperty().set(TraceFilter.Sort.DATASET)});
            for (Object[] f : filters) {
                double ms = filter((Runnable) f[1], (String) f[0]);
                int n = onFx(() -> rows().size());
                say(figure(String.format(Locale.ROOT, "%s: %,d of %,d traces", f[0], n, total), ms, 200) + split(ms));
                filter((Runnable) f[2], "clearing " + f[0]);
            }
            int target = searchTarget();
            String words = "We add " + target + " and " + (target + 1);
            double search = filter(() -> lib.traceSearchProperty().set(words), "the search");
            int found = onFx(() -> rows().size());
            say(figure(String.format(Locale.ROOT, "search solution text \"%s\": %,d of %,d traces", words, found, total), search, 200)
                    + split(search));
            filter(() -> lib.traceSearchProperty().set(""), "clearing the search");

            // Trees: random rows of the whole list, read as the list would, opened as a click opens them.
            TraceListing listing = onFx(() -> rows().listing());
            Random random = new Random(18);
            List<Double> treeMs = new ArrayList<>();
            List<String> treeSplits = new ArrayList<>();
            double formulasMs = 0;
            int formulas = 0;
            int maxNodes = 0;
            for (int k = 0; k < opens; k++) {
                int at = random.nextInt(total);
                TraceSummary s = listing.rows(at, at + 1).get(0);
                maxNodes = Math.max(maxNodes, s.nodeCount());
                long[] asked = new long[1];
                double[] read = {Double.NaN};
                javafx.beans.value.ChangeListener<Object> arrived = (o, was, now) -> {
                    if (now != null && Double.isNaN(read[0])) read[0] = ms(asked[0]);
                };
                onFx(() -> m.treeProperty().addListener(arrived));
                treeMs.add(time(() -> {
                    asked[0] = System.nanoTime();
                    m.open(s);
                }, () -> treeShown() && m.treeProperty().get().problem().equals(s.problem()), "tree " + s.problem()));
                onFx(() -> m.treeProperty().removeListener(arrived));
                treeSplits.add(String.format(Locale.ROOT, "%s (%d nodes): read in %.1f ms, shown %.1f ms later", s.problem(),
                        s.nodeCount(), read[0], treeMs.getLast() - read[0]));
                if (k == 0) {
                    // its formulas show as source at first; they are drawn off the FX thread and swapped in
                    formulasMs = time(() -> {}, () -> Objects.requireNonNull(view).inspector().rendered()
                            .lookupAll(".latex-pending").isEmpty(), "the first tree's formulas");
                    formulas = onFx(() -> Objects.requireNonNull(view).inspector().rendered().lookupAll(".math").size());
                }
            }
            String slowestSplit = treeSplits.get(treeMs.indexOf(Collections.max(treeMs)));
            double firstTree = treeMs.get(0);
            List<Double> treesInOrder = List.copyOf(treeMs);
            Collections.sort(treeMs);

            // Scrolling: a steady pixel scroll with a jump to a random row every second; FX-thread work per pulse.
            CompletableFuture<Void> scrolled = new CompletableFuture<>();
            long duration = (long) (scrollSeconds * 1e9);
            Random jumps = new Random(7);
            Platform.runLater(() -> {
                VirtualFlow<?> flow = Objects.requireNonNull(flow());
                long begin = System.nanoTime();
                int[] frame = {0};
                recording = true;
                perFrame = () -> {
                    if (System.nanoTime() - begin > duration) {
                        recording = false;
                        perFrame = null;
                        scrolled.complete(null);
                        return;
                    }
                    if (++frame[0] % 60 == 0) {
                        jumpFrames.add(frameNanos.size());
                        view.library().traceList().scrollTo(jumps.nextInt(total));
                    } else {
                        flow.scrollPixels(90);
                    }
                };
            });
            scrolled.get(60 + (long) scrollSeconds, TimeUnit.SECONDS);
            int inMemory = onFx(() -> rows().rowsInMemory());
            List<Long> frameTimes = onFx(() -> List.copyOf(frameNanos));
            List<Long> intervals = onFx(() -> List.copyOf(intervalNanos));
            java.util.Set<Integer> jumped = new java.util.HashSet<>(onFx(() -> List.copyOf(jumpFrames)));
            List<Long> jumpTimes = new ArrayList<>();
            List<Long> steadyTimes = new ArrayList<>();
            for (int i = 0; i < frameTimes.size(); i++) (jumped.contains(i) ? jumpTimes : steadyTimes).add(frameTimes.get(i));

            out.printf(Locale.ROOT, "load average %s%n", LoadAverage.text(" ", "unknown"));
            out.println(figure(String.format(Locale.ROOT, "open tree, median of %d random (up to %d nodes)", opens, maxNodes),
                    treeMs.get(treeMs.size() / 2), 50));
            out.println(figure(String.format(Locale.ROOT, "open tree, slowest of %d", opens), treeMs.get(treeMs.size() - 1), 50)
                    + "; in the order opened: " + String.join(", ", treesInOrder.stream()
                            .map(t -> String.format(Locale.ROOT, "%.0f", t)).toList()) + " ms; the slowest, " + slowestSplit);
            out.printf(Locale.ROOT, "open tree at start (the first row, which the workbench opens itself as the rows arrive): "
                    + "shown %.1f ms after the rows%n", atStart);
            out.printf(Locale.ROOT, "open tree, the first one the user opens: %.1f ms; its %d formula image(s) drawn %.0f ms later, "
                    + "off the FX thread%n", firstTree, formulas, formulasMs);
            double p50 = percentile(frameTimes, 0.50) / 1e6;
            double p99 = percentile(frameTimes, 0.99) / 1e6;
            long dropped = intervals.stream().filter(n -> n > 25_000_000L).count();
            out.printf(Locale.ROOT, "scroll %.0f s: %d pulses, FX-thread time per pulse p50 %.1f ms, p99 %.1f ms (target p99 < 16 ms) %s;"
                            + " pulse interval p50 %.1f ms, p99 %.1f ms, %d over 25 ms; %,d of %,d rows in memory%n",
                    scrollSeconds, frameTimes.size(), p50, p99, p99 < 16 ? "PASS" : "MISS",
                    percentile(intervals, 0.50) / 1e6, percentile(intervals, 0.99) / 1e6, dropped, inMemory, total);
            out.printf(Locale.ROOT, "scroll, the pixel-scroll pulses alone: p99 %.1f ms; the %d jumps to a random row: %s ms%n",
                    percentile(steadyTimes, 0.99) / 1e6, jumpTimes.size(),
                    String.join(", ", jumpTimes.stream().map(t -> String.format(Locale.ROOT, "%.1f", t / 1e6)).toList()));
            out.printf(Locale.ROOT, "load average %s%n", LoadAverage.text(" ", "unknown"));
            out.println(figure(String.format(Locale.ROOT, "open run (database, %,d traces listed, first rows drawn)", total), open, 1000)
                    + String.format(Locale.ROOT, "; the database opened in %.1f ms", dbOpenMs));
            out.printf(Locale.ROOT, "%s-node open: %.0f ms%n", nodeCount, open);
        }

        private void say(String line) {
            out.println(line);
            out.flush();
        }

        private String figure(String what, double ms, int target) {
            return String.format(Locale.ROOT, "%s: %.1f ms (target < %d ms) %s", what, ms, target, ms < target ? "PASS" : "MISS");
        }
    }

    private static long percentile(List<Long> values, double q) {
        if (values.isEmpty()) return 0;
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static void onFx(Runnable r) throws Exception {
        onFx(() -> {
            r.run();
            return null;
        });
    }

    private static <T> T onFx(Callable<T> c) throws Exception {
        if (Platform.isFxApplicationThread()) return c.call();
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            throw e;
        }
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
