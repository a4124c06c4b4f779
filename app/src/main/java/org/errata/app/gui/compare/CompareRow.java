package org.errata.app.gui.compare;

import java.util.Objects;
import org.errata.correction.grading.Grader;
import org.errata.correction.metrics.Metrics;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.jspecify.annotations.Nullable;

/**
 * One problem both runs ran: what run A and run B ended with, and whether their final answers
 * differ (by the grader's equivalence, so "0.5" and "\frac{1}{2}" are the same answer).
 */
public record CompareRow(ProblemId problem, String problemText, Outcome a, Outcome b, boolean answersDiffer) {

    public CompareRow {
        Objects.requireNonNull(problem);
        Objects.requireNonNull(problemText);
        Objects.requireNonNull(a);
        Objects.requireNonNull(b);
    }

    /**
     * One run's result on the problem. {@code right} follows the metrics ({@link Metrics#finalCorrect}:
     * ungraded counts as wrong); {@code graded} says whether any correctness was known at all.
     */
    public record Outcome(@Nullable String answer, boolean right, boolean graded, int attempts,
                          @Nullable Verdict lastVerdict) {

        public static Outcome of(Trace t) {
            Verdict last = null;
            for (Verification v : t.nodes(Verification.class).toList()) last = v.verdict();
            boolean graded = t.correct() != null || t.attempts().stream().anyMatch(x -> x.correct() != null);
            return new Outcome(t.finalAnswer(), Metrics.finalCorrect(t), graded,
                    (int) t.nodes(Attempt.class).count(), last);
        }
    }

    public static CompareRow of(Trace a, Trace b, String problemText, Grader grader) {
        if (!a.problem().equals(b.problem())) {
            throw new IllegalArgumentException(a.problem() + " against " + b.problem());
        }
        return new CompareRow(a.problem(), problemText, Outcome.of(a), Outcome.of(b),
                differ(a.finalAnswer(), b.finalAnswer(), grader));
    }

    static boolean differ(@Nullable String x, @Nullable String y, Grader grader) {
        if (x == null || y == null) return x != y;
        if (x.strip().equals(y.strip())) return false;
        return !grader.equivalent(x, y);
    }
}
