package org.errata.app.services;

import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceStatus;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.jspecify.annotations.Nullable;

/**
 * One row of a run's trace list: enough to show and filter without loading the tree.
 * {@code attempts} is -1 and {@code lastVerdict} null when the row was listed without its tree.
 */
public record TraceSummary(
        RunId run,
        ProblemId problem,
        String problemText,
        TraceStatus status,
        @Nullable String finalAnswer,
        @Nullable Boolean correct,
        int attempts,
        @Nullable Verdict lastVerdict,
        boolean errorLocated) {

    public static TraceSummary of(Trace trace, String problemText) {
        Verdict last = null;
        for (Verification v : trace.nodes(Verification.class).toList()) last = v.verdict();
        int attempts = (int) trace.nodes(Attempt.class).count();
        boolean located = trace.nodes(ErrorLocation.class).findAny().isPresent();
        return new TraceSummary(trace.run(), trace.problem(), problemText, trace.status(), trace.finalAnswer(),
                trace.correct(), attempts, last, located);
    }
}
