package org.errata.trainer.data;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One training example: the problem and the assistant's interleaved messages, solution and
 * verification alternating. {@code error} is the slip of the first attempt, null when it was right.
 */
public record SpocTrace(ArithmeticProblem problem, List<String> messages, @Nullable InjectedError error) {

    public SpocTrace {
        Objects.requireNonNull(problem, "problem");
        messages = List.copyOf(messages);
        if (messages.size() % 2 != 0 || messages.isEmpty()) {
            throw new IllegalArgumentException("a trace alternates solution and verification: " + messages.size());
        }
    }

    public static SpocTrace correct(ArithmeticProblem problem) {
        return new SpocTrace(problem, List.of(
                SpocFormat.solution(problem.steps()),
                SpocFormat.verification(problem.steps(), problem.steps())), null);
    }

    public static SpocTrace corrected(ArithmeticProblem problem, InjectedError error) {
        return new SpocTrace(problem, List.of(
                SpocFormat.solution(error.writtenSteps()),
                SpocFormat.verification(problem.steps(), error.writtenSteps()),
                SpocFormat.solution(problem.steps()),
                SpocFormat.verification(problem.steps(), problem.steps())), error);
    }

    /** Two wrong solutions, each verified "No", then the right one; {@code error} is the first slip. */
    public static SpocTrace correctedTwice(ArithmeticProblem problem, InjectedError first, InjectedError second) {
        return new SpocTrace(problem, List.of(
                SpocFormat.solution(first.writtenSteps()),
                SpocFormat.verification(problem.steps(), first.writtenSteps()),
                SpocFormat.solution(second.writtenSteps()),
                SpocFormat.verification(problem.steps(), second.writtenSteps()),
                SpocFormat.solution(problem.steps()),
                SpocFormat.verification(problem.steps(), problem.steps())), first);
    }

    public String userMessage() {
        return problem.question();
    }

    /** The whole assistant message, messages joined by a blank line. */
    public String assistantMessage() {
        return String.join(SpocFormat.MESSAGE_SEPARATOR, messages);
    }
}
