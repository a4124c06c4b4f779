package org.errata.trainer.data;

import java.util.List;

/**
 * The text format of the demo model's SPOC traces. A solution writes one operation per line
 * ({@code Step 1: 17 + 25 = 42}) and ends in {@code \boxed{N}}: the fast way, each result in one go.
 * A verification recomputes the steps in order the careful way, column by column on operands padded
 * to three digits, least significant digit first:
 * <pre>Check step 1: 017+025: 7+5+0=2c1 1+2+1=4c0 0+0+0=0c0 = 42, written 42 ✓</pre>
 * (each column {@code x+y+carry=digit c carry-out}; {@code x-y-borrow=digit b borrow-out} for a
 * difference; {@code x*d=pp+carry=digit c carry-out} for a product, its one-digit factor last and
 * the two-digit table product {@code pp} written before the carry is added), then
 * copies the result the solution wrote beside it, so that the mark only compares two adjacent
 * numbers. At the first step whose written line is not the right one the line ends in {@code ✗}, names the step
 * ({@code The first error is in step K.}, 1-based) and stops. Its last line is the GenRM verdict
 * the correction engine parses. Messages are separated by a blank line.
 *
 * <p>Every column of an operation has the same width, so the digits a column needs sit at fixed distances
 * before it: a small model learns the careful way far more reliably than the fast one, which is
 * what lets it catch its own slips (verification is easier than generation).
 */
public final class SpocFormat {

    public static final String QUESTION_PREFIX = "What is ";
    public static final String STEP_PREFIX = "Step ";
    public static final String CHECK_PREFIX = "Check step ";
    public static final String ANSWER_PREFIX = "The answer is \\boxed{";
    public static final String ANSWER_SUFFIX = "}.";
    /** Between the careful result and the one the solution wrote, which the mark compares. */
    public static final String WRITTEN = ", written ";
    public static final String OK_MARK = " ✓";
    public static final String WRONG_MARK = " ✗";
    public static final String FIRST_ERROR_PREFIX = "The first error is in step ";
    public static final String VERDICT_PREFIX = "Verification: Is the answer correct (Yes/No)? ";
    public static final String YES = "Yes";
    public static final String NO = "No";
    public static final String MESSAGE_SEPARATOR = "\n\n";
    /** The most steps a demo solution has; the tokenizer has a whole token for each step label. */
    public static final int MAX_STEPS = 8;

    private SpocFormat() {}

    public static String question(String expression) {
        return QUESTION_PREFIX + expression + "?";
    }

    public static String solution(List<ArithStep> steps) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            b.append(STEP_PREFIX).append(i + 1).append(": ").append(steps.get(i).text()).append('\n');
        }
        long answer = steps.get(steps.size() - 1).result();
        return b.append(ANSWER_PREFIX).append(answer).append(ANSWER_SUFFIX).toString();
    }

    /** The verification of {@code written} against the problem's {@code correct} steps. */
    public static String verification(List<ArithStep> correct, List<ArithStep> written) {
        int first = ErrorInjector.firstDifference(correct, written);
        return checks(correct, written) + VERDICT_PREFIX + (first < 0 ? YES : NO);
    }

    /**
     * The verification without its verdict line: the check lines up to the first wrong step and,
     * when there is one, {@code The first error is in step K.}; each line ends in a newline.
     * Every demo format that checks a solution writes these lines.
     */
    public static String checks(List<ArithStep> correct, List<ArithStep> written) {
        int first = ErrorInjector.firstDifference(correct, written);
        StringBuilder b = new StringBuilder();
        int upTo = first < 0 ? correct.size() : first + 1;
        for (int i = 0; i < upTo; i++) {
            b.append(CHECK_PREFIX).append(i + 1).append(": ").append(columns(correct.get(i)))
                    .append(WRITTEN).append(written.get(i).result())
                    .append(i == first ? WRONG_MARK : OK_MARK).append('\n');
        }
        if (first >= 0) {
            b.append(FIRST_ERROR_PREFIX).append(first + 1).append(".\n");
        }
        return b.toString();
    }

    /** Digits of every operand and result the careful way: each operand padded to this many digits. */
    public static final int COLUMNS = 3;

    /**
     * The careful recomputation of {@code step}: {@code 386+057: 6+7+0=3c1 8+5+1=4c1 3+0+1=4c0 = 443}.
     * A product writes its larger factor padded and its one-digit factor last, and each column's
     * table product as two digits before adding the carry ({@code 046*7: 6*7=42+0=2c4 4*7=28+4=2c3 ...}):
     * a column is then a table lookup followed by a small addition.
     */
    public static String columns(ArithStep step) {
        long left = step.left();
        long right = step.right();
        Operator op = step.op();
        if (op == Operator.MUL && left < right) {
            long t = left;
            left = right;
            right = t;
        }
        if (left > 999 || right > 999 || left < 0 || right < 0 || (op == Operator.MUL && right > 9)
                || (op == Operator.SUB && left < right)) {
            throw new IllegalArgumentException("no column form for " + step.text());
        }
        StringBuilder b = new StringBuilder();
        b.append(pad(left)).append(op.symbol()).append(op == Operator.MUL ? Long.toString(right) : pad(right)).append(':');
        long carry = 0;
        long value = 0;
        long place = 1;
        for (int i = 0; i < COLUMNS; i++) {
            long x = digit(left, i);
            long y = op == Operator.MUL ? right : digit(right, i);
            long d;
            long out;
            char mark;
            switch (op) {
                case ADD -> {
                    long s = x + y + carry;
                    d = s % 10;
                    out = s / 10;
                    mark = 'c';
                    b.append(' ').append(x).append('+').append(y).append('+').append(carry);
                }
                case SUB -> {
                    long s = x - y - carry;
                    out = s < 0 ? 1 : 0;
                    d = s + 10 * out;
                    mark = 'b';
                    b.append(' ').append(x).append('-').append(y).append('-').append(carry);
                }
                default -> {
                    // the table product first (two digits), then the carry added to it
                    long product = x * y;
                    long s = product + carry;
                    d = s % 10;
                    out = s / 10;
                    mark = 'c';
                    b.append(' ').append(x).append('*').append(y).append('=').append(product / 10).append(product % 10)
                            .append('+').append(carry);
                }
            }
            b.append('=').append(d).append(mark).append(out);
            value += d * place;
            place *= 10;
            carry = out;
        }
        if (carry != 0 || value != step.op().apply(step.left(), step.right())) {
            throw new IllegalArgumentException("result of " + step.text() + " does not fit " + COLUMNS + " columns");
        }
        return b.append(" = ").append(value).toString();
    }

    private static String pad(long v) {
        String s = Long.toString(v);
        return "0".repeat(Math.max(0, COLUMNS - s.length())) + s;
    }

    private static long digit(long v, int i) {
        for (int k = 0; k < i; k++) {
            v /= 10;
        }
        return v % 10;
    }
}
