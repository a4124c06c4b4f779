package org.errata.correction.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Inter-annotator agreement on first-error labels (METHODS.md C): labels are step indices with
 * −1 for "no error". Compare labels only within one segmenter. Undefined statistics (no
 * variation at all, too few items) are null.
 */
public final class Agreement {

    private Agreement() {}

    /** Distance between two values for Krippendorff's α. */
    public enum Metric { NOMINAL, INTERVAL }

    /** Two annotators over the same items. */
    public record PairReport(int items, @Nullable Double cohenKappa, @Nullable Double hasErrorKappa,
                             int bothFlag, @Nullable Double exactMatchWhenBothFlag,
                             @Nullable Double meanAbsDeltaWhenBothFlag) {}

    public static PairReport pair(List<Integer> a, List<Integer> b) {
        if (a.size() != b.size()) throw new IllegalArgumentException("annotators labelled " + a.size() + " and " + b.size() + " items");
        int both = 0, exact = 0;
        double absDelta = 0;
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) >= 0 && b.get(i) >= 0) {
                both++;
                if (a.get(i).equals(b.get(i))) exact++;
                absDelta += Math.abs(a.get(i) - b.get(i));
            }
        }
        return new PairReport(a.size(), cohenKappa(a, b),
                cohenKappa(a.stream().map(x -> x >= 0 ? 1 : 0).toList(), b.stream().map(x -> x >= 0 ? 1 : 0).toList()),
                both, Fractions.ratio(exact, both), Fractions.ratio(absDelta, both));
    }

    /** Cohen's κ = (p_o − p_e)/(1 − p_e) for two annotators' nominal labels. */
    public static @Nullable Double cohenKappa(List<Integer> a, List<Integer> b) {
        if (a.size() != b.size()) throw new IllegalArgumentException("annotators labelled " + a.size() + " and " + b.size() + " items");
        int n = a.size();
        if (n == 0) return null;
        Map<Integer, int[]> counts = new LinkedHashMap<>();
        int agree = 0;
        for (int i = 0; i < n; i++) {
            counts.computeIfAbsent(a.get(i), k -> new int[2])[0]++;
            counts.computeIfAbsent(b.get(i), k -> new int[2])[1]++;
            if (a.get(i).equals(b.get(i))) agree++;
        }
        double po = (double) agree / n;
        double pe = 0;
        for (int[] c : counts.values()) pe += ((double) c[0] / n) * ((double) c[1] / n);
        return pe == 1 ? null : (po - pe) / (1 - pe);
    }

    /** Fleiss' κ: each item rated by the same number (≥ 2) of raters. */
    public static @Nullable Double fleissKappa(List<List<Integer>> items) {
        if (items.isEmpty()) return null;
        int m = items.get(0).size();
        if (m < 2) throw new IllegalArgumentException("Fleiss' kappa needs at least two ratings per item");
        TreeSet<Integer> categories = new TreeSet<>();
        for (List<Integer> item : items) {
            if (item.size() != m) throw new IllegalArgumentException("every item needs " + m + " ratings");
            categories.addAll(item);
        }
        Map<Integer, Double> share = new LinkedHashMap<>();
        double pBar = 0;
        for (List<Integer> item : items) {
            Map<Integer, Integer> n = new LinkedHashMap<>();
            for (int r : item) n.merge(r, 1, Integer::sum);
            double sq = 0;
            for (var e : n.entrySet()) {
                sq += (double) e.getValue() * e.getValue();
                share.merge(e.getKey(), (double) e.getValue(), Double::sum);
            }
            pBar += (sq - m) / ((double) m * (m - 1));
        }
        pBar /= items.size();
        double pe = 0;
        for (double s : share.values()) {
            double p = s / ((double) items.size() * m);
            pe += p * p;
        }
        return pe == 1 ? null : (pBar - pe) / (1 - pe);
    }

    /**
     * Krippendorff's α = 1 − D_o/D_e over units (items) whose values may be missing (null).
     * Units with fewer than two values are not pairable and are ignored.
     */
    public static @Nullable Double krippendorffAlpha(List<List<@Nullable Double>> units, Metric metric) {
        List<List<Double>> pairable = new ArrayList<>();
        for (List<@Nullable Double> u : units) {
            List<Double> values = u.stream().filter(java.util.Objects::nonNull).map(Double.class::cast).toList();
            if (values.size() >= 2) pairable.add(values);
        }
        // Coincidences: within a unit of m values each ordered pair weighs 1/(m−1).
        Map<Double, Double> marginals = new LinkedHashMap<>();
        double observed = 0;
        double n = 0;
        for (List<Double> u : pairable) {
            int m = u.size();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    if (i == j) continue;
                    double w = 1.0 / (m - 1);
                    observed += w * delta(u.get(i), u.get(j), metric);
                    marginals.merge(u.get(i), w, Double::sum);
                    n += w;
                }
            }
        }
        if (n <= 1) return null;
        double expected = 0;
        for (var c : marginals.entrySet()) {
            for (var k : marginals.entrySet()) {
                expected += c.getValue() * k.getValue() * delta(c.getKey(), k.getKey(), metric);
            }
        }
        double dO = observed / n;
        double dE = expected / (n * (n - 1));
        return dE == 0 ? null : 1 - dO / dE;
    }

    /** Krippendorff's α on first-error labels; for INTERVAL, −1 is recoded to the item's step count. */
    public static @Nullable Double firstErrorAlpha(List<List<@Nullable Integer>> units, List<Integer> stepCounts, Metric metric) {
        if (units.size() != stepCounts.size()) throw new IllegalArgumentException("one step count per item");
        List<List<@Nullable Double>> recoded = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            int steps = stepCounts.get(i);
            List<@Nullable Double> u = new ArrayList<>();
            for (Integer v : units.get(i)) {
                u.add(v == null ? null : (double) (v == -1 && metric == Metric.INTERVAL ? steps : v));
            }
            recoded.add(u);
        }
        return krippendorffAlpha(recoded, metric);
    }

    private static double delta(double a, double b, Metric metric) {
        return switch (metric) {
            case NOMINAL -> a == b ? 0 : 1;
            case INTERVAL -> (a - b) * (a - b);
        };
    }
}
