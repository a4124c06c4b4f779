package org.errata.correction.metrics;

import java.util.ArrayList;
import java.util.List;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.jspecify.annotations.Nullable;

/**
 * Confidence vs critique (Yang et al.; METHODS.md C) from per-question samples of a first answer
 * each followed by one correction: CL = Σ pᵢ·CLᵢ / Σ pᵢ, CS = Σ (1−pᵢ)·CSᵢ / Σ (1−pᵢ),
 * Acc₂ = Acc₁·CL + (1−Acc₁)·CS, RSS = (Acc₂ − Acc₁²) / (2·Acc₁·(1−Acc₁)).
 */
public record ConfidenceCritique(
        int questions,
        @Nullable Double acc1,
        @Nullable Double confidenceLevel,
        @Nullable Double critiqueScore,
        @Nullable Double acc2,
        @Nullable Double rss) {

    /** One sample: was the first answer correct, and the corrected one. */
    public record Pair(boolean correct1, boolean correct2) {}

    public static ConfidenceCritique compute(List<List<Pair>> perQuestion) {
        double sumP = 0, sumPcl = 0, sumQ = 0, sumQcs = 0;
        int questions = 0;
        for (List<Pair> samples : perQuestion) {
            if (samples.isEmpty()) continue;
            questions++;
            double k = samples.size();
            long c1 = samples.stream().filter(Pair::correct1).count();
            long c1c2 = samples.stream().filter(s -> s.correct1() && s.correct2()).count();
            long w1c2 = samples.stream().filter(s -> !s.correct1() && s.correct2()).count();
            // pᵢ·CLᵢ = P(c1)·P(c2|c1) = P(c1 ∧ c2), and likewise for CS.
            sumP += c1 / k;
            sumPcl += c1c2 / k;
            sumQ += (k - c1) / k;
            sumQcs += w1c2 / k;
        }
        if (questions == 0) return new ConfidenceCritique(0, null, null, null, null, null);
        double acc1 = sumP / questions;
        Double cl = Fractions.ratio(sumPcl, sumP);
        Double cs = Fractions.ratio(sumQcs, sumQ);
        Double acc2 = cl == null || cs == null ? null : acc1 * cl + (1 - acc1) * cs;
        Double rss = acc2 == null ? null : Fractions.ratio(acc2 - acc1 * acc1, 2 * acc1 * (1 - acc1));
        return new ConfidenceCritique(questions, acc1, cl, cs, acc2, rss);
    }

    /**
     * Pairs each turn-1 attempt of a trace with the turn-2 attempt that descends from it; one
     * question per trace. Traces with no such pair are skipped.
     */
    public static ConfidenceCritique of(List<Trace> traces) {
        List<List<Pair>> perQuestion = new ArrayList<>();
        for (Trace t : traces) {
            List<Pair> pairs = new ArrayList<>();
            List<Attempt> attempts = TraceView.attempts(t);
            for (Attempt first : attempts) {
                if (first.turn() != 1 || first.correct() == null) continue;
                for (Attempt second : attempts) {
                    if (second.turn() == 2 && second.correct() != null && descends(t, second, first.id())) {
                        pairs.add(new Pair(first.correct(), second.correct()));
                        break;
                    }
                }
            }
            if (!pairs.isEmpty() && pairs.size() > 1) perQuestion.add(pairs);
        }
        return compute(perQuestion);
    }

    private static boolean descends(Trace t, TraceNode node, NodeId ancestor) {
        NodeId p = node.parent();
        int guard = 0;
        while (p != null && guard++ < 10_000) {
            if (p.equals(ancestor)) return true;
            p = t.node(p).map(TraceNode::parent).orElse(null);
        }
        return false;
    }
}
