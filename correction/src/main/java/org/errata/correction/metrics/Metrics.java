package org.errata.correction.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.errata.correction.grading.Grader;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Trace;

/** Entry points: a run's report and the comparison of two runs. Pure functions of the traces. */
public final class Metrics {

    private Metrics() {}

    public static MetricsReport compute(List<Trace> traces) {
        return compute(traces, Grader.standard());
    }

    /** {@code grader} clusters answers for maj@k and decides whether an answer changed. */
    public static MetricsReport compute(List<Trace> traces, Grader grader) {
        List<List<Voting.Sample>> samples = samples(traces);
        SortedMap<Integer, Double> pass = new TreeMap<>();
        SortedMap<Integer, Double> maj = new TreeMap<>();
        int maxN = samples.stream().mapToInt(List::size).max().orElse(0);
        if (maxN >= 2) {
            for (int k : ks(maxN)) {
                Double p = Voting.meanPassAtK(samples, k);
                Double m = Voting.meanMajAtK(samples, k, grader);
                if (p != null) pass.put(k, p);
                if (m != null) maj.put(k, m);
            }
        }
        return new MetricsReport(traces.size(), TurnAccuracy.of(traces, grader), VerifierQuality.of(traces),
                FirstErrorQuality.of(traces), TeacherAgreement.of(traces), ConfidenceCritique.of(traces), Cost.of(traces), pass, maj,
                CopyDecoding.of(traces));
    }

    /** 1, 2, 4, ... up to n, and n itself. */
    static List<Integer> ks(int n) {
        List<Integer> ks = new ArrayList<>();
        for (int k = 1; k < n; k *= 2) ks.add(k);
        ks.add(n);
        return ks;
    }

    /** Candidate attempts per trace (traces with fewer than two are left out). */
    static List<List<Voting.Sample>> samples(List<Trace> traces) {
        List<List<Voting.Sample>> out = new ArrayList<>();
        for (Trace t : traces) {
            List<Attempt> cands = TraceView.candidates(t);
            if (cands.size() < 2 || cands.stream().allMatch(a -> a.correct() == null)) continue;
            out.add(cands.stream().map(a -> new Voting.Sample(a.finalAnswer(), Boolean.TRUE.equals(a.correct()), 1.0)).toList());
        }
        return out;
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
