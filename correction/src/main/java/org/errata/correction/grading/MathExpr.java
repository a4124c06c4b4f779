package org.errata.correction.grading;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** A scalar expression parsed from an answer: exact where it can be, a double where it must. */
sealed interface MathExpr {

    /** The value at a point (variables bound in {@code at}); NaN where undefined. */
    double eval(Map<String, Double> at);

    /** The exact value when the expression is rational and free of variables, else null. */
    @Nullable Rational exact();

    void collectVariables(Set<String> into);

    default Set<String> variables() {
        Set<String> out = new TreeSet<>();
        collectVariables(out);
        return out;
    }

    record Num(Rational value) implements MathExpr {
        @Override public double eval(Map<String, Double> at) { return value.toDouble(); }
        @Override public Rational exact() { return value; }
        @Override public void collectVariables(Set<String> into) {}
    }

    /** pi, e, infinity. */
    record Const(String name, double value) implements MathExpr {
        @Override public double eval(Map<String, Double> at) { return value; }
        @Override public @Nullable Rational exact() { return null; }
        @Override public void collectVariables(Set<String> into) {}
    }

    record Var(String name) implements MathExpr {
        @Override public double eval(Map<String, Double> at) {
            Double v = at.get(name);
            return v == null ? Double.NaN : v;
        }
        @Override public @Nullable Rational exact() { return null; }
        @Override public void collectVariables(Set<String> into) { into.add(name); }
    }

    record Sum(List<MathExpr> terms) implements MathExpr {
        public Sum { terms = List.copyOf(terms); }
        @Override public double eval(Map<String, Double> at) {
            double s = 0;
            for (MathExpr t : terms) s += t.eval(at);
            return s;
        }
        @Override public @Nullable Rational exact() {
            Rational s = Rational.ZERO;
            for (MathExpr t : terms) {
                Rational r = t.exact();
                if (r == null) return null;
                s = s.add(r);
            }
            return s;
        }
        @Override public void collectVariables(Set<String> into) { terms.forEach(t -> t.collectVariables(into)); }
    }

    record Product(List<MathExpr> factors) implements MathExpr {
        public Product { factors = List.copyOf(factors); }
        @Override public double eval(Map<String, Double> at) {
            double p = 1;
            for (MathExpr f : factors) p *= f.eval(at);
            return p;
        }
        @Override public @Nullable Rational exact() {
            Rational p = Rational.ONE;
            for (MathExpr f : factors) {
                Rational r = f.exact();
                if (r == null) return null;
                p = p.multiply(r);
            }
            return p;
        }
        @Override public void collectVariables(Set<String> into) { factors.forEach(f -> f.collectVariables(into)); }
    }

    record Neg(MathExpr operand) implements MathExpr {
        @Override public double eval(Map<String, Double> at) { return -operand.eval(at); }
        @Override public @Nullable Rational exact() {
            Rational r = operand.exact();
            return r == null ? null : r.negate();
        }
        @Override public void collectVariables(Set<String> into) { operand.collectVariables(into); }
    }

    record Quotient(MathExpr numerator, MathExpr denominator) implements MathExpr {
        @Override public double eval(Map<String, Double> at) { return numerator.eval(at) / denominator.eval(at); }
        @Override public @Nullable Rational exact() {
            Rational n = numerator.exact();
            Rational d = denominator.exact();
            if (n == null || d == null || d.num().signum() == 0) return null;
            return n.divide(d);
        }
        @Override public void collectVariables(Set<String> into) {
            numerator.collectVariables(into);
            denominator.collectVariables(into);
        }
    }

    record Power(MathExpr base, MathExpr exponent) implements MathExpr {
        @Override public double eval(Map<String, Double> at) {
            double b = base.eval(at);
            double e = exponent.eval(at);
            if (b < 0 && e != Math.rint(e)) {
                // An odd root of a negative number, e.g. (-8)^(1/3), is real.
                Rational re = exponent.exact();
                if (re != null && re.den().testBit(0) && re.den().bitLength() < 31) {
                    double mag = Math.pow(-b, e);
                    return re.num().testBit(0) ? -mag : mag;
                }
                return Double.NaN;
            }
            return Math.pow(b, e);
        }
        @Override public @Nullable Rational exact() {
            Rational b = base.exact();
            Rational e = exponent.exact();
            if (b == null || e == null) return null;
            try {
                if (e.isInteger() && e.num().bitLength() < 31) {
                    if (b.num().signum() == 0 && e.num().signum() < 0) return null;
                    return b.pow(e.num().intValue());
                }
                if (e.equals(new Rational(java.math.BigInteger.ONE, java.math.BigInteger.TWO))) return b.sqrtExact();
                return null;
            } catch (ArithmeticException tooLarge) {
                return null; // fall back to floating point
            }
        }
        @Override public void collectVariables(Set<String> into) {
            base.collectVariables(into);
            exponent.collectVariables(into);
        }
    }

    /** A named real function: sqrt, sin, cos, tan, ln, log (base e), exp, abs, factorial, arcsin... */
    record Call(String function, MathExpr argument) implements MathExpr {
        @Override public double eval(Map<String, Double> at) {
            double x = argument.eval(at);
            return switch (function) {
                case "sqrt" -> x < 0 ? Double.NaN : Math.sqrt(x);
                case "sin" -> Math.sin(x);
                case "cos" -> Math.cos(x);
                case "tan" -> Math.tan(x);
                case "cot" -> 1 / Math.tan(x);
                case "sec" -> 1 / Math.cos(x);
                case "csc" -> 1 / Math.sin(x);
                case "arcsin" -> Math.asin(x);
                case "arccos" -> Math.acos(x);
                case "arctan" -> Math.atan(x);
                case "ln", "log" -> x <= 0 ? Double.NaN : Math.log(x);
                case "exp" -> Math.exp(x);
                case "abs" -> Math.abs(x);
                case "factorial" -> factorial(x);
                default -> Double.NaN;
            };
        }
        @Override public @Nullable Rational exact() {
            Rational r = argument.exact();
            if (r == null) return null;
            return switch (function) {
                case "sqrt" -> r.sqrtExact();
                case "abs" -> r.num().signum() < 0 ? r.negate() : r;
                case "factorial" -> {
                    if (!r.isInteger() || r.num().signum() < 0 || r.num().bitLength() > 10) yield null;
                    java.math.BigInteger f = java.math.BigInteger.ONE;
                    for (int i = 2; i <= r.num().intValue(); i++) f = f.multiply(java.math.BigInteger.valueOf(i));
                    yield new Rational(f, java.math.BigInteger.ONE);
                }
                default -> null;
            };
        }
        @Override public void collectVariables(Set<String> into) { argument.collectVariables(into); }

        private static double factorial(double x) {
            if (x < 0 || x != Math.rint(x) || x > 170) return Double.NaN;
            double f = 1;
            for (int i = 2; i <= (int) x; i++) f *= i;
            return f;
        }
    }
}
