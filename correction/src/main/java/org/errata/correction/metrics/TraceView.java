package org.errata.correction.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.jspecify.annotations.Nullable;

/** Read helpers over one trace: the turn chain, verifications of an attempt, labels. */
final class TraceView {
    private TraceView() {}

    /** Attempts in emission order. */
    static List<Attempt> attempts(Trace t) {
        List<Attempt> out = new ArrayList<>(t.attempts());
        out.sort(Comparator.comparingInt(Attempt::seq));
        return out;
    }

    /**
     * Correctness at turn {@code turn}: the first attempt emitted at the latest turn not after
     * {@code turn} (a method that stopped early carries its last answer forward). Null
     * correctness counts as wrong. Null when the trace has no attempt at or before that turn.
     */
    static @Nullable Boolean correctAtTurn(Trace t, int turn) {
        Attempt best = null;
        for (Attempt a : attempts(t)) {
            if (a.turn() > turn) continue;
            if (best == null || a.turn() > best.turn()) best = a;
        }
        return best == null ? null : Boolean.TRUE.equals(best.correct());
    }

    static int maxTurn(Trace t) {
        return t.attempts().stream().mapToInt(Attempt::turn).max().orElse(0);
    }

    /** The strategy's outcome: the trace's own verdict, else the last turn's. */
    static boolean finalCorrect(Trace t) {
        if (t.correct() != null) return t.correct();
        Boolean last = correctAtTurn(t, Integer.MAX_VALUE);
        return Boolean.TRUE.equals(last);
    }

    /** Whether any correctness is known for this trace (it had a gold answer). */
    static boolean graded(Trace t) {
        return t.correct() != null || t.attempts().stream().anyMatch(a -> a.correct() != null);
    }

    static List<Verification> verificationsOf(Trace t, Attempt a) {
        return children(t, a.id(), Verification.class);
    }

    static <T extends TraceNode> List<T> children(Trace t, NodeId parent, Class<T> type) {
        return t.nodes().stream().filter(n -> parent.equals(n.parent())).filter(type::isInstance).map(type::cast)
                .sorted(Comparator.comparingInt(TraceNode::seq)).toList();
    }

    static boolean usable(Verification v) {
        return v.status() == NodeStatus.OK || v.status() == NodeStatus.TRUNCATED;
    }

    /**
     * The reference first-error step of an attempt: a human label when present (the earliest
     * one), else an oracle verification's error location or predicted step. Empty without one.
     */
    static Optional<Integer> referenceFirstError(Trace t, Attempt a) {
        List<HumanLabel> labels = children(t, a.id(), HumanLabel.class);
        if (!labels.isEmpty()) return Optional.of(labels.get(0).firstErrorStep());
        for (Verification v : verificationsOf(t, a)) {
            if (v.role() != VerifierRole.ORACLE) continue;
            List<ErrorLocation> locs = children(t, v.id(), ErrorLocation.class);
            if (!locs.isEmpty()) return Optional.of(locs.get(0).stepIndex());
            if (v.predictedFirstError() != null) return Optional.of(v.predictedFirstError());
        }
        return Optional.empty();
    }

    /**
     * The first error the last (non-oracle, usable) verification of the attempt predicted: its
     * predicted step, else its error location, else -1 when {@code correctMeansNone} and it
     * said "correct". Empty when it named none. When a teacher checked the attempt, the teacher's
     * location that survived inspection counts ({@link InspectedLocation#surviving}), not its first
     * verdict, and not SuperCorrect's student analysis of its own attempt; a location the
     * inspector flagged to the end predicts nothing.
     */
    static Optional<Integer> predictedFirstError(Trace t, Attempt a, boolean correctMeansNone) {
        List<Verification> all = verificationsOf(t, a).stream()
                .filter(v -> v.role() != VerifierRole.ORACLE && usable(v)).toList();
        Optional<InspectedLocation> taught = InspectedLocation.of(t, a);
        if (taught.isPresent()) {
            InspectedLocation x = taught.get();
            if (InspectedLocation.surviving(t, a).isPresent()) return Optional.of(x.step());
            if (correctMeansNone && x.status() == InspectedLocation.Status.NO_ERROR) return Optional.of(-1);
            return Optional.empty();
        }
        List<Verification> vs = all;
        if (vs.isEmpty()) return Optional.empty();
        Verification v = vs.get(vs.size() - 1);
        if (v.predictedFirstError() != null) return Optional.of(v.predictedFirstError());
        List<ErrorLocation> locs = children(t, v.id(), ErrorLocation.class);
        if (!locs.isEmpty()) return Optional.of(locs.get(0).stepIndex());
        if (correctMeansNone && v.verdict() == org.errata.correction.trace.Verdict.CORRECT) return Optional.of(-1);
        return Optional.empty();
    }

    /**
     * Parallel samples in emission order: candidate attempts, and an imported evaluation's
     * independent samples (imported attempts with no parent).
     */
    static List<Attempt> candidates(Trace t) {
        return attempts(t).stream().filter(a -> a.role() == AttemptRole.CANDIDATE
                || a.role() == AttemptRole.IMPORTED && a.parent() == null).toList();
    }
}
