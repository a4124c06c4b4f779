package org.errata.correction.metrics;

import java.util.ArrayList;
import java.util.List;
import org.errata.correction.grading.Grader;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Trace;
import org.jspecify.annotations.Nullable;

/**
 * Accuracy by turn and its flips (METHODS.md C) over the graded traces: Acc@t carries a
 * method's last answer forward; Δ = accFinal − accFirst = Δ^{i→c} − Δ^{c→i}, both fractions of
 * all graded problems. {@code answerChangeRate} and {@code editDistanceRatio} are over
 * consecutive turns of the same trace: {@code revisions} such pairs, in {@code revisedProblems}
 * traces, {@code answerChanges} of them with a different answer.
 */
public record TurnAccuracy(
        int graded,
        List<Double> accByTurn,
        @Nullable Double accFirst,
        @Nullable Double accFinal,
        @Nullable Double delta,
        @Nullable Double deltaIToC,
        @Nullable Double deltaCToI,
        @Nullable Double answerChangeRate,
        @Nullable Double editDistanceRatio,
        int revisions,
        int answerChanges,
        int revisedProblems) {

    public TurnAccuracy {
        accByTurn = List.copyOf(accByTurn);
    }

    public static TurnAccuracy of(List<Trace> traces, Grader grader) {
        List<Trace> graded = traces.stream().filter(TraceView::graded).toList();
        int n = graded.size();
        int maxTurn = graded.stream().mapToInt(TraceView::maxTurn).max().orElse(0);
        List<Double> byTurn = new ArrayList<>();
        for (int t = 1; t <= maxTurn; t++) {
            int correct = 0;
            for (Trace tr : graded) if (Boolean.TRUE.equals(TraceView.correctAtTurn(tr, t))) correct++;
            byTurn.add((double) correct / n);
        }
        int first = 0, last = 0, iToC = 0, cToI = 0;
        for (Trace tr : graded) {
            boolean c1 = Boolean.TRUE.equals(TraceView.correctAtTurn(tr, 1));
            boolean cf = TraceView.finalCorrect(tr);
            if (c1) first++;
            if (cf) last++;
            if (!c1 && cf) iToC++;
            if (c1 && !cf) cToI++;
        }
        int pairs = 0, changed = 0, revised = 0;
        double ratioSum = 0;
        for (Trace tr : traces) {
            List<Attempt> chain = chain(tr);
            if (chain.size() > 1) revised++;
            for (int i = 1; i < chain.size(); i++) {
                Attempt a = chain.get(i - 1);
                Attempt b = chain.get(i);
                pairs++;
                if (answerChanged(a.finalAnswer(), b.finalAnswer(), grader)) changed++;
                ratioSum += editDistanceRatio(a.text(), b.text());
            }
        }
        return new TurnAccuracy(n, byTurn,
                Fractions.ratio(first, n), Fractions.ratio(last, n), Fractions.ratio(last - first, n),
                Fractions.ratio(iToC, n), Fractions.ratio(cToI, n),
                Fractions.ratio(changed, pairs), Fractions.ratio(ratioSum, pairs), pairs, changed, revised);
    }

    /** One attempt per turn: the first emitted at each turn, in turn order. */
    static List<Attempt> chain(Trace t) {
        List<Attempt> out = new ArrayList<>();
        int lastTurn = 0;
        for (Attempt a : TraceView.attempts(t).stream()
                .sorted(java.util.Comparator.comparingInt(Attempt::turn).thenComparingInt(Attempt::seq)).toList()) {
            if (a.turn() != lastTurn) {
                out.add(a);
                lastTurn = a.turn();
            }
        }
        return out;
    }

    static boolean answerChanged(@Nullable String a, @Nullable String b, Grader grader) {
        if (a == null || b == null) return a != b;
        return !grader.equivalent(a, b);
    }

    /** Levenshtein distance over max length (0 = identical, 1 = nothing shared); 0 for two empty texts. */
    public static double editDistanceRatio(String a, String b) {
        int max = Math.max(a.length(), b.length());
        return max == 0 ? 0 : (double) levenshtein(a, b) / max;
    }

    public static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (ca == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
