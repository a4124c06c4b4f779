package org.errata.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.AggregateKind;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.ModelRef;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Sampling;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.errata.correction.metrics.TraceSummary;
import org.errata.persistence.trace.TraceWriter;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Streams a synthetic run through the {@link TraceWriter} (the path a real run takes) and prints
 * nodes/s written, the time to load one tree and to list the run, and the file size.
 */
@Command(name = "store", description = "Writes a synthetic run (problems x nodes) through the streaming writer into a temporary database (or --db) and prints nodes/s written, ms to load one tree and to list the run.")
public final class BenchStoreCommand implements Callable<Integer> {
    @ParentCommand BenchCommand bench;
    @Spec CommandSpec spec;

    @Option(names = "--problems", defaultValue = "10000", description = "Problems in the run (default: ${DEFAULT-VALUE}).")
    int problems;

    @Option(names = "--nodes", defaultValue = "10", description = "Nodes per tree (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--loads", defaultValue = "50",
            description = "Random trees loaded after writing; the first loads run cold (default: ${DEFAULT-VALUE}).")
    int loads;

    @Option(names = "--ids", defaultValue = "random",
            description = "Node ids: random (UUIDv4, what the engine makes) or time-ordered (UUIDv7 layout) (default: ${DEFAULT-VALUE}).")
    String ids;

    @Override
    public Integer call() throws Exception {
        if (problems < 1 || nodes < 1 || loads < 1) {
            throw new IllegalArgumentException("--problems, --nodes and --loads must be positive");
        }
        Supplier<NodeId> newId = switch (ids) {
            case "random" -> NodeId::random;
            case "time-ordered" -> BenchStoreCommand::timeOrderedId;
            default -> throw new IllegalArgumentException("--ids must be random or time-ordered, not " + ids);
        };
        PrintWriter out = spec.commandLine().getOut();
        @Nullable Path explicit = bench.main().explicitDatabase();
        Path tmpDir = explicit == null ? Files.createTempDirectory("errata-bench") : null;
        Path file = explicit != null ? explicit : tmpDir.resolve("bench.db");
        try (Database db = Database.open(file)) {
            Run run = new Run(RunId.random(), "bench store", "bench", "bench", Map.of("nodes", nodes),
                    List.of(new ModelRef("student", "synthetic", "none", null, null, "")), Map.of(),
                    new Sampling(0, 0, 1, 0, 0, 0), false, "bench", null, Instant.now(), RunStatus.PENDING);
            List<ProblemId> ids = new ArrayList<>(problems);
            for (int i = 0; i < problems; i++) ids.add(ProblemId.of("bench", Integer.toString(i)));

            // The events are built before the clock starts: the figures are the store's, not the generator's.
            List<LoopEvent> events = new ArrayList<>(problems * (nodes + 2) + 2);
            events.add(new LoopEvent.RunStarted(run));
            for (ProblemId p : ids) {
                events.add(new LoopEvent.TraceStarted(run.id(), p));
                for (TraceNode n : tree(nodes, newId)) events.add(new LoopEvent.NodeAdded(run.id(), p, n));
                events.add(new LoopEvent.TraceFinished(run.id(), p, TraceStatus.FINISHED, "42", true));
            }
            events.add(new LoopEvent.RunEnded(run.id(), LoopEvent.RunOutcome.FINISHED, null));

            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            long written;
            long writerCpu;
            try (TraceWriter writer = new TraceWriter(db)) {
                for (LoopEvent e : events) writer.on(e);
                writer.flush();
                written = writer.nodesWritten();
                writerCpu = threadCpuNanos(TraceWriter.THREAD_NAME);
            }
            double writeS = (System.nanoTime() - t0) / 1e9;
            long cpu = processCpuNanos() - cpu0;

            TraceStore store = new TraceStore(db);
            Random random = new Random(7);
            double[] loadMs = new double[loads];
            int loadedNodes = 0;
            for (int i = 0; i < loadMs.length; i++) {
                ProblemId p = ids.get(random.nextInt(ids.size()));
                long s = System.nanoTime();
                Trace t = store.loadTrace(run.id(), p);
                loadMs[i] = (System.nanoTime() - s) / 1e6;
                loadedNodes = t.nodes().size();
            }
            long s1 = System.nanoTime();
            List<TraceSummary> page = store.traces(run.id(), 0, 100);
            double firstPageMs = (System.nanoTime() - s1) / 1e6;
            long s2 = System.nanoTime();
            List<TraceSummary> all = store.traces(run.id(), 0, Integer.MAX_VALUE);
            double fullMs = (System.nanoTime() - s2) / 1e6;
            long s3 = System.nanoTime();
            int finished = store.finishedProblems(run.id()).size();
            double finishedMs = (System.nanoTime() - s3) / 1e6;

            out.printf(Locale.ROOT, "database      %s%n", file.toAbsolutePath());
            out.printf(Locale.ROOT, "written       %d problems x %d nodes = %d nodes in %.2f s: %.0f nodes/s%n",
                    problems, nodes, written, writeS, written / writeS);
            if (cpu >= 0) {
                out.printf(Locale.ROOT, "write cpu     process %.2f s per 100k nodes (user+sys, JIT and GC included);"
                        + " writer thread %.2f s per 100k nodes%n",
                        cpu / 1e9 * 100_000 / Math.max(1, written), writerCpu / 1e9 * 100_000 / Math.max(1, written));
            }
            out.printf(Locale.ROOT, "load tree     %d nodes: first %.2f ms, median %.2f ms, max %.2f ms (%d random trees)%n",
                    loadedNodes, loadMs[0], median(loadMs), Arrays.stream(loadMs).max().orElse(0), loadMs.length);
            out.printf(Locale.ROOT, "list run      first page (%d rows) %.2f ms; full (%d rows) %.2f ms; finished set (%d) %.2f ms%n",
                    page.size(), firstPageMs, all.size(), fullMs, finished, finishedMs);
            out.printf(Locale.ROOT, "file size     %.1f MiB (with WAL)%n", size(file) / (1024.0 * 1024.0));
            out.flush();
        } finally {
            if (tmpDir != null) deleteTree(tmpDir);
        }
        return 0;
    }

    /** A plausible tree: attempts with steps, a verification, a located error, a correction, an aggregate. */
    static List<TraceNode> tree(int size) {
        return tree(size, NodeId::random);
    }

    static List<TraceNode> tree(int size, Supplier<NodeId> newId) {
        List<TraceNode> out = new ArrayList<>(size);
        String text = "Let x be the number of eggs. She has 16 - 3 - 4 = 9 eggs left.\n\n"
                + "She sells them at $2 each, so 9 * 2 = 18 dollars.\n\nThe answer is \\boxed{18}.";
        NodeId attempt = null;
        NodeId last = null;
        for (int i = 0; i < size; i++) {
            NodeId id = newId.get();
            TraceNode n = switch (i % 10) {
                case 0, 7 -> {
                    attempt = id;
                    yield new Attempt(id, last, i, i / 7 + 1, AttemptRole.PROPOSER, "synthetic", "Solve the problem.",
                            text, "18", "boxed", true, Map.of(), new CallStats(120, 0, 60, 900), NodeStatus.OK, null, List.of());
                }
                case 1, 2, 3, 8 -> new Step(id, attempt, i, i % 10 - 1, 0, 60, "paragraph");
                case 4 -> new Verification(id, attempt, i, VerifierRole.SELF, "synthetic", "Check it.",
                        "Verification: Is the answer correct (Yes/No)? No", Verdict.INCORRECT, "spoc", 0.2,
                        List.of(), 1, 1, new CallStats(200, 120, 20, 300), NodeStatus.OK, null);
                case 5 -> new ErrorLocation(id, last, i, 1, "The product is wrong.", "calculation");
                case 6 -> new Correction(id, last, i, "Recompute 9 * 2.", null, "synthetic");
                default -> new Aggregate(id, null, i, AggregateKind.VOTE, attempt == null ? List.of() : List.of(attempt),
                        "18", attempt, true, Map.of(), "");
            };
            if (n instanceof Attempt || n instanceof Verification || n instanceof ErrorLocation || n instanceof Correction) {
                last = id;
            }
            out.add(n);
        }
        return out;
    }

    /** CPU time (user + system) of the whole process so far, or -1 where the JVM cannot tell. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /**
     * A UUIDv7-style id: 48 bits of Unix milliseconds first (so ids sort by creation time and
     * inserts land at the end of the id index), then the version, then 74 random bits.
     */
    static NodeId timeOrderedId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
        long lsb = (random.nextLong() & 0x3fff_ffff_ffff_ffffL) | 0x8000_0000_0000_0000L;
        return new NodeId(new UUID(msb, lsb).toString());
    }

    /** CPU time of the live thread called {@code name}, or -1. */
    private static long threadCpuNanos(String name) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) return threads.getThreadCpuTime(t.threadId());
        }
        return -1;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long size(Path file) throws IOException {
        long total = 0;
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path p = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(p)) total += Files.size(p);
        }
        return total;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
