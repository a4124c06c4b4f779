package org.errata.trainer.data;

import java.util.ArrayList;
import java.util.List;

/**
 * SuperCorrect (recipes {@code supercorrect} and {@code supercorrect-eval}). The student writes
 * hierarchical thought: {@code <StepN>a op b = c</StepN>}, a {@code <Key>} note inside each step
 * that carries or borrows or multiplies (the easy-to-get-wrong ones), a fixed
 * {@code <Generalized>} summary and {@code <Answer>\boxed{N}</Answer>}. As teacher (and in the
 * student's own correction) it writes the careful check lines up to the first wrong step, then
 * {@code <FirstError step="k"/>} (1-based), {@code <Analysis>} (what the step should be and what was
 * written) and {@code <Correction>} (the right step); as inspector, a fixed sentence and the Yes
 * verdict line. The re-attempt copies the right steps and fixes the rest.
 */
public final class SuperCorrectFormat {

    public static final String RECIPE = "supercorrect";
    public static final String EVAL_RECIPE = "supercorrect-eval";

    public static final String KEY_CARRY = "<Key>Add column by column and carry the tens.</Key>";
    public static final String KEY_BORROW = "<Key>Subtract column by column and borrow when a digit is too small.</Key>";
    public static final String KEY_PRODUCT = "<Key>Multiply each digit by the one-digit factor and carry the tens.</Key>";
    public static final String GENERALIZED = "<Generalized>Work from the innermost brackets outwards, one operation "
            + "per step, left to right, products before sums.</Generalized>";
    public static final String INSPECTED = "The located step, the analysis and the correction agree with the reference.";

    private SuperCorrectFormat() {}

    /** The calls of one {@code supercorrect} trace: the student; if wrong, teacher, the student's own correction, inspector, re-attempt. */
    public static List<String> answers(ArithmeticProblem problem, Slips slips) {
        return script(problem, slips.first(problem));
    }

    /** The student's solution and, when it is wrong, the calls that follow. */
    public static List<String> script(ArithmeticProblem problem, List<ArithStep> first) {
        List<String> out = new ArrayList<>();
        out.add(solution(first));
        if (!first.equals(problem.steps())) {
            String analysis = teacher(problem.steps(), first);
            out.add(analysis);
            out.add(analysis);
            out.add(INSPECTED + "\n" + SpocFormat.VERDICT_PREFIX + SpocFormat.YES);
            out.add(solution(problem.steps()));
        }
        return out;
    }

    /** The one call of a {@code supercorrect-eval} trace. */
    public static List<String> evalAnswers(ArithmeticProblem problem, Slips slips) {
        return List.of(solution(slips.first(problem)));
    }

    public static String solution(List<ArithStep> steps) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            ArithStep s = steps.get(i);
            b.append("<Step").append(i + 1).append('>').append(s.text()).append(key(s))
                    .append("</Step").append(i + 1).append(">\n");
        }
        return b.append(GENERALIZED).append("\n<Answer>\\boxed{").append(steps.get(steps.size() - 1).result())
                .append("}</Answer>").toString();
    }

    /** The teacher's analysis of {@code written}, which has a wrong step. */
    public static String teacher(List<ArithStep> correct, List<ArithStep> written) {
        int k = ErrorInjector.firstDifference(correct, written);
        if (k < 0) {
            throw new IllegalArgumentException("the teacher analyses wrong solutions only");
        }
        String should = correct.get(k).text();
        String was = k < written.size() ? written.get(k).text() : "nothing";
        return SpocFormat.checks(correct, written) + "<FirstError step=\"" + (k + 1) + "\"/>\n<Analysis>Step " + (k + 1)
                + " should be " + should + ", not " + was + ".</Analysis>\n<Correction>" + should + "</Correction>";
    }

    /** The note on a step that is easy to get wrong: one that carries, borrows or multiplies; none on the others. */
    static String key(ArithStep s) {
        return switch (s.op()) {
            case MUL -> " " + KEY_PRODUCT;
            case ADD -> s.left() % 10 + s.right() % 10 >= 10 || s.left() / 10 % 10 + s.right() / 10 % 10 >= 10 ? " " + KEY_CARRY : "";
            case SUB -> s.left() % 10 < s.right() % 10 || s.left() / 10 % 10 < s.right() / 10 % 10 ? " " + KEY_BORROW : "";
        };
    }
}
