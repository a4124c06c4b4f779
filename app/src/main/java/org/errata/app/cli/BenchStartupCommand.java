package org.errata.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.errata.app.StartupTimeline;
import org.errata.app.gui.WorkbenchApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How long a person waits for a usable workbench: starts the workbench as a new process, the
 * way a user does ({@code ./errata} when this checkout has it), on a fresh database, and times
 * it until the window is shown with a trace open (or the library loaded and empty); then it
 * quits. The child reports when it is usable ({@link WorkbenchApp#REPORT_READY}); this command
 * measures from the moment it started the process, and also prints the child's own figure
 * (from its JVM's start). Needs a display: under a headless machine, {@code xvfb-run}.
 */
@Command(name = "startup", description = "Times the workbench from process start to its first usable window, a fresh process each run (needs a display).")
public final class BenchStartupCommand implements Callable<Integer> {
    /** The target of the workbench issue: a usable window within 3 s on 2 cores. */
    static final long TARGET_MS = 3_000;

    @Spec CommandSpec spec;

    @Option(names = "--runs", defaultValue = "5", description = "Fresh starts to time (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS",
            description = "Give up on a start after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--reuse", description = "Every timed run opens one database, made by an untimed first start "
            + "(a daily start; default: a fresh database each run, a first start).")
    boolean reuse;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        if (runs < 1 || runs > 100) throw new IllegalArgumentException("--runs " + runs + " is out of range: 1 to 100");
        if (!hasDisplay(System.getenv("DISPLAY"), System.getProperty("glass.platform"))) throw new IllegalStateException(NO_DISPLAY);
        out.printf("workbench start to first usable window, %d fresh processes on %s; load average %s%n", runs,
                reuse ? "one database made by a first start" : "a fresh database each",
                org.errata.runtime.reference.LoadAverage.text(" ", "unknown"));
        List<Long> wall = new ArrayList<>();
        List<Long> jvm = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        List<java.util.SequencedMap<String, Long>> timelines = new ArrayList<>();
        List<String> printed = new ArrayList<>();
        Path shared = reuse ? Files.createTempDirectory("errata-startup") : null;
        try {
            if (shared != null) startOnce(shared.resolve("errata.db")); // makes the database, untimed
            for (int i = 0; i < runs; i++) {
                Path dir = shared != null ? shared : Files.createTempDirectory("errata-startup");
                try {
                    Start t = startOnce(dir.resolve("errata.db"));
                    wall.add(t.wallMs());
                    jvm.add(t.jvmMs());
                    cpu.add(t.cpuMs());
                    timelines.add(t.timeline());
                    printed.addAll(t.printed());
                    out.printf(Locale.ROOT, "  run %d: %,d ms (the child's JVM: %,d ms from its start, %,d ms of CPU)%n",
                            i + 1, t.wallMs(), t.jvmMs(), t.cpuMs());
                    out.flush();
                } finally {
                    if (shared == null) deleteTree(dir);
                }
            }
        } finally {
            if (shared != null) deleteTree(shared);
        }
        long median = median(wall);
        out.println("timeline, median ms from the child's JVM start: " + medianTimeline(timelines));
        out.printf(Locale.ROOT, "median CPU time of the child until usable (all threads; less load-sensitive): %,d ms%n", median(cpu));
        out.println(printed.isEmpty() ? "the workbench wrote nothing else to the console or its log"
                : "the workbench also wrote " + printed.size() + " line(s), e.g.: " + printed.getFirst());
        out.printf(Locale.ROOT, "load average %s%n", org.errata.runtime.reference.LoadAverage.text(" ", "unknown"));
        out.printf(Locale.ROOT, "median first usable window: %,d ms (JVM part %,d ms); target < %,d ms: %s%n",
                median, median(jvm), TARGET_MS, median < TARGET_MS ? "met" : "missed");
        out.flush();
        return 0;
    }

    /** One start: wall time from before the process started, the child's own figure, its CPU time until then, its timeline, and what else it wrote. */
    record Start(long wallMs, long jvmMs, long cpuMs, java.util.SequencedMap<String, Long> timeline, List<String> printed) {}

    /** Each mark's median over the runs, in the order of the first run, e.g. {@code main=310 cli=650 …}. */
    static String medianTimeline(List<java.util.SequencedMap<String, Long>> timelines) {
        if (timelines.isEmpty()) return "none";
        java.util.StringJoiner j = new java.util.StringJoiner(" ");
        for (String mark : timelines.getFirst().keySet()) {
            List<Long> at = timelines.stream().map(t -> t.get(mark)).filter(java.util.Objects::nonNull).toList();
            j.add(mark + "=" + median(at));
        }
        return j.toString();
    }

    static final String NO_DISPLAY = "bench startup opens real windows and there is no display here: run it under one, e.g. xvfb-run -a ./errata bench startup";

    /** Whether a window can open: an X display, or JavaFX's headless Monocle platform. */
    static boolean hasDisplay(@org.jspecify.annotations.Nullable String display, @org.jspecify.annotations.Nullable String glassPlatform) {
        return display != null && !display.isBlank() || "Monocle".equals(glassPlatform);
    }

    /** Starts the workbench once on {@code db}. */
    private Start startOnce(Path db) throws IOException, InterruptedException {
        Path log = org.errata.persistence.db.DataPaths.logFile(db);
        long logged = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder pb = new ProcessBuilder(command(db));
        String opts = System.getenv().getOrDefault("ERRATA_JAVA_OPTS", "");
        pb.environment().put("ERRATA_JAVA_OPTS", (opts + " -D" + WorkbenchApp.REPORT_READY + "=true").strip());
        pb.redirectErrorStream(true);
        long start = System.nanoTime();
        Process p = pb.start();
        long[] result = null;
        java.util.SequencedMap<String, Long> timeline = new java.util.LinkedHashMap<>();
        List<String> printed = new ArrayList<>();
        long cpuMs = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            // The reader ends when the child ends; a child that hangs is ended by the watchdog below.
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) p.destroyForcibly();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith(WorkbenchApp.READY_LINE + " ") && result == null) {
                    long wallMs = (System.nanoTime() - start) / 1_000_000;
                    result = new long[] {wallMs, Long.parseLong(line.substring(WorkbenchApp.READY_LINE.length() + 1).strip())};
                } else if (line.startsWith(WorkbenchApp.CPU_LINE + " ")) {
                    cpuMs = Long.parseLong(line.substring(WorkbenchApp.CPU_LINE.length() + 1).strip());
                } else if (line.startsWith(StartupTimeline.LINE + " ")) {
                    timeline = StartupTimeline.parse(line);
                } else if (!line.isBlank() && printed.size() < 20) {
                    printed.add(line);
                }
            }
            watchdog.interrupt();
        }
        p.waitFor(10, TimeUnit.SECONDS);
        if (result == null) {
            throw new IllegalStateException("the workbench did not report a usable window within " + timeoutSeconds + " s"
                    + (printed.isEmpty() ? "" : "; it printed: " + printed.getLast()));
        }
        if (Files.exists(log) && Files.size(log) > logged) {
            byte[] all = Files.readAllBytes(log);
            String added = new String(all, (int) Math.min(logged, all.length), (int) Math.max(0, all.length - logged), StandardCharsets.UTF_8);
            added.lines().filter(l -> !l.isBlank()).forEach(l -> printed.add("(log) " + l));
        }
        return new Start(result[0], result[1], cpuMs, timeline, printed);
    }

    /** The launcher of this checkout when there is one (what a user runs), else this JVM's java and class path. */
    static List<String> command(Path db) {
        Path launcher = checkoutRoot().map(root -> root.resolve("errata")).filter(Files::isExecutable).orElse(null);
        List<String> cmd = new ArrayList<>();
        if (launcher != null) {
            cmd.add(launcher.toString());
        } else {
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            // The toolkit settings this JVM runs with (a headless test runs on Monocle), and the report flag.
            for (String key : System.getProperties().stringPropertyNames()) {
                if (key.startsWith("glass.") || key.startsWith("monocle.") || key.startsWith("prism.")) {
                    cmd.add("-D" + key + "=" + System.getProperty(key));
                }
            }
            // as the launcher runs it: native access for SQLite and DJL without the JDK's warnings
            cmd.add("--enable-native-access=ALL-UNNAMED");
            if (Runtime.version().feature() >= 23) cmd.add("--sun-misc-unsafe-memory-access=allow");
            cmd.add("-Dai.djl.offline=true");
            cmd.add("-D" + WorkbenchApp.REPORT_READY + "=true");
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(org.errata.app.Main.class.getName());
        }
        cmd.add("--db");
        cmd.add(db.toString());
        return cmd;
    }

    /** The checkout holding app/target/errata-app.jar, when this JVM runs from it. */
    private static java.util.Optional<Path> checkoutRoot() {
        try {
            Path jar = Path.of(BenchStartupCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!jar.getFileName().toString().equals("errata-app.jar")) return java.util.Optional.empty();
            Path target = jar.getParent();
            Path app = target == null ? null : target.getParent();
            return java.util.Optional.ofNullable(app == null ? null : app.getParent());
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
