package org.errata.trainer.data;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Writes a wrong solution to a problem by one slip at a chosen step; the steps after it carry the
 * wrong value forward. The result is checked: its first step that differs from the correct
 * solution is the slipped one, every written value is a plausible number, and the final answer
 * is wrong.
 */
public final class ErrorInjector {

    private static final int ATTEMPTS = 20;

    private ErrorInjector() {}

    /** A wrong solution with one slip, or empty when none of a few random tries gives a valid one. */
    public static Optional<InjectedError> inject(ArithmeticProblem problem, SplittableRandom random) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ErrorKind kind = ErrorKind.values()[random.nextInt(ErrorKind.values().length)];
            int n = problem.steps().size();
            int step = kind == ErrorKind.DROPPED_TERM ? random.nextInt(n - 1) : random.nextInt(n);
            Optional<InjectedError> e = inject(problem, kind, step, random);
            if (e.isPresent()) {
                return e;
            }
        }
        return Optional.empty();
    }

    /** One slip of {@code kind} at {@code step}, or empty when that slip cannot be made there. */
    public static Optional<InjectedError> inject(
            ArithmeticProblem problem, ErrorKind kind, int step, SplittableRandom random) {
        if (kind == ErrorKind.DROPPED_TERM && step >= problem.steps().size() - 1) {
            return Optional.empty();
        }
        Optional<ArithStep> slip = slip(problem.steps().get(step), kind, random);
        if (kind != ErrorKind.DROPPED_TERM && slip.isEmpty()) {
            return Optional.empty();
        }
        Expressions.Perturbation p = new Expressions.Perturbation() {
            @Override
            public int stepIndex() {
                return step;
            }

            @Override
            public Optional<ArithStep> replace(ArithStep correct) {
                return slip;
            }
        };
        List<ArithStep> written = Expressions.steps(problem.expression(), p);
        if (written.isEmpty() || firstDifference(problem.steps(), written) != step) {
            return Optional.empty();
        }
        for (ArithStep s : written) {
            if (s.result() < 0 || s.result() > ProblemGenerator.MAX_VALUE || s.left() < 0 || s.right() < 0
                    || !ProblemGenerator.local(s)) {
                return Optional.empty();
            }
        }
        InjectedError error = new InjectedError(kind, step, written);
        if (error.writtenAnswer() == problem.answer()) {
            return Optional.empty();
        }
        return Optional.of(error);
    }

    /** The index of the first written step that differs from the correct one; -1 if none does. */
    public static int firstDifference(List<ArithStep> correct, List<ArithStep> written) {
        for (int i = 0; i < correct.size(); i++) {
            if (i >= written.size() || !correct.get(i).equals(written.get(i))) {
                return i;
            }
        }
        return written.size() > correct.size() ? correct.size() : -1;
    }

    private static Optional<ArithStep> slip(ArithStep correct, ErrorKind kind, SplittableRandom random) {
        long r = correct.result();
        return switch (kind) {
            case CARRY_SLIP -> {
                // any digit of the result: a lost carry moves the tens or the hundreds, a table slip the units
                long delta = 1;
                for (int digits = Long.toString(Math.abs(r)).length(), p = random.nextInt(digits); p > 0; p--) {
                    delta *= 10;
                }
                long slipped = random.nextBoolean() ? r + delta : r - delta;
                if (slipped < 0) {
                    slipped = r + delta;
                }
                yield Optional.of(correct.withResult(slipped));
            }
            case DIGIT_SWAP -> {
                char[] d = Long.toString(r).toCharArray();
                int start = random.nextInt(Math.max(1, d.length - 1));
                for (int k = 0; k < d.length - 1; k++) {
                    int i = (start + k) % (d.length - 1);
                    if (d[i] != d[i + 1] && !(i == 0 && d[i + 1] == '0')) {
                        char t = d[i];
                        d[i] = d[i + 1];
                        d[i + 1] = t;
                        yield Optional.of(correct.withResult(Long.parseLong(new String(d))));
                    }
                }
                yield Optional.empty();
            }
            case WRONG_OPERAND -> {
                long b = correct.right();
                long offset = 1 + random.nextInt(3);
                long wrong = random.nextBoolean() ? b + offset : b - offset;
                if (wrong < 1 || (correct.op() == Operator.MUL && b <= 9 && wrong > 9)) {
                    wrong = b + offset;
                }
                if (correct.op() == Operator.MUL && b <= 9 && wrong > 9) {
                    wrong = b - offset;
                }
                if (wrong < 1 || wrong == b) {
                    yield Optional.empty();
                }
                yield Optional.of(ArithStep.computed(correct.left(), correct.op(), wrong));
            }
            case DROPPED_TERM -> Optional.empty();
        };
    }
}
