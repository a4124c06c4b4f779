package org.errata.app.gui.diff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Aligns the steps of two consecutive attempts. Steps are compared by normalised text
 * (case, spacing and LaTeX delimiters ignored) with a character-level similarity in [0, 1];
 * a global alignment maximises the total similarity of matched pairs, where only pairs at
 * least {@link #EDIT_THRESHOLD} alike may match. Matched pairs are KEPT when their normalised
 * texts are equal, EDITED otherwise; unmatched steps are DELETED (only before) or INSERTED.
 */
public final class StepAlignment {
    private StepAlignment() {}

    public static final double EDIT_THRESHOLD = 0.5;

    public enum Change { KEPT, EDITED, INSERTED, DELETED }

    /** One row: the before step and/or the after step (indices 0-based, -1 when absent). */
    public record Row(Change change, int beforeIndex, int afterIndex, @Nullable String before, @Nullable String after,
                      double similarity) {}

    public static List<Row> align(List<String> before, List<String> after) {
        int n = before.size();
        int m = after.size();
        String[] a = before.stream().map(StepAlignment::normalise).toArray(String[]::new);
        String[] b = after.stream().map(StepAlignment::normalise).toArray(String[]::new);
        double[][] sim = new double[n][m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) sim[i][j] = similarity(a[i], b[j]);
        double[][] best = new double[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                double skip = Math.max(best[i + 1][j], best[i][j + 1]);
                double match = sim[i][j] >= EDIT_THRESHOLD ? sim[i][j] + best[i + 1][j + 1] : -1;
                best[i][j] = Math.max(skip, match);
            }
        }
        List<Row> rows = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && sim[i][j] >= EDIT_THRESHOLD && best[i][j] == sim[i][j] + best[i + 1][j + 1]) {
                Change c = a[i].equals(b[j]) ? Change.KEPT : Change.EDITED;
                rows.add(new Row(c, i, j, before.get(i), after.get(j), sim[i][j]));
                i++;
                j++;
            } else if (i < n && (j == m || best[i][j] == best[i + 1][j])) {
                rows.add(new Row(Change.DELETED, i, -1, before.get(i), null, 0));
                i++;
            } else {
                rows.add(new Row(Change.INSERTED, -1, j, null, after.get(j), 0));
                j++;
            }
        }
        return Collections.unmodifiableList(rows);
    }

    /** Lower case, LaTeX math delimiters dropped, runs of white space collapsed. */
    public static String normalise(String step) {
        String s = step.toLowerCase(Locale.ROOT)
                .replace("\\(", "").replace("\\)", "").replace("\\[", "").replace("\\]", "").replace("$", "");
        return s.replaceAll("\\s+", " ").strip();
    }

    /** 1 - Levenshtein distance / longer length; 1 for two empty strings. */
    public static double similarity(String a, String b) {
        int longer = Math.max(a.length(), b.length());
        if (longer == 0) return 1;
        return 1.0 - (double) levenshtein(a, b) / longer;
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** A run of one side of an edited step: {@code changed} when the other side lacks it. */
    public record Piece(String text, boolean changed) {}

    /** Both sides of an edited step, cut into kept and changed runs. */
    public record Inline(List<Piece> before, List<Piece> after) {}

    /** Beyond this many token pairs the inline diff marks the whole step instead (a step is rarely this long). */
    static final long INLINE_LIMIT = 250_000;

    /**
     * What changed inside a step: a longest common subsequence over words, numbers, single symbols and
     * white space, so "48 + 24 = 62" against "48 + 24 = 72" marks only "62" and "72".
     */
    public static Inline inline(String before, String after) {
        List<String> a = tokens(before);
        List<String> b = tokens(after);
        if ((long) a.size() * b.size() > INLINE_LIMIT) {
            return new Inline(List.of(new Piece(before, true)), List.of(new Piece(after, true)));
        }
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Piece> left = new ArrayList<>();
        List<Piece> right = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                add(left, a.get(i++), false);
                add(right, b.get(j++), false);
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                add(left, a.get(i++), true);
            } else {
                add(right, b.get(j++), true);
            }
        }
        return new Inline(List.copyOf(left), List.copyOf(right));
    }

    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("\\s+|\\p{N}+(?:[.,]\\p{N}+)*|[\\p{L}_]+|[^\\s]");

    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        var m = TOKEN.matcher(s);
        while (m.find()) out.add(m.group());
        return out;
    }

    /** Appends a token, merging it into the last piece when both are kept or both changed. */
    private static void add(List<Piece> pieces, String token, boolean changedToken) {
        boolean blank = token.isBlank();
        boolean changed = changedToken && !blank; // white space is never shown as a change
        if (!pieces.isEmpty()) {
            Piece last = pieces.get(pieces.size() - 1);
            if (last.changed() == changed) {
                pieces.set(pieces.size() - 1, new Piece(last.text() + token, last.changed()));
                return;
            }
        }
        pieces.add(new Piece(token, changed));
    }
}
