package org.errata.correction.grading;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Equality proved by a computer-algebra system (Symja): both answers are read by the same
 * LaTeX parser as the other checkers, their shapes matched as {@link NumericChecker} does
 * (tuples, intervals and matrices element-wise, sets as a matching), and each scalar pair
 * handed to Symja as {@code Simplify(a - b)}; equal when that is exactly zero. Exact where the
 * symbolic checker evaluates: {@code \sqrt{2}+\sqrt{3}} against {@code \sqrt{5+2\sqrt{6}}} is equal
 * to it within 1e-9 but not simplified to zero here. A non-zero difference in variables counts as
 * different (Symja could not prove the identity); a constant difference that is numerically ~0
 * but not simplified away, an unreadable answer, infinities and a comparison that overruns the
 * time limit give no verdict. The engine starts on first use (seconds), once per JVM.
 */
public final class CasChecker implements AnswerChecker {

    public static final String ID = "cas";

    /** The default bound on one comparison (all its scalar pairs together). */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(CasChecker.class.getName());

    /** Set once Symja failed to load, so that the failure is logged once and not retried per pair. */
    private static volatile boolean unavailable;

    private final Duration limit;

    public CasChecker() {
        this(DEFAULT_LIMIT);
    }

    public CasChecker(Duration limit) {
        if (limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("limit " + limit);
        this.limit = limit;
    }

    @Override
    public String id() {
        return ID;
    }

    public Duration limit() {
        return limit;
    }

    @Override
    public boolean equivalent(String gold, String predicted) {
        return verdict(gold, predicted).orElse(false);
    }

    @Override
    public Optional<Boolean> verdict(String gold, String predicted) {
        java.util.Optional<AnswerValue.ParsedPair> pair = AnswerValue.parsePair(gold, predicted);
        if (pair.isEmpty()) return Optional.empty();
        AnswerValue.Parsed g = pair.get().gold();
        AnswerValue.Parsed p = pair.get().predicted();
        if (g.percent() != p.percent()) return Optional.empty(); // 50\% vs 0.5 is the numeric checker's call
        long deadline = System.nanoTime() + limit.toNanos();
        boolean[] undecided = {false};
        boolean same = AnswerValue.matches(g.value(), p.value(), (a, b) -> {
            long left = deadline - System.nanoTime();
            Boolean v = left <= 0 ? null : same(a.expr(), b.expr(), Duration.ofNanos(left));
            if (v == null) undecided[0] = true;
            return Boolean.TRUE.equals(v);
        });
        if (same) return Optional.of(true);
        return undecided[0] ? Optional.empty() : Optional.of(false);
    }

    private static @Nullable Boolean same(MathExpr a, MathExpr b, Duration limit) {
        if (unavailable) return null;
        try {
            return SymjaCas.instance().same(a, b, limit);
        } catch (LinkageError missing) {
            // A class Symja needs is absent (a dependency left out of the build): no CAS verdicts.
            if (!unavailable) LOG.log(System.Logger.Level.WARNING, "the computer-algebra system cannot load; the CAS checker gives no verdicts", missing);
            unavailable = true;
            return null;
        }
    }
}
