package org.errata.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * When each step of a workbench start happened: a few named marks (the JVM's start, {@code main},
 * the toolkit, the database, the window shown, the first data shown), each in milliseconds since
 * the JVM started. {@code errata bench startup} reads the line {@link #line()} prints, so a start
 * can be broken down into its steps; a step's own length depends far less on the machine's load
 * than the total does. Recording a mark costs a clock read; nothing is printed unless asked.
 */
public final class StartupTimeline {
    /** The line's first word, followed by {@code name=ms} pairs in the order they happened. */
    public static final String LINE = "errata-timeline";

    private record Mark(String name, long epochMs) {}

    private static final List<Mark> MARKS = new ArrayList<>();

    private StartupTimeline() {}

    /** Records that {@code name} happened now. A name must be one word. */
    public static synchronized void mark(String name) {
        if (name.isBlank() || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == '=')) {
            throw new IllegalArgumentException("a mark is one word: '" + name + "'");
        }
        MARKS.add(new Mark(name, System.currentTimeMillis()));
    }

    /**
     * {@value #LINE} followed by every mark as {@code name=ms since the JVM started}, sorted by time.
     * {@code jvmStartMs} is the JVM's start (epoch milliseconds).
     */
    public static synchronized String line(long jvmStartMs) {
        StringJoiner j = new StringJoiner(" ", LINE + " ", "");
        MARKS.stream().sorted(java.util.Comparator.comparingLong(Mark::epochMs))
                .forEach(m -> j.add(String.format(Locale.ROOT, "%s=%d", m.name(), m.epochMs() - jvmStartMs)));
        return j.toString();
    }

    /** Reads a line written by {@link #line}: the marks in order, name to ms. */
    public static java.util.SequencedMap<String, Long> parse(String line) {
        if (!line.startsWith(LINE + " ") && !line.equals(LINE)) throw new IllegalArgumentException("not a timeline: " + line);
        java.util.LinkedHashMap<String, Long> marks = new java.util.LinkedHashMap<>();
        for (String pair : line.substring(LINE.length()).strip().split(" +")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("not a mark: " + pair);
            marks.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
        }
        return marks;
    }

    /** Forgets every mark (tests). */
    static synchronized void clear() {
        MARKS.clear();
    }

    /** The marks recorded so far, by name (tests). */
    static synchronized List<String> names() {
        List<String> names = new ArrayList<>();
        for (Mark m : MARKS) names.add(m.name());
        return names;
    }
}
