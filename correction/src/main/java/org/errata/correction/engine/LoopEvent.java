package org.errata.correction.engine;

import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.jspecify.annotations.Nullable;

/**
 * What a run reports while it decodes, in order, per (run, problem). The store persists
 * {@link RunStarted}, {@link TraceStarted}, {@link NodeAdded}, {@link TraceFinished} and
 * {@link RunEnded}; {@link NodeStarted} and {@link TokenDelta} are previews for live views.
 */
public sealed interface LoopEvent {

    RunId run();

    /** A run begins (or resumes). Carries the full, reproducible run record. */
    record RunStarted(Run record) implements LoopEvent {
        @Override public RunId run() { return record.id(); }
    }

    /** Decoding of one problem begins; any partial tree a killed run left for it is void. */
    record TraceStarted(RunId run, ProblemId problem) implements LoopEvent {}

    /** A node whose text is about to stream (an attempt or verifier call). */
    record NodeStarted(RunId run, ProblemId problem, NodeId node, @Nullable NodeId parent, String kind, String label)
            implements LoopEvent {}

    /** Newly decoded text of a started node. */
    record TokenDelta(RunId run, ProblemId problem, NodeId node, String text) implements LoopEvent {}

    /** A finished node, final and immutable; its id matches the NodeStarted that announced it, if any. */
    record NodeAdded(RunId run, ProblemId problem, TraceNode node) implements LoopEvent {}

    /** The tree of one problem is complete. */
    record TraceFinished(RunId run, ProblemId problem, TraceStatus status, @Nullable String finalAnswer,
                         @Nullable Boolean correct) implements LoopEvent {}

    /** The run stopped: finished, cancelled (resumable) or failed. */
    record RunEnded(RunId run, RunOutcome outcome, @Nullable String message) implements LoopEvent {}

    enum RunOutcome { FINISHED, CANCELLED, FAILED }
}
