package org.errata.app.services;

import org.errata.correction.trace.Verdict;
import org.jspecify.annotations.Nullable;

/**
 * Which traces of a run to list: problem text or final answer containing {@code text}
 * (blank: all), final answer right or wrong against gold, and the last verifier verdict
 * (null: any).
 */
public record TraceFilter(String text, Correctness correctness, @Nullable Verdict verdict) {
    public static final TraceFilter ALL = new TraceFilter("", Correctness.ANY, null);

    public enum Correctness { ANY, RIGHT, WRONG, UNGRADED }

    public TraceFilter {
        text = text.strip();
    }

    public boolean accepts(TraceSummary s) {
        boolean correctnessOk = switch (correctness) {
            case ANY -> true;
            case RIGHT -> Boolean.TRUE.equals(s.correct());
            case WRONG -> Boolean.FALSE.equals(s.correct());
            case UNGRADED -> s.correct() == null;
        };
        if (!correctnessOk) return false;
        if (verdict != null && verdict != s.lastVerdict()) return false;
        if (text.isEmpty()) return true;
        String needle = text.toLowerCase(java.util.Locale.ROOT);
        return s.problemText().toLowerCase(java.util.Locale.ROOT).contains(needle)
                || s.problem().value().toLowerCase(java.util.Locale.ROOT).contains(needle)
                || (s.finalAnswer() != null && s.finalAnswer().toLowerCase(java.util.Locale.ROOT).contains(needle));
    }
}
