package org.errata.correction.metrics;

import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceStatus;
import org.errata.correction.trace.Verdict;
import org.jspecify.annotations.Nullable;

/**
 * One row of a run's trace list, without the nodes: enough to show, filter and sort a
 * virtualised list. {@code problemText} is the problem's text, or its id when the problem is not
 * in the library; {@code outcome} says what the trace did (attempts, flips, verifier errors,
 * first error).
 */
public record TraceSummary(
        RunId run,
        ProblemId problem,
        String problemText,
        TraceStatus status,
        @Nullable String finalAnswer,
        @Nullable Boolean correct,
        int nodeCount,
        TraceOutcome outcome) {

    /** The row of a loaded tree (in-memory libraries, one problem's traces). */
    public static TraceSummary of(Trace trace, String problemText) {
        return new TraceSummary(trace.run(), trace.problem(), problemText, trace.status(), trace.finalAnswer(),
                trace.correct(), trace.nodes().size(), TraceOutcome.of(trace));
    }

    public int attempts() {
        return outcome.attempts();
    }

    public @Nullable Verdict lastVerdict() {
        return outcome.lastVerdict();
    }

    /** Whether a first error is named (labelled, located or predicted). */
    public boolean errorLocated() {
        return outcome.firstErrorStep() != null;
    }
}
