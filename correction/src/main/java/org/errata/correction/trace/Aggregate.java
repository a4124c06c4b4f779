package org.errata.correction.trace;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Combines candidate attempts: a vote, best-of-N or a refinement. {@code inputs} are the
 * candidates' node ids; {@code answer} is the chosen answer; {@code chosen} the winning
 * candidate when there is one (vote and best-of-N), or the refined attempt for REFINE.
 * {@code answer} is graded like an attempt's, and {@code checkerVerdicts} follows the same rule
 * as {@link Attempt#checkerVerdicts()}: each checker's verdict, recorded only when the checkers
 * disagreed about the answer, empty otherwise.
 */
public record Aggregate(
        NodeId id,
        @Nullable NodeId parent,
        int seq,
        AggregateKind kind,
        List<NodeId> inputs,
        @Nullable String answer,
        @Nullable NodeId chosen,
        @Nullable Boolean correct,
        Map<String, @Nullable Boolean> checkerVerdicts,
        String detail) implements TraceNode {

    public Aggregate {
        inputs = List.copyOf(inputs);
        checkerVerdicts = Attempt.verdicts(checkerVerdicts);
    }

    /** Whether this aggregate records a disagreement of the answer checkers. */
    public boolean checkersDisagree() {
        return !checkerVerdicts.isEmpty();
    }
}
