package org.errata.correction.grading;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/** An exact rational number in lowest terms with a positive denominator. */
record Rational(BigInteger num, BigInteger den) {

    static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    /** Results with more bits than this are abandoned (answers are small; this bounds the work). */
    private static final int MAX_BITS = 4096;

    Rational {
        if (den.signum() == 0) throw new ArithmeticException("division by zero");
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger g = num.gcd(den);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            num = num.divide(g);
            den = den.divide(g);
        }
        if (num.bitLength() > MAX_BITS || den.bitLength() > MAX_BITS) {
            throw new ArithmeticException("rational too large");
        }
    }

    static Rational of(long n) {
        return new Rational(BigInteger.valueOf(n), BigInteger.ONE);
    }

    /** Parses a plain decimal such as {@code 12}, {@code 0.25} or {@code .5}. */
    static Rational parseDecimal(String s) {
        BigDecimal d = new BigDecimal(s.startsWith(".") ? "0" + s : s);
        if (d.scale() <= 0) return new Rational(d.toBigIntegerExact(), BigInteger.ONE);
        return new Rational(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
    }

    Rational add(Rational o) {
        return new Rational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    Rational multiply(Rational o) {
        return new Rational(num.multiply(o.num), den.multiply(o.den));
    }

    Rational negate() {
        return new Rational(num.negate(), den);
    }

    Rational divide(Rational o) {
        return new Rational(num.multiply(o.den), den.multiply(o.num));
    }

    /** {@code this^e}; throws ArithmeticException when the result would be too large. */
    Rational pow(int e) {
        if (Math.abs((long) e) * Math.max(num.bitLength(), den.bitLength()) > MAX_BITS) {
            throw new ArithmeticException("power too large");
        }
        Rational base = e < 0 ? ONE.divide(this) : this;
        int k = Math.abs(e);
        return new Rational(base.num.pow(k), base.den.pow(k));
    }

    boolean isInteger() {
        return den.equals(BigInteger.ONE);
    }

    /** The exact square root when numerator and denominator are perfect squares, else null. */
    @Nullable Rational sqrtExact() {
        if (num.signum() < 0) return null;
        BigInteger n = num.sqrt();
        BigInteger d = den.sqrt();
        if (n.multiply(n).equals(num) && d.multiply(d).equals(den)) return new Rational(n, d);
        return null;
    }

    double toDouble() {
        return new BigDecimal(num).divide(new BigDecimal(den), java.math.MathContext.DECIMAL64).doubleValue();
    }
}
