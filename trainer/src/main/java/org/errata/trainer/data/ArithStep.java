package org.errata.trainer.data;

import java.util.Objects;

/**
 * One written step of a solution, {@code left op right = result}. A step is "correct" when the
 * result is the operation's value; a solution step can also be wrong by using the wrong operands.
 */
public record ArithStep(long left, Operator op, long right, long result) {

    public ArithStep {
        Objects.requireNonNull(op, "op");
    }

    public static ArithStep computed(long left, Operator op, long right) {
        return new ArithStep(left, op, right, op.apply(left, right));
    }

    public boolean arithmeticHolds() {
        return op.apply(left, right) == result;
    }

    /** {@code 17 + 25 = 42}. */
    public String text() {
        return left + " " + op.symbol() + " " + right + " = " + result;
    }

    public ArithStep withResult(long r) {
        return new ArithStep(left, op, right, r);
    }
}
