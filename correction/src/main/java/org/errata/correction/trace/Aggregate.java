package org.errata.correction.trace;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Combines candidate attempts: a vote, best-of-N or a refinement. {@code inputs} are the
 * candidates' node ids; {@code answer} is the chosen answer; {@code chosen} the winning
 * candidate when there is one (vote and best-of-N), or the refined attempt for REFINE.
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
        String detail) implements TraceNode {

    public Aggregate {
        inputs = List.copyOf(inputs);
    }
}
