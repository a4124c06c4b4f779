package org.errata.app;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The one logging setup. Our code logs through {@link System.Logger}, Flyway and DJL through
 * SLF4J (bound to {@code slf4j-jdk14}); both end in {@code java.util.logging}, configured here:
 * libraries' chatter is kept to warnings, and the console shows each record as one line,
 * never a stack trace (unless {@code ERRATA_DEBUG} is set). While a run or the workbench goes on
 * ({@link #toFile}) every record, with its stack trace, goes to the log file beside the database
 * and none to the console: the run command prints its own one line per failure.
 */
public final class Logging {

    /** Strong references: java.util.logging forgets the level of a logger nobody holds. */
    private static final List<Logger> CONFIGURED = new ArrayList<>();
    private static boolean configured;

    private Logging() {}

    /** Sets up java.util.logging once per process (later calls do nothing). */
    public static synchronized void configure() {
        if (configured) return;
        configured = true;
        level("org.flywaydb", Level.WARNING);
        // DJL reports engine start-up at INFO and a missing CUDA driver as a warning on every CPU machine.
        level("ai.djl", Level.WARNING);
        level("ai.djl.util.cuda", Level.SEVERE);
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) {
            if (h instanceof ConsoleHandler) root.removeHandler(h);
        }
        root.addHandler(new OneLineConsole());
    }

    private static void level(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        CONFIGURED.add(logger);
    }

    /**
     * Until closed: every record (INFO and up, with stack traces) is appended to {@code file},
     * and the console shows none.
     */
    public static FileLog toFile(Path file) throws IOException {
        configure();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new FileLog(file, out);
        } catch (IOException e) {
            throw new IOException("cannot write the log file " + file + ": " + e, e);
        }
    }

    /** An open log file; {@link #close} restores the console and closes the file. */
    public static final class FileLog implements AutoCloseable {
        private final Path file;
        private final StreamHandler handler;
        private final List<Handler> muted = new ArrayList<>();
        private final List<Level> mutedLevels = new ArrayList<>();

        private FileLog(Path file, OutputStream out) {
            this.file = file;
            this.handler = new StreamHandler(out, new Detailed()) {
                @Override
                public synchronized void publish(LogRecord record) {
                    super.publish(record);
                    flush();
                }
            };
            handler.setLevel(Level.INFO);
            Logger root = LogManager.getLogManager().getLogger("");
            for (Handler h : root.getHandlers()) {
                if (h instanceof OneLineConsole || h instanceof ConsoleHandler) {
                    muted.add(h);
                    mutedLevels.add(h.getLevel());
                    h.setLevel(Level.OFF);
                }
            }
            root.addHandler(handler);
        }

        public Path file() {
            return file;
        }

        @Override
        public void close() {
            Logger root = LogManager.getLogManager().getLogger("");
            root.removeHandler(handler);
            handler.close();
            for (int i = 0; i < muted.size(); i++) muted.get(i).setLevel(mutedLevels.get(i));
        }
    }

    /** "errata: message" on standard error, warnings and up, without the stack trace. */
    static final class OneLineConsole extends Handler {
        OneLineConsole() {
            setLevel(Level.WARNING);
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) return;
            String message = record.getMessage();
            if (record.getParameters() != null && record.getParameters().length > 0) {
                message = new java.util.logging.SimpleFormatter().formatMessage(record);
            }
            Throwable thrown = record.getThrown();
            if (thrown != null && (message == null || message.isBlank())) message = String.valueOf(thrown);
            PrintStream err = System.err;
            err.println("errata: " + (message == null ? "" : message.lines().findFirst().orElse("")));
            if (thrown != null && System.getenv("ERRATA_DEBUG") != null) thrown.printStackTrace(err);
            err.flush();
        }

        @Override public void flush() { System.err.flush(); }
        @Override public void close() { }
    }

    /** Time, level, logger, message, then the whole stack trace. */
    static final class Detailed extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder out = new StringBuilder();
            out.append(Instant.ofEpochMilli(record.getMillis())).append(' ').append(record.getLevel().getName())
                    .append(' ').append(record.getLoggerName()).append(": ").append(formatMessage(record))
                    .append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                out.append(trace);
            }
            return out.toString();
        }
    }
}
