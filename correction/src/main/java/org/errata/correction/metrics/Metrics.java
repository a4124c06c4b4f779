package org.errata.correction.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.errata.correction.grading.Grader;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.jspecify.annotations.Nullable;

/** Entry points: a run's report and the comparison of two runs. Pure functions of the traces. */
public final class Metrics {

    private Metrics() {}

    public static MetricsReport compute(List<Trace> traces) {
        return compute(traces, Grader.standard());
    }

    /** {@code grader} clusters answers for maj@k and decides whether an answer changed. */
    public static MetricsReport compute(List<Trace> traces, Grader grader) {
        return compute(traces, grader, p -> ALL);
    }

    /** The ProcessBench subset of problems that name none. */
    public static final String ALL = "all";

    /**
     * As {@link #compute(List, Grader)}, with ProcessBench figures per subset as {@code subsetOf}
     * groups the problems (the standard grader clusters answers).
     */
    public static MetricsReport compute(List<Trace> traces, Function<ProblemId, String> subsetOf) {
        return compute(traces, Grader.standard(), subsetOf);
    }

    public static MetricsReport compute(List<Trace> traces, Grader grader, Function<ProblemId, String> subsetOf) {
        List<List<Voting.Sample>> samples = samples(traces);
        SortedMap<Integer, Double> mean = new TreeMap<>();
        SortedMap<Integer, Double> pass = new TreeMap<>();
        SortedMap<Integer, Double> maj = new TreeMap<>();
        SortedMap<Integer, Double> best = new TreeMap<>();
        int maxN = samples.stream().mapToInt(List::size).max().orElse(0);
        if (maxN >= 2) {
            for (int k : ks(maxN)) {
                putIfKnown(mean, k, Voting.meanMeanAtK(samples, k));
                putIfKnown(pass, k, Voting.meanPassAtK(samples, k));
                putIfKnown(maj, k, Voting.meanMajAtK(samples, k, grader));
                putIfKnown(best, k, Voting.meanBestAtK(samples, k));
            }
        }
        return new MetricsReport(traces.size(), TurnAccuracy.of(traces, grader), VerifierQuality.of(traces),
                FirstErrorQuality.of(traces), TeacherAgreement.of(traces), ConfidenceCritique.of(traces), Cost.of(traces), pass, maj,
                CopyDecoding.of(traces), VerifierQuality.byRole(traces), TurnDelta.allPairs(traces), mean, best,
                Refinement.of(traces, grader), ProcessBenchScore.of(traces, subsetOf));
    }

    private static void putIfKnown(SortedMap<Integer, Double> map, int k, @Nullable Double value) {
        if (value != null) map.put(k, value);
    }

    /** 1, 2, 4, ... up to n, and n itself. */
    static List<Integer> ks(int n) {
        List<Integer> ks = new ArrayList<>();
        for (int k = 1; k < n; k *= 2) ks.add(k);
        ks.add(n);
        return ks;
    }

    /**
     * Candidate attempts per trace (traces with fewer than two, or none graded, are left out),
     * each with its reward score where one exists ({@link #score}).
     */
    static List<List<Voting.Sample>> samples(List<Trace> traces) {
        List<List<Voting.Sample>> out = new ArrayList<>();
        for (Trace t : traces) {
            List<Attempt> cands = TraceView.candidates(t);
            if (cands.size() < 2 || cands.stream().allMatch(a -> a.correct() == null)) continue;
            List<Voting.Sample> samples = new ArrayList<>();
            for (Attempt a : cands) {
                boolean right = Boolean.TRUE.equals(a.correct());
                Double score = score(t, a);
                samples.add(score == null ? Voting.Sample.unscored(a.finalAnswer(), right)
                        : new Voting.Sample(a.finalAnswer(), right, score));
            }
            out.add(samples);
        }
        return out;
    }

    /**
     * A sample's reward score, from the last usable non-oracle verification of it: p(yes) when
     * the verifier gave log-probabilities, else the lowest of its per-step scores (a PRM's "min"
     * aggregation), else 1 / 0 / 0.5 for a correct / incorrect / unparsed verdict (as the
     * best-of-n strategy scores its candidates). Null when nothing verified it.
     */
    static @Nullable Double score(Trace t, Attempt a) {
        List<Verification> vs = TraceView.verificationsOf(t, a).stream()
                .filter(v -> v.role() != VerifierRole.ORACLE && TraceView.usable(v)).toList();
        if (vs.isEmpty()) return null;
        Verification v = vs.get(vs.size() - 1);
        if (v.pYes() != null) return v.pYes();
        if (!v.stepScores().isEmpty()) return v.stepScores().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        return switch (v.verdict()) {
            case CORRECT -> 1.0;
            case INCORRECT -> 0.0;
            case UNPARSED -> 0.5;
        };
    }

    /** Whether a trace counts as solved, as {@link #compare} decides it (ungraded counts as wrong). */
    public static boolean finalCorrect(Trace t) {
        return TraceView.finalCorrect(t);
    }

    public static Comparison compare(List<Trace> a, List<Trace> b) {
        return compare(compute(a), a, b);
    }

    /** As {@link #compare(List, List)} when A's report is already computed. */
    public static Comparison compare(MetricsReport aReport, List<Trace> a, List<Trace> b) {
        Map<ProblemId, Boolean> bCorrect = new LinkedHashMap<>();
        for (Trace t : b) bCorrect.put(t.problem(), TraceView.finalCorrect(t));
        List<ProblemId> fixed = new ArrayList<>();
        List<ProblemId> broken = new ArrayList<>();
        int common = 0;
        for (Trace t : a) {
            Boolean other = bCorrect.get(t.problem());
            if (other == null) continue;
            common++;
            boolean mine = TraceView.finalCorrect(t);
            if (!mine && other) fixed.add(t.problem());
            if (mine && !other) broken.add(t.problem());
        }
        return new Comparison(aReport, compute(b), common, fixed, broken);
    }
}
