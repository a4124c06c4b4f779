package org.errata.trainer.data;

import java.util.List;

/**
 * A solution as the demo model writes it for the chat strategies (every strategy but SPOC and
 * SuperCorrect): the SPOC step lines, but one step per paragraph, so that the {@code paragraph}
 * segmenter (the chat default) cuts it into its steps and the ProcessBench critic's paragraph k is
 * step k + 1; then the answer line as its own paragraph.
 * <pre>Step 1: 17 + 25 = 42

Step 2: 42 * 3 = 126

The answer is \boxed{126}.</pre>
 */
public final class ChatSolution {

    public static final String PARAGRAPH = "\n\n";

    private ChatSolution() {}

    public static String of(List<ArithStep> steps) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            b.append(SpocFormat.STEP_PREFIX).append(i + 1).append(": ").append(steps.get(i).text()).append(PARAGRAPH);
        }
        return b.append(answerLine(steps)).toString();
    }

    /**
     * The same solution the careful way: each step's paragraph is its column form
     * ({@code Step 1: 017+025: 7+5+0=2c1 2+1+1=4c0 0+0+0=0c0 = 42}), as a refinement writes it.
     */
    public static String careful(List<ArithStep> steps) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            b.append(SpocFormat.STEP_PREFIX).append(i + 1).append(": ").append(SpocFormat.columns(steps.get(i))).append(PARAGRAPH);
        }
        return b.append(answerLine(steps)).toString();
    }

    static String answerLine(List<ArithStep> steps) {
        return SpocFormat.ANSWER_PREFIX + steps.get(steps.size() - 1).result() + SpocFormat.ANSWER_SUFFIX;
    }

    /** Each try's solution followed by {@code judgment} of it: the answers of a loop that solves, then judges. */
    static List<String> eachJudged(List<List<ArithStep>> tries, java.util.function.Function<List<ArithStep>, String> judgment) {
        List<String> out = new java.util.ArrayList<>();
        for (List<ArithStep> t : tries) {
            out.add(of(t));
            out.add(judgment.apply(t));
        }
        return out;
    }
}
