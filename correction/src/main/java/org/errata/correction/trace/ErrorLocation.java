package org.errata.correction.trace;

import org.jspecify.annotations.Nullable;

/** The first wrong step of the verified attempt (0-based), with the analysis of what went wrong. */
public record ErrorLocation(
        NodeId id,
        NodeId parent,
        int seq,
        int stepIndex,
        String analysis,
        @Nullable String errorType) implements TraceNode {

    public ErrorLocation {
        if (stepIndex < 0) throw new IllegalArgumentException("step index " + stepIndex);
    }
}
