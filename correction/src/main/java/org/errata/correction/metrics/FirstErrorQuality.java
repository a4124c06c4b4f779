package org.errata.correction.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Trace;
import org.jspecify.annotations.Nullable;

/**
 * How well verifiers locate the first wrong step (METHODS.md C, ProcessBench). References come
 * from human labels when present, else from an oracle verification (synthetic data).
 * <ul>
 *   <li>{@code accuracy}: over wrong attempts with both a predicted and a reference step, the
 *       fraction where they are equal;</li>
 *   <li>ProcessBench {@code accErr} (reference ≥ 0, prediction equal), {@code accCor} (reference
 *       −1, prediction −1; a "correct" verdict without a step predicts −1) and their harmonic
 *       mean {@code f1}; {@code within1} and {@code signedErrorMean} (prediction − reference,
 *       negative = too early) over erroneous items where both steps are ≥ 0.</li>
 * </ul>
 */
public record FirstErrorQuality(
        int located,
        @Nullable Double accuracy,
        int processBenchItems,
        @Nullable Double accErr,
        @Nullable Double accCor,
        @Nullable Double f1,
        @Nullable Double within1,
        @Nullable Double signedErrorMean) {

    /** A predicted first-error index against a reference (−1 = no error); prediction may be unknown. */
    public record Item(@Nullable Integer predicted, int reference) {}

    public static FirstErrorQuality of(List<Trace> traces) {
        int located = 0, hits = 0;
        List<Item> items = new ArrayList<>();
        for (Trace t : traces) {
            for (Attempt a : TraceView.attempts(t)) {
                Optional<Integer> ref = TraceView.referenceFirstError(t, a);
                if (ref.isEmpty()) continue;
                if (Boolean.FALSE.equals(a.correct())) {
                    Optional<Integer> pred = TraceView.predictedFirstError(t, a, false);
                    if (pred.isPresent()) {
                        located++;
                        if (pred.get().equals(ref.get())) hits++;
                    }
                }
            }
            items.addAll(items(t));
        }
        FirstErrorQuality pb = processBench(items);
        return new FirstErrorQuality(located, Fractions.ratio(hits, located), pb.processBenchItems(), pb.accErr(),
                pb.accCor(), pb.f1(), pb.within1(), pb.signedErrorMean());
    }

    /**
     * The ProcessBench items of one trace: each attempt with a reference first error that a
     * non-oracle verifier judged, with the step it predicted (−1 for a "correct" verdict without
     * a step; null when it named none, which ProcessBench counts as a miss).
     */
    static List<Item> items(Trace t) {
        List<Item> items = new ArrayList<>();
        for (Attempt a : TraceView.attempts(t)) {
            Optional<Integer> ref = TraceView.referenceFirstError(t, a);
            if (ref.isEmpty()) continue;
            boolean verified = TraceView.verificationsOf(t, a).stream()
                    .anyMatch(v -> v.role() != org.errata.correction.trace.VerifierRole.ORACLE);
            if (verified) items.add(new Item(TraceView.predictedFirstError(t, a, true).orElse(null), ref.get()));
        }
        return items;
    }

    /** ProcessBench figures for items (the {@code located}/{@code accuracy} fields are left empty). */
    public static FirstErrorQuality processBench(List<Item> items) {
        int err = 0, errHit = 0, cor = 0, corHit = 0, near = 0, both = 0;
        double signed = 0;
        for (Item i : items) {
            if (i.reference() >= 0) {
                err++;
                if (i.predicted() != null && i.predicted() == i.reference()) errHit++;
                if (i.predicted() != null && i.predicted() >= 0) {
                    both++;
                    signed += i.predicted() - i.reference();
                    if (Math.abs(i.predicted() - i.reference()) <= 1) near++;
                }
            } else {
                cor++;
                if (i.predicted() != null && i.predicted() == -1) corHit++;
            }
        }
        Double accErr = Fractions.ratio(errHit, err);
        Double accCor = Fractions.ratio(corHit, cor);
        return new FirstErrorQuality(0, null, items.size(), accErr, accCor, Fractions.harmonic(accErr, accCor),
                Fractions.ratio(near, err), Fractions.ratio(signed, both));
    }
}
