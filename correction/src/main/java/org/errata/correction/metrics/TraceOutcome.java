package org.errata.correction.metrics;

import java.util.Comparator;
import java.util.List;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.jspecify.annotations.Nullable;

/**
 * What one trace did, in the figures a researcher looks for first: how many attempts, whether
 * the first attempt (the earliest at turn 1) and the strategy's final answer were right, the last
 * verdict, how often a verifier was fooled, and where the first error is.
 *
 * <ul>
 *   <li>{@code verifierMissed}: usable, non-oracle verifications that said "correct" of an attempt
 *       whose answer is wrong; {@code falseAlarms}: those that said "incorrect" of a right one
 *       (the fn and fp of {@link VerifierQuality}).</li>
 *   <li>{@code firstErrorStep}: the earliest human label's first wrong step, else the earliest
 *       step an error location or a verifier named (0-based); null when none is named.</li>
 * </ul>
 *
 * The store computes the same figures in SQL for a whole run at once; its tests check the two
 * agree.
 */
public record TraceOutcome(
        int attempts,
        @Nullable Boolean firstCorrect,
        @Nullable Boolean finalCorrect,
        @Nullable Verdict lastVerdict,
        int verifierMissed,
        int falseAlarms,
        @Nullable Integer firstErrorStep) {

    /** A trace with no nodes and no verdict. */
    public static final TraceOutcome NONE = new TraceOutcome(0, null, null, null, 0, 0, null);

    /** Wrong at first, right at the end. */
    public boolean corrected() {
        return Boolean.FALSE.equals(firstCorrect) && Boolean.TRUE.equals(finalCorrect);
    }

    /** Right at first, wrong at the end. */
    public boolean broken() {
        return Boolean.TRUE.equals(firstCorrect) && Boolean.FALSE.equals(finalCorrect);
    }

    public static TraceOutcome of(Trace t) {
        List<Attempt> attempts = TraceView.attempts(t);
        Attempt first = attempts.stream().filter(a -> a.turn() == 1).findFirst().orElse(null);
        Verdict last = null;
        int missed = 0;
        int alarms = 0;
        for (TraceNode n : bySeq(t)) {
            if (!(n instanceof Verification v)) continue;
            last = v.verdict();
            if (v.role() == VerifierRole.ORACLE || !TraceView.usable(v)) continue;
            Boolean right = t.node(v.parent()).filter(Attempt.class::isInstance).map(a -> ((Attempt) a).correct())
                    .orElse(null);
            if (v.verdict() == Verdict.CORRECT && Boolean.FALSE.equals(right)) missed++;
            if (v.verdict() == Verdict.INCORRECT && Boolean.TRUE.equals(right)) alarms++;
        }
        return new TraceOutcome(attempts.size(), first == null ? null : first.correct(), t.correct(), last,
                missed, alarms, firstError(t));
    }

    private static @Nullable Integer firstError(Trace t) {
        Integer machine = null;
        for (TraceNode n : bySeq(t)) {
            if (n instanceof HumanLabel h && h.firstErrorStep() >= 0) return h.firstErrorStep();
            if (machine != null) continue;
            if (n instanceof ErrorLocation e) machine = e.stepIndex();
            if (n instanceof Verification v && v.predictedFirstError() != null && v.predictedFirstError() >= 0) {
                machine = v.predictedFirstError();
            }
        }
        return machine;
    }

    private static List<TraceNode> bySeq(Trace t) {
        return t.nodes().stream().sorted(Comparator.comparingInt(TraceNode::seq)).toList();
    }
}
