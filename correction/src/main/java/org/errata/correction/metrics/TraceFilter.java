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
 * (persistence's {@code TraceListQuery}); {@link #accepts}, {@link #admits}, {@link #order} and
 * {@link #sortKey} say the same for lists held in memory (the store's tests check they agree).
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
        if (!admits(s.correct(), s.lastVerdict(), s.outcome())) return false;
        if (text.isEmpty()) return true;
        String needle = lower(text);
        if (lower(s.problem().value()).contains(needle)) return true;
        if (s.finalAnswer() != null && lower(s.finalAnswer()).contains(needle)) return true;
        if (allWordsIn(lower(s.problemText()))) return true;
        for (String a : attemptTexts) if (allWordsIn(lower(a))) return true;
        return false;
    }

    /**
     * Whether a trace that did {@code o} passes every condition but the text (its final answer's
     * grade and last verdict as {@code o} holds them): for a run's outcomes held in memory.
     */
    public boolean admits(TraceOutcome o) {
        return admits(o.finalCorrect(), o.lastVerdict(), o);
    }

    private boolean admits(@Nullable Boolean correct, @Nullable Verdict last, TraceOutcome o) {
        boolean correctnessOk = switch (correctness) {
            case ANY -> true;
            case RIGHT -> Boolean.TRUE.equals(correct);
            case WRONG -> Boolean.FALSE.equals(correct);
            case UNGRADED -> correct == null;
        };
        if (!correctnessOk) return false;
        if (verdict != null && verdict != last) return false;
        boolean outcomeOk = switch (outcome) {
            case ANY -> true;
            case CORRECTED -> o.corrected();
            case BROKEN -> o.broken();
            case VERIFIER_MISSED -> o.verifierMissed() > 0;
            case FALSE_ALARM -> o.falseAlarms() > 0;
            case ERROR_LOCATED -> o.firstErrorStep() != null;
        };
        if (!outcomeOk || o.attempts() < minAttempts) return false;
        return firstErrorStep == null || firstErrorStep.equals(o.firstErrorStep());
    }

    private boolean allWordsIn(String haystack) {
        for (String w : lower(text).split("\\s+")) if (!haystack.contains(w)) return false;
        return true;
    }

    /** The order of {@link #sort} for lists held in memory (stable: ties keep their order). */
    public Comparator<TraceSummary> order() {
        return Comparator.comparingInt((TraceSummary s) -> sortKey(s.outcome()));
    }

    /** What {@link #sort} orders by, least first ({@code DATASET}: 0 for every trace, so the dataset's order stays). */
    public int sortKey(TraceOutcome o) {
        return switch (sort) {
            case DATASET -> 0;
            case ATTEMPTS -> -o.attempts();
            case FIRST_ERROR -> o.firstErrorStep() == null ? Integer.MAX_VALUE : o.firstErrorStep();
            case CORRECTED -> o.corrected() ? 0 : 1;
            case BROKEN -> o.broken() ? 0 : 1;
            case VERIFIER_MISSED -> -o.verifierMissed();
            case FALSE_ALARMS -> -o.falseAlarms();
        };
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
