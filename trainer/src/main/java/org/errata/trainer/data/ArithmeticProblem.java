package org.errata.trainer.data;

import java.util.List;
import java.util.Objects;

/** A generated problem: its expression, its correct steps and its answer (the last step's result). */
public record ArithmeticProblem(String expression, List<ArithStep> steps) {

    public ArithmeticProblem {
        Objects.requireNonNull(expression, "expression");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a problem needs at least one step: " + expression);
        }
    }

    public static ArithmeticProblem of(String expression) {
        return new ArithmeticProblem(expression, Expressions.steps(expression));
    }

    /** The problem a {@code What is <expression>?} question asks, or empty for any other text. */
    public static java.util.Optional<ArithmeticProblem> fromQuestion(String question) {
        String q = question.strip();
        if (!q.startsWith(SpocFormat.QUESTION_PREFIX) || !q.endsWith("?")) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(of(q.substring(SpocFormat.QUESTION_PREFIX.length(), q.length() - 1)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return java.util.Optional.empty();
        }
    }

    public long answer() {
        return steps.get(steps.size() - 1).result();
    }

    /** The user message: {@code What is (17 + 25) * 3?}. */
    public String question() {
        return SpocFormat.question(expression);
    }

    /** A GSM8K-style answer field: the worked steps, then {@code #### N}. */
    public String gsm8kAnswer() {
        StringBuilder b = new StringBuilder();
        for (ArithStep s : steps) {
            b.append(s.text()).append('\n');
        }
        return b.append("#### ").append(answer()).toString();
    }
}
