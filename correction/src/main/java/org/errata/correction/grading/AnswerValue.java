package org.errata.correction.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a final answer: a scalar, a tuple or interval (brackets kept), an unordered set
 * or list, a matrix, an equation, or a union of intervals. {@link #parse} reads LaTeX;
 * {@link #matches} compares two shapes element-wise with a scalar test.
 */
sealed interface AnswerValue {

    record Scalar(MathExpr expr, String text) implements AnswerValue {}

    /** {@code (1, 2)}, {@code [0, 1)}: ordered, and the bracket types must agree. */
    record Bracketed(char open, char close, List<AnswerValue> items) implements AnswerValue {
        public Bracketed { items = List.copyOf(items); }
    }

    /** {@code \{1, 2\}} or a bare list {@code 1, 2}: order does not matter. */
    record Unordered(List<AnswerValue> items) implements AnswerValue {
        public Unordered { items = List.copyOf(items); }
    }

    record Matrix(List<List<AnswerValue>> rows) implements AnswerValue {
        public Matrix { rows = rows.stream().map(List::copyOf).toList(); }
    }

    record Equation(AnswerValue lhs, AnswerValue rhs, String lhsText) implements AnswerValue {}

    record Union(List<AnswerValue> parts) implements AnswerValue {
        public Union { parts = List.copyOf(parts); }
    }

    /** A parsed answer and whether it carried a percent sign. */
    record Parsed(AnswerValue value, boolean percent) {}

    /** Both answers of a pair, read. */
    record ParsedPair(Parsed gold, Parsed predicted) {}

    /** Reads both answers; empty when either cannot be read. */
    static java.util.Optional<ParsedPair> parsePair(String gold, String predicted) {
        try {
            return java.util.Optional.of(new ParsedPair(parse(gold), parse(predicted)));
        } catch (LatexExpressionParser.MathSyntaxException | ArithmeticException | NumberFormatException unreadable) {
            return java.util.Optional.empty();
        }
    }

    Pattern THOUSANDS = Pattern.compile("^-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?$");
    Pattern MATRIX = Pattern.compile("(?s)^\\\\begin\\{([pbvB]?matrix|array)\\}(?:\\{[^}]*\\})?(.*)\\\\end\\{\\1\\}$");

    /** Reads an answer; throws {@link LatexExpressionParser.MathSyntaxException} when it cannot. */
    static Parsed parse(String raw) {
        String s = raw.strip();
        boolean percent = s.contains("%") || s.contains("percent");
        s = s.replace("\\$", "").replace("$", "").replace("\\left", "").replace("\\right", "").replace("\\displaystyle", "")
                .replace("^{\\circ}", "").replace("^\\circ", "").replace("\\circ", "").replace("°", "")
                .replace("\\!", "").replace("\\,", "").replace("\\;", "").replace("\\:", "")
                .replace("\\%", "").replace("%", "").replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac");
        s = AnswerNormalizer.removeUnits(s).strip();
        while (s.endsWith(".")) s = s.substring(0, s.length() - 1).strip();
        if (THOUSANDS.matcher(s).matches()) s = s.replace(",", "");
        return new Parsed(structure(s), percent);
    }

    private static AnswerValue structure(String s) {
        if (s.isEmpty()) throw new LatexExpressionParser.MathSyntaxException("empty answer");
        List<String> unionParts = splitTopLevel(s, "\\cup");
        if (unionParts.size() > 1) return new Union(unionParts.stream().map(AnswerValue::structure).toList());
        List<String> sides = splitTopLevel(s, "=");
        if (sides.size() == 2) {
            return new Equation(structure(sides.get(0).strip()), structure(sides.get(1).strip()), sides.get(0).strip());
        }
        if (sides.size() > 2) throw new LatexExpressionParser.MathSyntaxException("chained equation");
        Matcher matrix = MATRIX.matcher(s);
        if (matrix.matches()) {
            List<List<AnswerValue>> rows = new ArrayList<>();
            for (String row : matrix.group(2).split("\\\\\\\\")) {
                if (row.isBlank()) continue;
                rows.add(java.util.Arrays.stream(row.split("&")).map(c -> (AnswerValue) scalar(c.strip())).toList());
            }
            if (rows.isEmpty()) throw new LatexExpressionParser.MathSyntaxException("empty matrix");
            return new Matrix(rows);
        }
        if (s.startsWith("\\{") && s.endsWith("\\}") && encloses(s, 2)) {
            String inner = s.substring(2, s.length() - 2);
            return new Unordered(splitTopLevel(inner, ",").stream().map(x -> structure(x.strip())).toList());
        }
        char first = s.charAt(0);
        char last = s.charAt(s.length() - 1);
        if ((first == '(' || first == '[') && (last == ')' || last == ']') && encloses(s, 1)) {
            List<String> items = splitTopLevel(s.substring(1, s.length() - 1), ",");
            if (items.size() > 1) {
                return new Bracketed(first, last, items.stream().map(x -> structure(x.strip())).toList());
            }
        }
        List<String> items = splitTopLevel(s, ",");
        if (items.size() > 1) return new Unordered(items.stream().map(x -> structure(x.strip())).toList());
        return scalar(s);
    }

    private static Scalar scalar(String s) {
        return new Scalar(LatexExpressionParser.parse(s), s);
    }

    /** True when the opening bracket (of {@code width} chars) is closed only by the last character(s). */
    private static boolean encloses(String s, int width) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = delta(s, i);
            if (d == 0) continue;
            if (s.charAt(i) == '\\') i++;
            depth += d;
            if (depth == 0 && i < s.length() - 1) return false;
        }
        return depth == 0 && width > 0;
    }

    /** +1 for an opening bracket at i, -1 for a closing one, 0 otherwise. */
    private static int delta(String s, int i) {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length()) {
            char n = s.charAt(i + 1);
            return n == '{' ? 1 : n == '}' ? -1 : 0;
        }
        return switch (c) {
            case '(', '[', '{' -> 1;
            case ')', ']', '}' -> -1;
            default -> 0;
        };
    }

    private static List<String> splitTopLevel(String s, String separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = delta(s, i);
            if (d != 0) {
                depth += d;
                if (s.charAt(i) == '\\') i++;
                continue;
            }
            if (depth == 0 && s.startsWith(separator, i)) {
                if (separator.equals("=") && i > 0 && "<>!".indexOf(s.charAt(i - 1)) >= 0) continue;
                parts.add(s.substring(start, i));
                start = i + separator.length();
                i = start - 1;
            } else if (s.charAt(i) == '\\') {
                // skip over a command name so that "\cup" inside "\cupola" or "=" in "\neq" is not split
                int j = i + 1;
                while (j < s.length() && Character.isLetter(s.charAt(j))) j++;
                i = Math.max(i, j - 1);
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /**
     * Whether {@code pred} has the same shape as {@code gold} with every scalar pair accepted by
     * {@code scalars}. An equation with a short left side ({@code x = 3}) also matches its right side.
     */
    static boolean matches(AnswerValue gold, AnswerValue pred, BiPredicate<Scalar, Scalar> scalars) {
        if (gold instanceof Equation g && pred instanceof Equation p) {
            return (matches(g.lhs(), p.lhs(), scalars) && matches(g.rhs(), p.rhs(), scalars))
                    || (matches(g.lhs(), p.rhs(), scalars) && matches(g.rhs(), p.lhs(), scalars));
        }
        if (gold instanceof Equation g) return g.lhsText().length() <= 2 && matches(g.rhs(), pred, scalars);
        if (pred instanceof Equation p) return p.lhsText().length() <= 2 && matches(gold, p.rhs(), scalars);
        return switch (gold) {
            case Scalar g -> pred instanceof Scalar p && scalars.test(g, p);
            case Bracketed g -> pred instanceof Bracketed p && g.open() == p.open() && g.close() == p.close()
                    && pairwise(g.items(), p.items(), scalars);
            case Unordered g -> pred instanceof Unordered p && unordered(g.items(), p.items(), scalars);
            case Matrix g -> pred instanceof Matrix p && g.rows().size() == p.rows().size()
                    && java.util.stream.IntStream.range(0, g.rows().size())
                            .allMatch(r -> pairwise(g.rows().get(r), p.rows().get(r), scalars));
            case Union g -> pred instanceof Union p && pairwise(g.parts(), p.parts(), scalars);
            case Equation g -> false; // handled above
        };
    }

    private static boolean pairwise(List<AnswerValue> g, List<AnswerValue> p, BiPredicate<Scalar, Scalar> scalars) {
        if (g.size() != p.size()) return false;
        for (int i = 0; i < g.size(); i++) {
            if (!matches(g.get(i), p.get(i), scalars)) return false;
        }
        return true;
    }

    /** A perfect matching by augmenting paths (sets are small). */
    private static boolean unordered(List<AnswerValue> g, List<AnswerValue> p, BiPredicate<Scalar, Scalar> scalars) {
        int n = g.size();
        if (n != p.size()) return false;
        boolean[][] ok = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) ok[i][j] = matches(g.get(i), p.get(j), scalars);
        }
        int[] owner = new int[n];
        java.util.Arrays.fill(owner, -1);
        for (int i = 0; i < n; i++) {
            if (!augment(i, ok, owner, new boolean[n])) return false;
        }
        return true;
    }

    private static boolean augment(int i, boolean[][] ok, int[] owner, boolean[] seen) {
        for (int j = 0; j < ok.length; j++) {
            if (ok[i][j] && !seen[j]) {
                seen[j] = true;
                if (owner[j] < 0 || augment(owner[j], ok, owner, seen)) {
                    owner[j] = i;
                    return true;
                }
            }
        }
        return false;
    }
}
