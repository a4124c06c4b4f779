package org.errata.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.errata.app.Main;

/**
 * The {@code errata} command line in a child JVM on the test classpath: a real second process
 * (its own pid, its own stderr), for what one process cannot show about two.
 */
final class ChildErrata {

    /** A started child; its output goes to files so that it never blocks on a full pipe. */
    record Child(Process process, Path out, Path err) {
        long pid() {
            return process.pid();
        }

        /** Waits for the child to end (killing it after {@code limit}) and returns what it printed. */
        Result finish(Duration limit) throws IOException, InterruptedException {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the child did not end within " + limit + "; stderr: " + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }
    }

    record Result(int code, String out, String err) {
        /** The lines of stderr that hold text (progress redraws with carriage returns split too). */
        List<String> errLines() {
            List<String> lines = new ArrayList<>();
            for (String l : err.split("[\r\n]+")) {
                if (!l.isBlank()) lines.add(l);
            }
            return lines;
        }
    }

    private ChildErrata() {}

    static Child start(Path dir, Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Short-lived children: the C1 compiler only and the serial collector start fastest.
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "child", ".out");
        Path err = Files.createTempFile(dir, "child", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("ERRATA_OPENAI_API_KEY");
        pb.environment().remove("OPENAI_API_KEY");
        pb.environment().remove("ERRATA_DEBUG");
        pb.environment().putAll(env);
        return new Child(pb.start(), out, err);
    }

    static Result run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return start(dir, env, args).finish(Duration.ofMinutes(2));
    }
}
