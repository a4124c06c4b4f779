package org.errata.correction.trace;

import org.jspecify.annotations.Nullable;

/**
 * A node of a (run, problem) trace tree. {@code parent} is the node this one hangs under
 * (null for a root); the edge kind follows from the two node types: an Attempt under a
 * Verification or Correction is the next attempt, a Verification verifies its parent attempt,
 * an ErrorLocation locates in its parent verification's target, a Correction corrects its
 * parent location, a HumanLabel labels its parent attempt. {@code seq} orders siblings and
 * gives the order nodes were emitted in.
 */
public sealed interface TraceNode
        permits Attempt, Step, Verification, ErrorLocation, Correction, Aggregate, HumanLabel {

    NodeId id();

    @Nullable NodeId parent();

    int seq();

    /** The node type's stable name, used in storage and exports. */
    default String nodeKind() {
        return switch (this) {
            case Attempt a -> "attempt";
            case Step s -> "step";
            case Verification v -> "verification";
            case ErrorLocation e -> "error_location";
            case Correction c -> "correction";
            case Aggregate g -> "aggregate";
            case HumanLabel h -> "human_label";
        };
    }
}
