package org.errata.correction.metrics;

import org.jspecify.annotations.Nullable;

/** Ratios that are undefined (null) when their denominator is zero. */
final class Fractions {
    private Fractions() {}

    static @Nullable Double ratio(double numerator, double denominator) {
        return denominator == 0 ? null : numerator / denominator;
    }

    static @Nullable Double harmonic(@Nullable Double a, @Nullable Double b) {
        if (a == null || b == null) return null;
        return a + b == 0 ? 0.0 : 2 * a * b / (a + b);
    }

    static @Nullable Double mean(@Nullable Double a, @Nullable Double b) {
        return a == null || b == null ? null : (a + b) / 2;
    }
}
