package org.errata.correction.engine;

import org.errata.correction.trace.TraceStatus;
import org.jspecify.annotations.Nullable;

/**
 * How one problem's loop ended. Expected endings are values, not exceptions. {@code finalAnswer}
 * is the last attempt's (or aggregate's) answer at the time the loop ended; {@code correct} is
 * that answer checked against the gold answer (null without gold or without an answer).
 */
public sealed interface LoopOutcome {

    @Nullable String finalAnswer();

    @Nullable Boolean correct();

    /** The strategy's own stop rule accepted the answer (a "Yes" verdict, critic -1, oracle correct). */
    record Solved(@Nullable String finalAnswer, @Nullable Boolean correct, String reason) implements LoopOutcome {}

    /** The strategy ran its fixed schedule to the end (SCoRe's two attempts, a vote, a refinement). */
    record Stopped(@Nullable String finalAnswer, @Nullable Boolean correct, String reason) implements LoopOutcome {}

    /** A budget ran out before the stop rule fired. */
    record BudgetExhausted(Budget budget, @Nullable String finalAnswer, @Nullable Boolean correct) implements LoopOutcome {}

    /** The run was cancelled while this problem was decoding; its tree is void and redone on resume. */
    record Cancelled() implements LoopOutcome {
        @Override public @Nullable String finalAnswer() { return null; }
        @Override public @Nullable Boolean correct() { return null; }
    }

    /** A model call failed (or the strategy hit a bug) and the strategy could not go on. */
    record Failed(String error, @Nullable String finalAnswer, @Nullable Boolean correct) implements LoopOutcome {}

    enum Budget { MAX_TURNS, TOKENS, WALL_CLOCK }

    /** The status of the finished tree; empty for a cancelled problem, which gets no TraceFinished. */
    default java.util.Optional<TraceStatus> traceStatus() {
        return switch (this) {
            case Cancelled c -> java.util.Optional.empty();
            case Failed f -> java.util.Optional.of(TraceStatus.FAILED);
            case Solved s -> java.util.Optional.of(TraceStatus.FINISHED);
            case Stopped s -> java.util.Optional.of(TraceStatus.FINISHED);
            case BudgetExhausted b -> java.util.Optional.of(TraceStatus.FINISHED);
        };
    }
}
