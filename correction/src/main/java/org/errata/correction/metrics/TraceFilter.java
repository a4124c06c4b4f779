package org.errata.correction.metrics;

import java.util.Comparator;
import java.util.Locale;
import org.errata.correction.trace.Verdict;
import org.jspecify.annotations.Nullable;

/**
 * Which traces of a run to list, and in what order. {@code text} is words found in the
 * problem's text or in any attempt's text (full-text search), or inside the problem id or final
 * answer; blank lists all. The other filters are on the final answer against gold, the last
 * verifier verdict (null: any), what the trace did ({@link Outcome}), a least number of attempts
 * and the step of the first error (null: any). The store applies all of it in SQL
 * (persistence's {@code TraceListQuery}); {@link #accepts} and {@link #order} say the same for lists held in
 * memory.
 */
public record TraceFilter(
        String text,
        Correctness correctness,
        @Nullable Verdict verdict,
        Outcome outcome,
        int minAttempts,
        @Nullable Integer firstErrorStep,
        Sort sort) {

    public static final TraceFilter ALL = new TraceFilter("", Correctness.ANY, null);

    public enum Correctness { ANY, RIGHT, WRONG, UNGRADED }

    /** What the trace did. */
    public enum Outcome {
        ANY, CORRECTED, BROKEN, VERIFIER_MISSED, FALSE_ALARM, ERROR_LOCATED
    }

    /** The list's order; ties (and {@code DATASET}) in the order of the problems in their dataset. */
    public enum Sort {
        DATASET, ATTEMPTS, FIRST_ERROR, CORRECTED, BROKEN, VERIFIER_MISSED, FALSE_ALARMS
    }

    public TraceFilter {
        text = text.strip();
        if (minAttempts < 0) throw new IllegalArgumentException("at least " + minAttempts + " attempts");
        if (firstErrorStep != null && firstErrorStep < 0) throw new IllegalArgumentException("first error step " + firstErrorStep);
    }

    /** Text, final answer and verdict only; any outcome, in dataset order. */
    public TraceFilter(String text, Correctness correctness, @Nullable Verdict verdict) {
        this(text, correctness, verdict, Outcome.ANY, 0, null, Sort.DATASET);
    }

    public TraceFilter withText(String t) { return new TraceFilter(t, correctness, verdict, outcome, minAttempts, firstErrorStep, sort); }
    public TraceFilter withOutcome(Outcome o) { return new TraceFilter(text, correctness, verdict, o, minAttempts, firstErrorStep, sort); }
    public TraceFilter withMinAttempts(int n) { return new TraceFilter(text, correctness, verdict, outcome, n, firstErrorStep, sort); }
    public TraceFilter withFirstErrorStep(@Nullable Integer s) { return new TraceFilter(text, correctness, verdict, outcome, minAttempts, s, sort); }
    public TraceFilter withSort(Sort s) { return new TraceFilter(text, correctness, verdict, outcome, minAttempts, firstErrorStep, s); }

    /**
     * Whether a row passes, for lists held in memory: every search word (case-insensitive) is in
     * the problem text or in one attempt text, or the whole text is inside the id or answer.
     */
    public boolean accepts(TraceSummary s, Iterable<String> attemptTexts) {
        boolean correctnessOk = switch (correctness) {
            case ANY -> true;
            case RIGHT -> Boolean.TRUE.equals(s.correct());
            case WRONG -> Boolean.FALSE.equals(s.correct());
            case UNGRADED -> s.correct() == null;
        };
        if (!correctnessOk) return false;
        if (verdict != null && verdict != s.lastVerdict()) return false;
        var o = s.outcome();
        boolean outcomeOk = switch (outcome) {
            case ANY -> true;
            case CORRECTED -> o.corrected();
            case BROKEN -> o.broken();
            case VERIFIER_MISSED -> o.verifierMissed() > 0;
            case FALSE_ALARM -> o.falseAlarms() > 0;
            case ERROR_LOCATED -> o.firstErrorStep() != null;
        };
        if (!outcomeOk || o.attempts() < minAttempts) return false;
        if (firstErrorStep != null && !firstErrorStep.equals(o.firstErrorStep())) return false;
        if (text.isEmpty()) return true;
        String needle = lower(text);
        if (lower(s.problem().value()).contains(needle)) return true;
        if (s.finalAnswer() != null && lower(s.finalAnswer()).contains(needle)) return true;
        if (allWordsIn(lower(s.problemText()))) return true;
        for (String a : attemptTexts) if (allWordsIn(lower(a))) return true;
        return false;
    }

    private boolean allWordsIn(String haystack) {
        for (String w : lower(text).split("\\s+")) if (!haystack.contains(w)) return false;
        return true;
    }

    /** The order of {@link #sort} for lists held in memory (stable: ties keep their order). */
    public Comparator<TraceSummary> order() {
        return switch (sort) {
            case DATASET -> (a, b) -> 0;
            case ATTEMPTS -> Comparator.comparingInt((TraceSummary s) -> -s.attempts());
            case FIRST_ERROR -> Comparator.comparingInt((TraceSummary s) ->
                    s.outcome().firstErrorStep() == null ? Integer.MAX_VALUE : s.outcome().firstErrorStep());
            case CORRECTED -> Comparator.comparingInt((TraceSummary s) -> s.outcome().corrected() ? 0 : 1);
            case BROKEN -> Comparator.comparingInt((TraceSummary s) -> s.outcome().broken() ? 0 : 1);
            case VERIFIER_MISSED -> Comparator.comparingInt((TraceSummary s) -> -s.outcome().verifierMissed());
            case FALSE_ALARMS -> Comparator.comparingInt((TraceSummary s) -> -s.outcome().falseAlarms());
        };
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
