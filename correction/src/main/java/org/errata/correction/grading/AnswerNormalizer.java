package org.errata.correction.grading;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hendrycks MATH {@code strip_string} normalisation, with the small additions METHODS.md asks
 * for: strip {@code \left}/{@code \right}, degrees, {@code \$}, units in {@code \text{}}, percent
 * signs; {@code dfrac}/{@code tfrac} to {@code frac}; repair {@code \frac12} and {@code \sqrt3};
 * {@code a/b} to {@code \frac{a}{b}}; a leading zero for decimals; drop a short {@code x =}
 * prefix; remove spaces; {@code 27.0} to {@code 27}; thousands separators in plain numbers.
 */
public final class AnswerNormalizer {

    private static final Pattern TRAILING_ZEROS = Pattern.compile("^(-?\\d+)(?:\\.0+|(\\.\\d*[1-9])0+)$");
    private static final Pattern THOUSANDS = Pattern.compile("^-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?$");
    private static final Pattern INT_SLASH_INT = Pattern.compile("^(-?\\d+)/(\\d+)$");
    private static final Pattern TEXT_GROUP = Pattern.compile("\\\\(?:text|textbf|mbox|mathrm)\\{([^{}]*)\\}");
    private static final Pattern TRAILING_UNIT_TEXT =
            Pattern.compile("^(.*\\S)\\s*\\\\(?:text|mbox|mathrm)\\{\\s*[A-Za-z][A-Za-z .^0-9]*\\}$");

    private AnswerNormalizer() {}

    public static String normalize(String answer) {
        String s = answer.strip();
        s = s.replace("\n", "").replace("\\!", "");
        s = s.replace("\\\\", "\\");
        s = s.replace("tfrac", "frac").replace("dfrac", "frac");
        s = s.replace("\\left", "").replace("\\right", "");
        s = s.replace("^{\\circ}", "").replace("^\\circ", "").replace("\\circ", "");
        s = s.replace("\\$", "").replace("$", "");
        s = s.replace("\\displaystyle", "");
        s = s.replace("\\,", "").replace("\\;", "").replace("\\:", "").replace("\\ ", " ");
        s = removeUnits(s);
        s = s.replace("\\%", "").replace("%", "");
        s = s.replace(" .", " 0.").replace("{.", "{0.");
        if (s.isEmpty()) return s;
        if (s.charAt(0) == '.') s = "0" + s;
        s = dropShortPrefix(s);
        s = fixSqrt(s);
        s = s.replace(" ", "");
        s = fixFracs(s);
        if (THOUSANDS.matcher(s).matches()) s = s.replace(",", "");
        s = stripTrailingDecimalZeros(s);
        if (s.endsWith(".") && s.length() > 1) s = s.substring(0, s.length() - 1);
        if (s.equals("0.5")) s = "\\frac{1}{2}";
        Matcher slash = INT_SLASH_INT.matcher(s);
        if (slash.matches()) s = "\\frac{" + slash.group(1) + "}{" + slash.group(2) + "}";
        return s;
    }

    /** Units written as {@code 5 \text{ cm}} go; a lone {@code \text{(A)}} keeps its content. */
    static String removeUnits(String s) {
        String out = s;
        Matcher unit = TRAILING_UNIT_TEXT.matcher(out);
        while (unit.matches()) {
            out = unit.group(1).strip();
            unit = TRAILING_UNIT_TEXT.matcher(out);
        }
        return TEXT_GROUP.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    }

    private static String dropShortPrefix(String s) {
        String[] parts = s.split("=", -1);
        if (parts.length == 2 && parts[0].strip().length() <= 2) return parts[1].strip();
        return s;
    }

    private static String stripTrailingDecimalZeros(String s) {
        Matcher m = TRAILING_ZEROS.matcher(s);
        return !m.matches() ? s : m.group(2) == null ? m.group(1) : m.group(1) + m.group(2);
    }

    /** {@code \sqrt3} becomes {@code \sqrt{3}}. */
    static String fixSqrt(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int at = s.indexOf("\\sqrt", i);
            if (at < 0) {
                out.append(s, i, s.length());
                break;
            }
            int after = at + 5;
            out.append(s, i, after);
            if (after < s.length()) {
                char c = s.charAt(after);
                if (c != '{' && c != '[' && c != ' ' && c != '\\') {
                    out.append('{').append(c).append('}');
                    after++;
                }
            }
            i = after;
        }
        return out.toString();
    }

    /** {@code \frac12}, {@code \frac1{2}} and {@code \frac{1}2} become {@code \frac{1}{2}}. */
    static String fixFracs(String s) {
        String[] parts = s.split("\\\\frac", -1);
        StringBuilder out = new StringBuilder(parts[0]);
        for (int p = 1; p < parts.length; p++) {
            String rest = parts[p];
            out.append("\\frac");
            if (rest.isEmpty()) continue;
            if (rest.charAt(0) == '{') {
                out.append(rest);
                continue;
            }
            if (rest.length() < 2) return s; // malformed: leave it as it was
            char a = rest.charAt(0);
            char b = rest.charAt(1);
            if (b == '{') {
                out.append('{').append(a).append('}').append(rest.substring(1));
            } else {
                out.append('{').append(a).append("}{").append(b).append('}').append(rest.substring(2));
            }
        }
        return out.toString();
    }
}
