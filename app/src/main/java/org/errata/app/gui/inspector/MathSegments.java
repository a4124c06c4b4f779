package org.errata.app.gui.inspector;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into plain runs and LaTeX math: {@code $...$} and {@code \(...\)} inline,
 * {@code $$...$$} and {@code \[...\]} displayed, and a bare {@code \boxed{...}} (balanced
 * braces) outside math as inline math. An unclosed delimiter leaves the rest as plain text.
 */
public final class MathSegments {
    private MathSegments() {}

    public enum Kind { TEXT, INLINE, DISPLAY }

    /** A run of text; for math, {@code text} is the LaTeX without its delimiters. */
    public record Segment(Kind kind, String text) {}

    public static List<Segment> split(String s) {
        List<Segment> out = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int[] found = mathAt(s, i);
            if (found == null) {
                plain.append(s.charAt(i));
                i++;
                continue;
            }
            if (!plain.isEmpty()) {
                out.add(new Segment(Kind.TEXT, plain.toString()));
                plain.setLength(0);
            }
            // found = {kind, contentStart, contentEnd, next}
            out.add(new Segment(found[0] == 1 ? Kind.DISPLAY : Kind.INLINE, s.substring(found[1], found[2])));
            i = found[3];
        }
        if (!plain.isEmpty()) out.add(new Segment(Kind.TEXT, plain.toString()));
        return out;
    }

    private static int @org.jspecify.annotations.Nullable [] mathAt(String s, int i) {
        if (s.startsWith("\\$", i)) return null;
        if (s.startsWith("$$", i)) return closed(s, i + 2, "$$", 1);
        if (s.charAt(i) == '$' && (i == 0 || s.charAt(i - 1) != '\\')) return closed(s, i + 1, "$", 0);
        if (s.startsWith("\\[", i)) return closed(s, i + 2, "\\]", 1);
        if (s.startsWith("\\(", i)) return closed(s, i + 2, "\\)", 0);
        if (s.startsWith("\\boxed{", i)) {
            int end = matchingBrace(s, i + "\\boxed".length());
            if (end > 0) return new int[] {0, i, end + 1, end + 1};
        }
        return null;
    }

    private static int @org.jspecify.annotations.Nullable [] closed(String s, int from, String close, int kind) {
        int j = from;
        while (true) {
            j = s.indexOf(close, j);
            if (j < 0) return null;
            if (j > 0 && s.charAt(j - 1) == '\\' && close.equals("$")) {
                j++;
                continue;
            }
            if (j == from) return null;
            return new int[] {kind, from, j, j + close.length()};
        }
    }

    /** Index of the brace closing the one at {@code open}, or -1. */
    static int matchingBrace(String s, int open) {
        int depth = 0;
        for (int k = open; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\\') { k++; continue; }
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return k;
        }
        return -1;
    }
}
