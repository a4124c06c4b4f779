package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reading the field variants of benchmark files: ids, answers, boxed solutions, levels. */
final class SourceFields {
    private SourceFields() {}

    /** Numbers longer than this are refused as ids and answers: {@code 1e400} is a broken field, not an answer. */
    static final int MAX_DIGITS = 100;
    private static final int MAX_NUMBER_BITS = 333;

    private static final Pattern LEVEL = Pattern.compile("(?:Level\\s*)?(\\d+)");

    /** A scalar as text: numbers canonical (27.0 becomes "27", 0.50 becomes "0.5"). Null for null/missing. */
    static @Nullable String scalar(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) return null;
        if (n.isIntegralNumber()) {
            java.math.BigInteger i = n.bigIntegerValue();
            if (i.abs().bitLength() > MAX_NUMBER_BITS) throw new BadLineException("number " + n.asText() + " is out of range");
            return i.toString();
        }
        if (n.isNumber()) {
            if (n.isDouble() && !Double.isFinite(n.doubleValue())) throw new BadLineException("number is out of range");
            BigDecimal d = n.decimalValue().stripTrailingZeros();
            if (d.precision() - d.scale() > MAX_DIGITS || d.scale() > MAX_DIGITS) {
                throw new BadLineException("number " + n.decimalValue() + " is out of range (more than " + MAX_DIGITS + " digits)");
            }
            return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
        }
        if (n.isTextual() || n.isBoolean()) return n.asText();
        throw new BadLineException("expected a text or number, found " + n.getNodeType().name().toLowerCase());
    }

    /** The gold answer in a GSM8K answer: the number after the last {@code ####}, commas removed. */
    static @Nullable String afterHashes(String answer) {
        int i = answer.lastIndexOf("####");
        if (i < 0) return null;
        return answer.substring(i + 4).trim().replace(",", "");
    }

    private static final Pattern ANSWER_IS = Pattern.compile("(?i)\\banswer\\s+is\\b");
    private static final Pattern FINAL_LINE = Pattern.compile("(?s).*\\n[ \\t]*A:[ \\t]*(\\S[^\\n]*?)\\s*");

    /**
     * The gold answer of a whole solution given as the answer: after GSM8K's {@code ####}, on its
     * model solutions' last line {@code A: N}, or after MetaMath's "The answer is: X" (commas of
     * a plain number removed). Null for a short answer that is not a solution.
     */
    static @Nullable String answerOfSolution(String text) {
        String hashes = afterHashes(text);
        if (hashes != null) return hashes.isEmpty() ? null : hashes;
        Matcher last = FINAL_LINE.matcher(text);
        if (last.matches()) return plainNumber(last.group(1));
        if (!text.contains("\n") && !ANSWER_IS.matcher(text).find()) return null;
        return org.errata.correction.grading.AnswerExtractor.standard().extract(text)
                .map(a -> plainNumber(a.answer())).orElse(null);
    }

    private static final Pattern GROUPED = Pattern.compile("-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?");

    private static String plainNumber(String answer) {
        String a = answer.strip();
        if (a.endsWith(".")) a = a.substring(0, a.length() - 1);
        return GROUPED.matcher(a).matches() ? a.replace(",", "") : a;
    }

    /** The content of the last balanced {@code \boxed{...}} (or {@code \fbox{}}), if any. */
    static @Nullable String lastBoxed(String text) {
        int start = Math.max(text.lastIndexOf("\\boxed{"), text.lastIndexOf("\\fbox{"));
        if (start < 0) return null;
        int open = text.indexOf('{', start);
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '{') depth++;
            else if (ch == '}' && --depth == 0) return text.substring(open + 1, i);
        }
        return null;
    }

    /** MATH's level: 3 or "Level 3"; null when absent or unreadable. */
    static @Nullable Integer level(JsonNode n) {
        if (n.isIntegralNumber()) return n.intValue();
        if (n.isTextual()) {
            Matcher m = LEVEL.matcher(n.asText().trim());
            if (m.matches()) return Integer.parseInt(m.group(1));
        }
        return null;
    }

    static String requireText(JsonNode o, String field) {
        JsonNode n = o.path(field);
        if (!n.isTextual()) {
            throw new BadLineException(n.isMissingNode() ? "missing field '" + field + "'"
                    : "field '" + field + "' is not text");
        }
        return n.asText();
    }
}
