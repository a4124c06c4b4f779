package org.errata.persistence.trace;

import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.TraceStatus;
import org.jspecify.annotations.Nullable;

/** One row of a run's trace list, without the nodes: enough for a virtualised table. */
public record TraceSummary(
        ProblemId problem,
        TraceStatus status,
        @Nullable String finalAnswer,
        @Nullable Boolean correct,
        int nodeCount) {}
