package org.errata.correction.engine;

import java.util.ArrayList;
import java.util.List;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.CopiedSpan;

/**
 * Moves a call's {@link CopiedSpan}s onto a node made from part of its completion. A call's spans
 * index the completion and their sources the call's prompt followed by the completion; a node's
 * spans index its own text and their sources its prompt followed by its text.
 */
final class CopiedSpans {

    private CopiedSpans() {}

    /**
     * The spans of a node whose text is {@code completion[from, to)} and whose prompt is the call's
     * prompt ({@code promptLength} characters) followed by {@code completion[0, pieceStart)}
     * ({@code pieceStart <= from}: the characters between are whitespace the node's text dropped).
     */
    static List<CopiedSpan> forNode(List<CopiedSpan> call, int promptLength, int pieceStart, int from, int to) {
        List<CopiedSpan> out = new ArrayList<>();
        int nodePrompt = promptLength + pieceStart;
        int dropped = from - pieceStart;
        for (CopiedSpan s : call) {
            int start = Math.max(s.start(), from);
            int end = Math.min(s.end(), to);
            if (start >= end) continue;
            int source = s.source() + (start - s.start());
            if (source >= nodePrompt + dropped) {
                source -= dropped;
            } else if (source >= nodePrompt) {
                source = nodePrompt;
            }
            out.add(new CopiedSpan(start - from, end - from, source));
        }
        return out;
    }

    /** {@code stats} for a node made from {@code completion[from, to)} of a call with {@code callStats}. */
    static CallStats forNode(CallStats stats, CallStats callStats, int promptLength, int pieceStart, int from, int to) {
        return stats.withCopying(stats.copying().withSpans(
                forNode(callStats.copying().spans(), promptLength, pieceStart, from, to)));
    }

    /** Where the text of {@code s.strip()} starts in {@code s}. */
    static int leading(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }
}
