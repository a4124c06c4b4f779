package org.errata.correction.metrics;

import java.util.ArrayList;
import java.util.List;
import org.errata.correction.grading.Grader;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.AggregateKind;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Trace;
import org.jspecify.annotations.Nullable;

/**
 * GSR's refinement over its own candidates (METHODS.md A5, C), over the graded traces that hold
 * a refine aggregate ({@code problems} of them). On those same problems:
 * <ul>
 *   <li>{@code refineAcc}: accuracy of the refined answer (refine@N);</li>
 *   <li>{@code majAtN}, {@code passAtN}, {@code meanCandidateAcc}: majority vote over the N
 *       candidates, whether any candidate was right, and the mean candidate accuracy;</li>
 *   <li>{@code refinementGap} = refine@N − maj@N, GSR v2's "improvement of self-refinement over
 *       majority voting" as an absolute difference, and {@code refinementGapRelative} = that
 *       difference over maj@N (the paper calls the gap relative; its exact normalisation is
 *       unconfirmed, so both are given); {@code gainOverMean} = refine@N − mean candidate
 *       accuracy; {@code gainOverPass} = refine@N − pass@N (the best candidate, by the oracle);</li>
 *   <li>{@code allWrong}: problems where every candidate was wrong; {@code allWrongToCorrect}:
 *       those the refinement still got right, and {@code allWrongToCorrectRate} their share of
 *       {@code allWrong}; {@code anyRightToWrong} and its rate: problems with a right candidate
 *       whose refinement is wrong, over those problems.</li>
 * </ul>
 */
public record Refinement(
        int problems,
        @Nullable Double refineAcc,
        @Nullable Double majAtN,
        @Nullable Double passAtN,
        @Nullable Double meanCandidateAcc,
        @Nullable Double refinementGap,
        @Nullable Double refinementGapRelative,
        @Nullable Double gainOverMean,
        @Nullable Double gainOverPass,
        int allWrong,
        int allWrongToCorrect,
        @Nullable Double allWrongToCorrectRate,
        int anyRight,
        int anyRightToWrong,
        @Nullable Double anyRightToWrongRate) {

    public static Refinement of(List<Trace> traces, Grader grader) {
        int n = 0, refined = 0, maj = 0, pass = 0, allWrong = 0, rescued = 0, anyRight = 0, lost = 0;
        double meanSum = 0;
        for (Trace t : traces) {
            Aggregate refine = t.nodes(Aggregate.class).filter(a -> a.kind() == AggregateKind.REFINE).reduce((a, b) -> b)
                    .orElse(null);
            if (refine == null) continue;
            List<Attempt> candidates = inputs(t, refine.inputs());
            if (candidates.isEmpty() || candidates.stream().allMatch(a -> a.correct() == null)) continue;
            boolean right = refinedCorrect(t, refine);
            List<Voting.Sample> samples = candidates.stream()
                    .map(a -> Voting.Sample.unscored(a.finalAnswer(), Boolean.TRUE.equals(a.correct()))).toList();
            long correct = samples.stream().filter(Voting.Sample::correct).count();
            n++;
            if (right) refined++;
            if (Voting.majority(samples, samples.size(), grader).correct()) maj++;
            meanSum += (double) correct / samples.size();
            if (correct > 0) {
                pass++;
                anyRight++;
                if (!right) lost++;
            } else {
                allWrong++;
                if (right) rescued++;
            }
        }
        Double refineAcc = Fractions.ratio(refined, n);
        Double majAcc = Fractions.ratio(maj, n);
        Double passAcc = Fractions.ratio(pass, n);
        Double mean = Fractions.ratio(meanSum, n);
        return new Refinement(n, refineAcc, majAcc, passAcc, mean, minus(refineAcc, majAcc),
                majAcc == null || majAcc == 0 ? null : (refineAcc - majAcc) / majAcc,
                minus(refineAcc, mean), minus(refineAcc, passAcc),
                allWrong, rescued, Fractions.ratio(rescued, allWrong), anyRight, lost, Fractions.ratio(lost, anyRight));
    }

    private static List<Attempt> inputs(Trace t, List<NodeId> ids) {
        List<Attempt> out = new ArrayList<>();
        for (NodeId id : ids) {
            t.node(id).filter(Attempt.class::isInstance).map(Attempt.class::cast).ifPresent(out::add);
        }
        return out;
    }

    /** The refined attempt's correctness when it is there, else the aggregate's; ungraded counts as wrong. */
    private static boolean refinedCorrect(Trace t, Aggregate refine) {
        if (refine.chosen() != null) {
            var chosen = t.node(refine.chosen()).filter(Attempt.class::isInstance).map(Attempt.class::cast);
            if (chosen.isPresent()) return Boolean.TRUE.equals(chosen.get().correct());
        }
        return Boolean.TRUE.equals(refine.correct());
    }

    private static @Nullable Double minus(@Nullable Double a, @Nullable Double b) {
        return a == null || b == null ? null : a - b;
    }
}
