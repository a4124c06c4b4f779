package org.errata.correction.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Trace;
import org.jspecify.annotations.Nullable;

/**
 * ProcessBench as its paper reports it (METHODS.md C): per subset (gsm8k, math, olympiadbench,
 * omnimath, or whatever the problems are grouped by) the accuracy on erroneous samples, on
 * correct samples and their harmonic mean F1; then {@code f1Mean}, the plain mean of the subset
 * F1s (the official script's "average"), and {@code f1Weighted}, the F1s weighted by subset size
 * (the figure some forks print beside it). Subsets are in first-seen order. A subset whose items
 * are all erroneous or all correct has no F1 and is left out of both means.
 */
public record ProcessBenchScore(Map<String, FirstErrorQuality> bySubset, @Nullable Double f1Mean,
                                @Nullable Double f1Weighted) {

    public ProcessBenchScore {
        bySubset = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bySubset));
    }

    public static ProcessBenchScore of(List<Trace> traces, Function<ProblemId, String> subsetOf) {
        Map<String, List<FirstErrorQuality.Item>> grouped = new LinkedHashMap<>();
        for (Trace t : traces) {
            List<FirstErrorQuality.Item> items = FirstErrorQuality.items(t);
            if (items.isEmpty()) continue;
            grouped.computeIfAbsent(subsetOf.apply(t.problem()), k -> new ArrayList<>()).addAll(items);
        }
        Map<String, FirstErrorQuality> by = new LinkedHashMap<>();
        grouped.forEach((k, items) -> by.put(k, FirstErrorQuality.processBench(items)));
        double sum = 0, weighted = 0;
        int subsets = 0, size = 0;
        for (FirstErrorQuality q : by.values()) {
            if (q.f1() == null) continue;
            sum += q.f1();
            subsets++;
            weighted += q.f1() * q.processBenchItems();
            size += q.processBenchItems();
        }
        return new ProcessBenchScore(by, Fractions.ratio(sum, subsets), Fractions.ratio(weighted, size));
    }
}
