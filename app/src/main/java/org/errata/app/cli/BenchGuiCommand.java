package org.errata.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.errata.app.gui.library.LibraryViewModel;
import org.errata.app.gui.live.LiveRunModel;
import org.errata.app.gui.task.CurrentThreadTaskExecutor;
import org.errata.app.gui.task.FrameBatcher;
import org.errata.app.gui.tree.TraceTreeModel;
import org.errata.app.services.StoreLibraryService;
import org.errata.app.services.sample.TraceBuilder;
import org.errata.correction.engine.LoopEvent;
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
import org.errata.correction.metrics.TraceSummary;
import org.errata.persistence.trace.TraceWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What opening a large run in the workbench costs, measured on the same view models and
 * services the window uses (no window: rendering is virtualised and draws only visible rows).
 * Writes a synthetic run into a temporary database, then times listing all its traces through
 * the library view model, opening one tree collapsed to its first error, and folding a
 * stream of token events into a live tree in per-frame batches.
 */
@Command(name = "gui", description = "Times the workbench's data path on a synthetic run: list all traces, open one tree, fold live events.")
public final class BenchGuiCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--problems", defaultValue = "10000", description = "Problems in the run (default: ${DEFAULT-VALUE}).")
    int problems;

    @Option(names = "--tokens", defaultValue = "1000000", description = "Token events folded into a live tree (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--frame-events", defaultValue = "2000", description = "Events per frame batch in the live fold (default: ${DEFAULT-VALUE}).")
    int frameEvents;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("errata-bench-gui");
        try {
            RunId runId = new RunId("bench-gui");
            long nodes;
            try (Database db = Database.open(dir.resolve("bench.db"))) {
                long t0 = System.nanoTime();
                nodes = write(db, runId);
                out.printf(Locale.ROOT, "setup: %d problems, %d nodes written in %.1f s%n", problems, nodes, secs(t0));
            }
            try (Database db = Database.open(dir.resolve("bench.db"))) {
                StoreLibraryService library = new StoreLibraryService(db);
                List<String> errors = new ArrayList<>();
                long t0 = System.nanoTime();
                LibraryViewModel vm = new LibraryViewModel(library, new CurrentThreadTaskExecutor(), errors::add);
                vm.reload();
                double listMs = ms(t0);
                if (!errors.isEmpty()) throw new IllegalStateException(errors.get(0));
                long t1 = System.nanoTime();
                TraceSummary first = vm.traces().get(0);
                Trace trace = library.loadTrace(first.run(), first.problem()).orElseThrow();
                Problem problem = library.problem(first.problem()).orElse(null);
                TraceTreeModel tree = TraceTreeModel.of(trace, problem, false);
                tree.collapseToFirstError();
                double openMs = ms(t1);
                long t2 = System.nanoTime();
                TraceSummary other = vm.traces().get(vm.traces().size() / 2);
                TraceTreeModel.of(library.loadTrace(other.run(), other.problem()).orElseThrow(),
                        library.problem(other.problem()).orElse(null), false).collapseToFirstError();
                double warmMs = ms(t2);
                long t3 = System.nanoTime();
                int firstPage = library.traces(runId, org.errata.correction.metrics.TraceFilter.ALL, 0, LibraryViewModel.PAGE).items().size();
                double firstPageMs = ms(t3);
                out.printf(Locale.ROOT, "first page (%d rows, what the list shows first): %.0f ms%n", firstPage, firstPageMs);
                out.printf(Locale.ROOT, "list all %d traces (library view model, pages of %d): %.0f ms%n",
                        vm.traces().size(), LibraryViewModel.PAGE, listMs);
                out.printf(Locale.ROOT, "open one trace (%d nodes: load + tree + collapse to first error): %.1f ms%n",
                        trace.nodes().size(), openMs);
                out.printf(Locale.ROOT, "open another trace (warm): %.1f ms%n", warmMs);
                // The whole filtered listing, as the list loads it: one query over the run's nodes.
                var corrected = org.errata.correction.metrics.TraceFilter.ALL.withOutcome(
                        org.errata.correction.metrics.TraceFilter.Outcome.CORRECTED);
                long t4 = System.nanoTime();
                int correctedRows = library.traces(runId, corrected, 0, LibraryViewModel.PAGE).total();
                out.printf(Locale.ROOT, "filter corrected (wrong -> right): %d traces in %.0f ms%n", correctedRows, ms(t4));
                long t5 = System.nanoTime();
                int sorted = library.traces(runId, org.errata.correction.metrics.TraceFilter.ALL
                        .withSort(org.errata.correction.metrics.TraceFilter.Sort.FIRST_ERROR), 0, LibraryViewModel.PAGE).total();
                out.printf(Locale.ROOT, "sort by first-error step: %d traces in %.0f ms%n", sorted, ms(t5));
                // Words only in an attempt's text (the second attempt of problem p{problems/2}).
                String words = "We add " + (problems / 2) + " and " + (problems / 2 + 1);
                long t6 = System.nanoTime();
                int found = library.traces(runId, org.errata.correction.metrics.TraceFilter.ALL.withText(words), 0,
                        LibraryViewModel.PAGE).total();
                out.printf(Locale.ROOT, "search solution text \"%s\": %d traces in %.0f ms%n", words, found, ms(t6));
                out.printf(Locale.ROOT, "open run total: %.0f ms (target < 2000 ms)%n", listMs + openMs);
            }
            foldLive(out);
            return 0;
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (IOException e) {
                spec.commandLine().getErr().println("errata: could not remove " + dir + ": " + e.getMessage());
            }
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

    /** Ten nodes on average: an attempt of four steps and its verdict, and for every other problem a corrected second attempt. */
    private static Trace trace(RunId run, Problem p, int i) {
        TraceBuilder b = new TraceBuilder(run, p.id(), "synthetic");
        int right = 2 * i + 1;
        boolean wrongFirst = i % 2 == 0;
        String text1 = "Let a = " + i + " and b = " + (i + 1) + ".\nWe add a and b.\nThe sum is " + (wrongFirst ? right + 1 : right)
                + ".\nSo the answer is " + (wrongFirst ? right + 1 : right) + ".";
        Attempt a1 = b.attempt(null, 1, p.text(), text1, Integer.toString(wrongFirst ? right + 1 : right), !wrongFirst, false);
        Verification v1 = b.verify(a1, wrongFirst ? "Step 2 is wrong. No" : "Yes", wrongFirst ? Verdict.INCORRECT : Verdict.CORRECT,
                null, wrongFirst ? 1 : -1);
        if (!wrongFirst) return b.finish(Integer.toString(right), true);
        ErrorLocation e = b.locate(v1, 1, "the sum is off by one", "calculation");
        Correction c = b.correct(e, "Redo the sum.", null);
        Attempt a2 = b.attempt(c.id(), 2, p.text(), "Let a = " + i + " and b = " + (i + 1) + ".\nWe add " + i + " and " + (i + 1) + ".\nThe sum is " + right
                + ".\nSo the answer is " + right + ".", Integer.toString(right), true, false);
        b.verify(a2, "Yes", Verdict.CORRECT, null, -1);
        return b.finish(Integer.toString(right), true);
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

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
