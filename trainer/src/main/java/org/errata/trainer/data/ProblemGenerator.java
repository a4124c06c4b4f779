package org.errata.trainer.data;

import java.util.SplittableRandom;

/**
 * Draws random problems of 2 or 3 operations over one- and two-digit numbers. Every step is a
 * local computation a model of about a million parameters can learn: a sum or difference has at
 * most one three-digit operand (the other at most two digits), a product is a one-digit factor
 * times at most two digits, and every intermediate value stays in {@code [0, 999]}. The same
 * seed gives the same sequence of problems.
 */
public final class ProblemGenerator {

    public static final int MAX_VALUE = 999;

    private final SplittableRandom random;

    public ProblemGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public ArithmeticProblem next() {
        while (true) {
            int ops = 2 + random.nextInt(2);
            String expression = expression(ops, 0);
            ArithmeticProblem problem = ArithmeticProblem.of(expression);
            if (acceptable(problem)) {
                return problem;
            }
        }
    }

    static boolean acceptable(ArithmeticProblem problem) {
        for (ArithStep s : problem.steps()) {
            if (s.result() < 0 || s.result() > MAX_VALUE) {
                return false;
            }
            if (!local(s)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a step keeps to the learnable shapes: at most one operand over two digits; products one digit by two. */
    static boolean local(ArithStep s) {
        long small = Math.min(s.left(), s.right());
        long large = Math.max(s.left(), s.right());
        if (s.op() == Operator.MUL) {
            return small <= 9 && large <= 99;
        }
        return small <= 99 && large <= MAX_VALUE;
    }

    private String expression(int ops, int depth) {
        if (ops == 0) {
            return Integer.toString(leaf());
        }
        Operator op = operator();
        int leftOps = random.nextInt(ops);
        int rightOps = ops - 1 - leftOps;
        String left = expression(leftOps, depth + 1);
        String right = expression(rightOps, depth + 1);
        if (leftOps > 0 && needsParens(left, op, false)) {
            left = "(" + left + ")";
        }
        if (rightOps > 0 && needsParens(right, op, true)) {
            right = "(" + right + ")";
        }
        if (op == Operator.MUL && leftOps == 0 && rightOps == 0 && random.nextBoolean()) {
            // keep most products one-digit-by-something
            right = Integer.toString(2 + random.nextInt(8));
        }
        return left + " " + op.symbol() + " " + right;
    }

    /** Parentheses for a sub-expression whose top operation binds looser than, or (on the right) as loose as, {@code op}. */
    private static boolean needsParens(String sub, Operator op, boolean right) {
        int top = topPrecedence(sub);
        return top < op.precedence() || (right && top == op.precedence());
    }

    private static int topPrecedence(String sub) {
        int depth = 0;
        int lowest = Integer.MAX_VALUE;
        for (String t : Expressions.tokens(sub)) {
            switch (t) {
                case "(" -> depth++;
                case ")" -> depth--;
                case "+", "-", "*" -> {
                    if (depth == 0) {
                        lowest = Math.min(lowest, Operator.of(t.charAt(0)).precedence());
                    }
                }
                default -> { }
            }
        }
        return lowest;
    }

    private Operator operator() {
        int r = random.nextInt(10);
        return r < 4 ? Operator.ADD : r < 7 ? Operator.SUB : Operator.MUL;
    }

    private int leaf() {
        int r = random.nextInt(10);
        if (r < 3) {
            return 2 + random.nextInt(8);
        }
        return 10 + random.nextInt(90);
    }
}
