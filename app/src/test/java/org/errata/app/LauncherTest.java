package org.errata.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./errata} launcher, run by bash on a copy in a scratch checkout with a stand-in for
 * Maven: what makes it rebuild, one build at a time, and no build left running when it is killed.
 */
@EnabledOnOs(OS.LINUX)
class LauncherTest {
    private static final FileTime OLD = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    private static final FileTime BUILT = FileTime.from(Instant.parse("2021-01-01T00:00:00Z"));
    private static final FileTime NEW = FileTime.from(Instant.parse("2022-01-01T00:00:00Z"));

    @TempDir Path root;
    private Path gate;
    private Path log;

    @BeforeEach
    void checkout() throws Exception {
        Path launcher = Path.of(System.getProperty("user.dir")).getParent().resolve("errata");
        Files.copy(launcher, root.resolve("errata"));
        write("pom.xml", "<project/>");
        write("app/pom.xml", "<project/>");
        write("app/src/main/java/A.java", "class A {}");
        write("app/src/test/java/ATest.java", "class ATest {}");
        write(".reference/llama/src/main/x.c", "int x;");
        write("app/target/generated/src/main/G.java", "class G {}");
        write("app/target/errata-app.jar", "jar");
        Files.createDirectories(root.resolve("app/target/lib"));
        write(".gitignore", "target/\n");
        assertThat(sh(root, "git", "init", "-q")).isZero();
        Files.writeString(root.resolve(".git/info/exclude"), "/.reference\n");
        assertThat(sh(root, "git", "add", "-A")).isZero();
        try (var files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) Files.setLastModifiedTime(p, OLD);
        }
        write("app/target/.errata-build-stamp", "");
        Files.setLastModifiedTime(root.resolve("app/target/.errata-build-stamp"), BUILT);
        // A stand-in for Maven: says it started, waits for the test to open its gate, then makes the
        // dependency folder as the real build does (the launcher removes it before building).
        gate = root.resolve("gate");
        log = root.resolve("mvn.log");
        assertThat(sh(root, "mkfifo", gate.toString())).isZero();
        Path mvn = write("bin/mvn", """
                #!/usr/bin/env bash
                echo "start $$" >> "%s"
                echo "fake-mvn pid $$"
                read -r _ < "%s"
                echo "end $$" >> "%s"
                mkdir -p "%s"
                """.formatted(log, gate, log, root.resolve("app/target/lib")));
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path write(String path, String text) throws Exception {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static int sh(Path dir, String... command) throws Exception {
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** Runs a function of the launcher in bash (the script sourced, nothing else of it run). */
    private Process launcher(String function) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source ./errata && " + function + " && echo DONE");
        pb.directory(root.toFile());
        Map<String, String> env = pb.environment();
        env.put("PATH", root.resolve("bin") + ":" + env.get("PATH"));
        return pb.start();
    }

    private String decision() throws Exception {
        Process p = launcher("{ needs_build && echo BUILD || echo FRESH; }");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out.lines().findFirst().orElse("");
    }

    private void touch(String path, FileTime time) throws Exception {
        Files.setLastModifiedTime(root.resolve(path), time);
    }

    @Test
    void onlyTheBuildsOwnSourcesMakeItRebuild() throws Exception {
        assertThat(decision()).isEqualTo("FRESH");
        touch(".reference/llama/src/main/x.c", NEW);
        assertThat(decision()).as("an ignored reference checkout").isEqualTo("FRESH");
        touch("app/target/generated/src/main/G.java", NEW);
        assertThat(decision()).as("build output").isEqualTo("FRESH");
        touch("app/src/test/java/ATest.java", NEW);
        assertThat(decision()).as("a test").isEqualTo("FRESH");
        touch("app/src/main/java/A.java", NEW);
        assertThat(decision()).as("a tracked source").isEqualTo("BUILD");
        touch("app/src/main/java/A.java", OLD);
        touch("app/pom.xml", NEW);
        assertThat(decision()).as("a module pom").isEqualTo("BUILD");
        touch("app/pom.xml", OLD);
        write("app/src/main/java/B.java", "class B {}");
        assertThat(decision()).as("a new source git would track").isEqualTo("BUILD");
        Files.delete(root.resolve("app/src/main/java/B.java"));
        assertThat(decision()).isEqualTo("FRESH");

        // Not a git checkout (a source archive): the same rule from the files on disk.
        assertThat(sh(root, "rm", "-rf", ".git")).isZero();
        assertThat(decision()).isEqualTo("FRESH");
        touch("app/src/main/java/A.java", NEW);
        assertThat(decision()).isEqualTo("BUILD");
        Files.delete(root.resolve("app/target/errata-app.jar"));
        touch("app/src/main/java/A.java", OLD);
        assertThat(decision()).as("nothing built yet").isEqualTo("BUILD");
    }

    @Test
    void twoLaunchersBuildOnceOneAfterTheOther() throws Exception {
        Files.delete(root.resolve("app/target/.errata-build-stamp"));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Process first = launcher("build_if_needed");
            BufferedReader firstErr = reader(first);
            assertThat(lineContaining(firstErr, "fake-mvn pid")).isPresent();
            Process second = launcher("build_if_needed");
            BufferedReader secondErr = reader(second);
            assertThat(lineContaining(secondErr, "waiting for another build")).isPresent();
            Files.writeString(gate, "go\n"); // the first build finishes
            assertThat(first.waitFor()).isZero();
            assertThat(second.waitFor()).isZero();
            assertThat(new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("DONE");
            assertThat(lineContaining(secondErr, "fake-mvn pid")).as("the second launcher found the build fresh").isEmpty();
        });
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("start ");
        assertThat(lines.get(1)).startsWith("end ");
        assertThat(root.resolve("app/target/.errata-build-stamp")).exists();
    }

    @Test
    void aKilledLauncherTakesItsBuildWithIt() throws Exception {
        Files.delete(root.resolve("app/target/.errata-build-stamp"));
        List<ProcessHandle> strays = new ArrayList<>();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                Process launcher = launcher("build_if_needed");
                String started = lineContaining(reader(launcher), "fake-mvn pid").orElseThrow();
                long pid = Long.parseLong(started.substring(started.lastIndexOf(' ') + 1));
                ProcessHandle mvn = ProcessHandle.of(pid).orElseThrow();
                strays.add(mvn);
                launcher.destroy(); // SIGTERM, as kill would send
                assertThat(launcher.waitFor()).isNotZero();
                // The launcher passed the signal on and waited for its build before it exited.
                assertThat(mvn.isAlive()).isFalse();
            });
        } finally {
            strays.forEach(ProcessHandle::destroyForcibly);
        }
        assertThat(Files.readAllLines(log)).singleElement().asString().startsWith("start ");
        assertThat(root.resolve("app/target/.errata-build-stamp")).doesNotExist();
    }

    /** What {@code cds_options} prints for a JDK major version and the launcher's arguments. */
    private List<String> cdsOptions(Map<String, String> env, String major, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source ./errata && JDK=\"${TEST_JDK:-/jdk}\" && cds_options \"$@\"", "bash", major);
        pb.command().addAll(List.of(args));
        pb.directory(root.toFile());
        pb.environment().remove("XDG_CACHE_HOME");
        pb.environment().remove("ERRATA_CDS");
        pb.environment().remove("DISPLAY");
        pb.environment().putAll(env);
        pb.redirectError(root.resolve("cds-options.err").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out.lines().toList();
    }

    private String mallocTunables(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source ./errata && malloc_tunables \"$@\"", "bash");
        pb.command().addAll(List.of(args));
        pb.directory(root.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    @Test
    void trainingKeepsTheMemoryMallocWasGivenOtherCommandsOnlyAskForHugePages() throws Exception {
        String training = mallocTunables("--db", "x.db", "train-demo", "--seed", "1", "--out", "m");
        assertThat(training).contains("glibc.malloc.hugetlb=1").contains("glibc.malloc.mmap_max=0")
                .contains("glibc.malloc.arena_max=1").contains("glibc.malloc.trim_threshold=");
        assertThat(mallocTunables("train-demo", "--eval-all")).isEqualTo(training);
        for (String[] other : List.of(new String[] {}, new String[] {"run", "--strategy", "spoc"},
                new String[] {"--db", "train-demo", "run"}, new String[] {"bench", "runtime"})) {
            assertThat(mallocTunables(other)).as(String.join(" ", other)).isEqualTo("glibc.malloc.hugetlb=1");
        }
    }

    @Test
    void onlyTheWorkbenchRunsWithAClassDataArchiveInTheCacheFolder() throws Exception {
        Map<String, String> cache = Map.of("XDG_CACHE_HOME", root.resolve("cache").toString());
        List<String> workbench = cdsOptions(cache, "21", "--db", "x.db", "--dark");
        assertThat(workbench).hasSize(3);
        assertThat(workbench.get(0)).startsWith("-XX:SharedArchiveFile=" + root.resolve("cache/errata/workbench-")).endsWith(".jsa");
        assertThat(workbench.subList(1, 3)).containsExactly("-XX:+AutoCreateSharedArchive", "-Xlog:cds*=off");
        assertThat(root.resolve("cache/errata")).isDirectory();
        assertThat(cdsOptions(cache, "21")).isEqualTo(workbench);

        assertThat(cdsOptions(cache, "25", "--db", "x.db", "runs")).as("a subcommand").isEmpty();
        assertThat(cdsOptions(cache, "25", "--help")).as("help").isEmpty();
        assertThat(cdsOptions(cache, "17")).as("a JDK without -XX:+AutoCreateSharedArchive").isEmpty();
        assertThat(cdsOptions(Map.of("XDG_CACHE_HOME", root.resolve("cache").toString(), "ERRATA_CDS", "0"), "25")).as("turned off").isEmpty();
        assertThat(cdsOptions(Map.of("XDG_CACHE_HOME", "relative", "HOME", root.resolve("home").toString()), "21").getFirst())
                .as("a relative XDG_CACHE_HOME is ignored").startsWith("-XX:SharedArchiveFile=" + root.resolve("home/.cache/errata/workbench-"));
        assertThat(cdsOptions(Map.of("XDG_CACHE_HOME", root.resolve("cache").toString(), "ERRATA_CDS", "cds"), "25"))
                .as("the class-data archive asked for on JDK 25").isEqualTo(workbench);
    }

    @Test
    void onJdk25TheFirstStartAfterABuildRecordsTheAheadOfTimeCacheTheSecondAssemblesItAndLaterStartsUseIt() throws Exception {
        Map<String, String> cache = Map.of("XDG_CACHE_HOME", root.resolve("cache").toString());
        List<String> first = cdsOptions(cache, "25", "--db", "x.db");
        assertThat(first.getFirst()).isEqualTo("-XX:AOTMode=record");
        assertThat(first.get(1)).startsWith("-XX:AOTConfiguration=" + root.resolve("cache/errata/workbench-")).endsWith(".aotconf");
        assertThat(first.subList(2, first.size())).containsExactly("-Xlog:aot*=off", "-Xlog:cds*=off",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:-DisplayVMOutput");
        String conf = first.get(1).substring("-XX:AOTConfiguration=".length());
        String base = conf.substring(0, conf.length() - ".aotconf".length());
        Files.writeString(Path.of(conf), "as the recording JVM leaves it");

        // the second start runs without options while a background JVM assembles the cache; here
        // that JVM is /jdk/bin/java, which does not exist, so the assembly fails and leaves nothing
        assertThat(cdsOptions(cache, "25", "--db", "x.db")).isEmpty();
        Path lock = Path.of(base + ".lock");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            while (Files.exists(lock)) Thread.onSpinWait();
        });
        assertThat(Path.of(base + ".aot")).doesNotExist();
        assertThat(Path.of(base + ".part.aot")).doesNotExist();

        // an assembly under way (its lock folder) is not started twice; a lock left for over ten
        // minutes (a machine that stopped) is taken over
        Files.createDirectory(lock);
        assertThat(cdsOptions(cache, "25", "--db", "x.db")).isEmpty();
        assertThat(lock).as("a fresh lock is left alone").isDirectory();
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofMinutes(11))));
        assertThat(cdsOptions(cache, "25", "--db", "x.db")).isEmpty();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            while (Files.exists(lock)) Thread.onSpinWait();
        });

        Path aot = Path.of(base + ".aot");
        Files.writeString(aot, "as the assembling JVM leaves it");
        assertThat(cdsOptions(cache, "25", "--db", "x.db")).containsExactly("-XX:AOTCache=" + aot, "-Xlog:aot*=off", "-Xlog:cds*=off");

        // a build (a newer stamp) makes both stale: the next start records anew and removes them
        Path stamp = root.resolve("app/target/.errata-build-stamp");
        Files.createDirectories(stamp.getParent());
        Files.writeString(stamp, "");
        Files.setLastModifiedTime(stamp, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        List<String> next = cdsOptions(cache, "25", "--db", "x.db");
        assertThat(next.getFirst()).isEqualTo("-XX:AOTMode=record");
        assertThat(next.get(1)).isNotEqualTo(first.get(1));
        assertThat(aot).as("the earlier build's cache").doesNotExist();
        assertThat(Path.of(conf)).as("the earlier build's record").doesNotExist();
    }

    @Test
    void benchGuiRunsWithAnAheadOfTimeCacheItsLauncherTrainedOncePerBuildOnAPassOfItsOwn() throws Exception {
        // a stand-in JDK: notes each call's arguments; "creating" a cache writes the file named
        Path jdk = root.resolve("jdk");
        Path calls = jdk.resolve("calls");
        write("jdk/bin/java", "#!/bin/bash\necho \"$*\" >> " + calls + "\n"
                + "for a in \"$@\"; do case \"$a\" in -XX:AOTCache=*) echo cache > \"${a#-XX:AOTCache=}\";; esac; done\n");
        Files.setPosixFilePermissions(jdk.resolve("bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("XDG_CACHE_HOME", root.resolve("cache").toString(), "TEST_JDK", jdk.toString(), "DISPLAY", ":9");

        List<String> first = cdsOptions(env, "25", "--db", "bench.db", "bench", "gui", "--tokens", "0");
        List<String> trained = Files.readAllLines(calls);
        assertThat(trained).hasSize(2);
        assertThat(trained.get(0)).contains("-XX:AOTMode=record", "org.errata.app.Main bench gui --problems 2000 --scroll-seconds 2 --tokens 0")
                .as("the training pass has a throwaway run, not the measured file").doesNotContain("bench.db");
        assertThat(trained.get(1)).contains("-XX:AOTMode=create");
        assertThat(first).hasSize(3);
        assertThat(first.getFirst()).startsWith("-XX:AOTCache=" + root.resolve("cache/errata/bench-gui-")).endsWith(".aot");
        assertThat(Path.of(first.getFirst().substring("-XX:AOTCache=".length()))).hasContent("cache");
        assertThat(Files.readString(root.resolve("cds-options.err"))).contains("bench gui: training its ahead-of-time cache");
        try (var left = Files.list(root.resolve("cache/errata"))) {
            assertThat(left.map(f -> f.getFileName().toString()).toList()).as("nothing but the cache").hasSize(1);
        }

        assertThat(cdsOptions(env, "25", "bench", "gui")).as("later calls of the same build").isEqualTo(first);
        assertThat(Files.readAllLines(calls)).as("trained once").hasSize(2);
        assertThat(cdsOptions(env, "25", "bench", "runtime")).as("another bench").isEmpty();
        assertThat(cdsOptions(Map.of("XDG_CACHE_HOME", root.resolve("cache").toString(), "ERRATA_CDS", "0"), "25", "bench", "gui"))
                .as("turned off").isEmpty();
        assertThat(cdsOptions(env, "21", "bench", "gui")).as("a JDK without the ahead-of-time cache").isEmpty();

        // a build makes it stale: the next call trains anew and removes it; without a display nothing is trained
        Path stamp = root.resolve("app/target/.errata-build-stamp");
        Files.setLastModifiedTime(stamp, NEW);
        assertThat(cdsOptions(Map.of("XDG_CACHE_HOME", root.resolve("cache").toString(), "TEST_JDK", jdk.toString()), "25", "bench", "gui"))
                .as("no display").isEmpty();
        assertThat(Files.readAllLines(calls)).hasSize(2);
        List<String> next = cdsOptions(env, "25", "bench", "gui");
        assertThat(Files.readAllLines(calls)).hasSize(4);
        assertThat(next.getFirst()).isNotEqualTo(first.getFirst());
        assertThat(Path.of(first.getFirst().substring("-XX:AOTCache=".length()))).as("the earlier build's cache").doesNotExist();

        // a training pass that fails (here: a JDK that is not there) leaves nothing and the bench runs without a cache
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.parse("2023-01-01T00:00:00Z")));
        assertThat(cdsOptions(Map.of("XDG_CACHE_HOME", root.resolve("cache").toString(), "DISPLAY", ":9"), "25", "bench", "gui")).isEmpty();
        assertThat(Files.readString(root.resolve("cds-options.err"))).contains("training the cache failed; measuring without it");
        try (var left = Files.list(root.resolve("cache/errata"))) {
            assertThat(left.toList()).as("only the other JDK's cache").containsExactly(Path.of(next.getFirst().substring("-XX:AOTCache=".length())));
        }
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    }

    /** Reads stderr up to the first line containing {@code text}; empty when the stream ends without one. */
    private static Optional<String> lineContaining(BufferedReader err, String text) throws Exception {
        String line;
        while ((line = err.readLine()) != null) {
            if (line.contains(text)) return Optional.of(line);
        }
        return Optional.empty();
    }
}
