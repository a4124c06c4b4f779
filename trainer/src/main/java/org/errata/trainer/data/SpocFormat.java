package org.errata.trainer.data;

import java.util.List;

/**
 * The text format of the demo model's SPOC traces. A solution writes one operation per line
 * ({@code Step 1: 17 + 25 = 42}) and ends in {@code \boxed{N}}. A verification recomputes the
 * steps in order ({@code Check step 1: 17 + 25 = 42 ✓}); at the first step whose written line is
 * not the right one it writes the right line with {@code ✗}, names the step
 * ({@code The first error is in step K.}, 1-based) and stops. Its last line is the GenRM verdict
 * the correction engine parses. Messages are separated by a blank line.
 */
public final class SpocFormat {

    public static final String QUESTION_PREFIX = "What is ";
    public static final String STEP_PREFIX = "Step ";
    public static final String CHECK_PREFIX = "Check step ";
    public static final String ANSWER_PREFIX = "The answer is \\boxed{";
    public static final String ANSWER_SUFFIX = "}.";
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
        StringBuilder b = new StringBuilder();
        int upTo = first < 0 ? correct.size() : first + 1;
        for (int i = 0; i < upTo; i++) {
            b.append(CHECK_PREFIX).append(i + 1).append(": ").append(correct.get(i).text())
                    .append(i == first ? WRONG_MARK : OK_MARK).append('\n');
        }
        if (first >= 0) {
            b.append(FIRST_ERROR_PREFIX).append(first + 1).append(".\n");
        }
        return b.append(VERDICT_PREFIX).append(first < 0 ? YES : NO).toString();
    }
}
