package org.errata.correction.metrics;

import java.util.ArrayList;
import java.util.List;
import org.errata.correction.trace.Trace;
import org.jspecify.annotations.Nullable;

/**
 * Δ(t₁, t₂) for one pair of turns over the graded traces (METHODS.md C): Acc@t₂ − Acc@t₁,
 * with Δ^{i→c} (wrong at t₁, right at t₂) and Δ^{c→i} (the mirror), both fractions of all
 * graded problems, so {@code delta = iToC − cToI}. A method that stopped early carries its last
 * answer forward. Any order of turns is allowed; t₁ = t₂ gives zeros.
 */
public record TurnDelta(int t1, int t2, int graded, @Nullable Double accT1, @Nullable Double accT2,
                        @Nullable Double delta, @Nullable Double iToC, @Nullable Double cToI) {

    public TurnDelta {
        if (t1 < 1 || t2 < 1) throw new IllegalArgumentException("turns count from 1: " + t1 + ", " + t2);
    }

    public static TurnDelta of(List<Trace> traces, int t1, int t2) {
        if (t1 < 1 || t2 < 1) throw new IllegalArgumentException("turns count from 1: " + t1 + ", " + t2);
        List<Trace> graded = traces.stream().filter(TraceView::graded).toList();
        int n = graded.size(), c1 = 0, c2 = 0, iToC = 0, cToI = 0;
        for (Trace t : graded) {
            boolean a = Boolean.TRUE.equals(TraceView.correctAtTurn(t, t1));
            boolean b = Boolean.TRUE.equals(TraceView.correctAtTurn(t, t2));
            if (a) c1++;
            if (b) c2++;
            if (!a && b) iToC++;
            if (a && !b) cToI++;
        }
        return new TurnDelta(t1, t2, n, Fractions.ratio(c1, n), Fractions.ratio(c2, n), Fractions.ratio(c2 - c1, n),
                Fractions.ratio(iToC, n), Fractions.ratio(cToI, n));
    }

    /** Every pair t₁ < t₂ up to the last turn any graded trace reached, in order (1→2, 1→3, 2→3, ...). */
    public static List<TurnDelta> allPairs(List<Trace> traces) {
        int max = traces.stream().filter(TraceView::graded).mapToInt(TraceView::maxTurn).max().orElse(0);
        List<TurnDelta> out = new ArrayList<>();
        for (int a = 1; a <= max; a++) {
            for (int b = a + 1; b <= max; b++) out.add(of(traces, a, b));
        }
        return out;
    }

    /** The JSON key of this pair: {@code "1->3"}. */
    public String key() {
        return t1 + "->" + t2;
    }

    public java.util.Map<String, @Nullable Object> toJsonMap() {
        java.util.Map<String, @Nullable Object> m = new java.util.LinkedHashMap<>();
        m.put("t1", t1);
        m.put("t2", t2);
        m.put("acc_t1", accT1);
        m.put("acc_t2", accT2);
        m.put("delta", delta);
        m.put("delta_i_to_c", iToC);
        m.put("delta_c_to_i", cToI);
        return m;
    }
}
