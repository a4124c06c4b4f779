package org.errata.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates a flat arithmetic expression the way the demo solutions are written: one operation
 * per step, innermost (leftmost) parentheses first, then the leftmost {@code *}, then the
 * leftmost {@code +} or {@code -}. A {@link Perturbation} may change or drop the step at one
 * index; later steps then carry the changed value forward, as a person who slipped would.
 */
public final class Expressions {

    private Expressions() {}

    /** What to do with the correct step at index {@code stepIndex} (0-based). */
    public interface Perturbation {
        int stepIndex();

        /** The step written instead, or empty to drop the operation (the left operand stands for it). */
        Optional<ArithStep> replace(ArithStep correct);
    }

    /** Splits {@code (17 + 25) * 3} into {@code ( 17 + 25 ) * 3}. */
    public static List<String> tokens(String expression) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == ' ') {
                i++;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < expression.length() && Character.isDigit(expression.charAt(j))) {
                    j++;
                }
                out.add(expression.substring(i, j));
                i = j;
            } else if ("()+-*".indexOf(c) >= 0) {
                out.add(String.valueOf(c));
                i++;
            } else {
                throw new IllegalArgumentException("unexpected character '" + c + "' in " + expression);
            }
        }
        return out;
    }

    /** The correct steps. */
    public static List<ArithStep> steps(String expression) {
        return steps(expression, null);
    }

    /** The steps written when {@code perturbation} (if any) happens at its step. */
    public static List<ArithStep> steps(String expression, @org.jspecify.annotations.Nullable Perturbation perturbation) {
        List<String> t = new ArrayList<>(tokens(expression));
        List<ArithStep> steps = new ArrayList<>();
        int reduction = 0;
        while (t.size() > 1) {
            // innermost group: the first ')' and the '(' before it; the whole expression otherwise
            int close = t.indexOf(")");
            int open = -1;
            if (close >= 0) {
                for (int k = close - 1; k >= 0; k--) {
                    if (t.get(k).equals("(")) {
                        open = k;
                        break;
                    }
                }
                if (open < 0) {
                    throw new IllegalArgumentException("unbalanced parentheses: " + expression);
                }
            }
            int from = close >= 0 ? open + 1 : 0;
            int to = close >= 0 ? close : t.size();
            if (to - from == 1) { // "( n )" -> "n"
                t.remove(close);
                t.remove(open);
                continue;
            }
            int at = -1;
            for (int k = from + 1; k < to; k += 2) {
                if (t.get(k).equals("*")) {
                    at = k;
                    break;
                }
            }
            if (at < 0) {
                at = from + 1;
            }
            long left = Long.parseLong(t.get(at - 1));
            Operator op = Operator.of(t.get(at).charAt(0));
            long right = Long.parseLong(t.get(at + 1));
            ArithStep correct = ArithStep.computed(left, op, right);
            long value;
            if (perturbation != null && perturbation.stepIndex() == reduction) {
                Optional<ArithStep> written = perturbation.replace(correct);
                if (written.isPresent()) {
                    steps.add(written.get());
                    value = written.get().result();
                } else {
                    value = left;
                }
            } else {
                steps.add(correct);
                value = correct.result();
            }
            reduction++;
            t.set(at - 1, Long.toString(value));
            t.remove(at + 1);
            t.remove(at);
        }
        return List.copyOf(steps);
    }
}
