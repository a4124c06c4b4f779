package org.errata.correction.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.jspecify.annotations.Nullable;

/**
 * The teacher's first-error location for one student attempt as it stands after SuperCorrect's
 * inspection (METHODS.md A4), read from the tree the {@code supercorrect} strategy writes: the
 * teacher's verification of the attempt, its error location and correction, the inspector's
 * check of that correction, the teacher's revision under a flagged check, and so on. The
 * student's own located step k' (its self verification of the same attempt, made without the
 * reference) is read beside it.
 *
 * <p>{@link #surviving} is the one place that decides which location counts: first-error metrics
 * and training labels (PRM labels, the cross-model DPO pair) use it, never the teacher's first
 * verdict.
 *
 * @param attempt      the student's attempt
 * @param firstTeacher the teacher's first verification of it
 * @param firstStep    the step its first verification located, before any inspection (0-based;
 *                     −1 when it named none)
 * @param teacher      the teacher's last verification in the chain (the first when never revised)
 * @param location     the error location of {@code teacher}; null when it named none
 * @param correction   the correction under {@code location}; null without one
 * @param status       how the chain ended
 * @param inspections  how many inspector checks were made
 * @param studentStep  the student's own first wrong step k' (0-based; −1 when it found no error),
 *                     null when it made no readable self-analysis
 */
public record InspectedLocation(
        Attempt attempt,
        Verification firstTeacher,
        int firstStep,
        Verification teacher,
        @Nullable ErrorLocation location,
        @Nullable Correction correction,
        Status status,
        int inspections,
        @Nullable Integer studentStep) {

    /** How the teacher/inspector chain ended. */
    public enum Status {
        /** The inspector's last check passed the teacher's location and correction. */
        PASSED,
        /** No inspector checked it ({@code inspector_rounds = 0}). */
        UNCHECKED,
        /** The last inspector check flagged it and no revision followed (the rounds ran out). */
        REJECTED,
        /** The teacher found no wrong step, at first or on revision. */
        NO_ERROR,
        /** The teacher's verdict could not be read. */
        UNREADABLE
    }

    /**
     * The teacher's location for {@code a} that survived inspection: the chain ended with the
     * inspector passing it, or no inspector was run. Empty when no teacher checked the attempt,
     * the last check flagged it, or the teacher named no step. The result's {@link #location()}
     * and {@link #correction()} are then set, and {@link #step()} is the step k.
     */
    public static Optional<InspectedLocation> surviving(Trace t, Attempt a) {
        return of(t, a).filter(x -> (x.status == Status.PASSED || x.status == Status.UNCHECKED)
                && x.location != null && x.correction != null);
    }

    /** The whole chain for {@code a}, however it ended; empty when no teacher checked the attempt. */
    public static Optional<InspectedLocation> of(Trace t, Attempt a) {
        List<Verification> direct = TraceView.verificationsOf(t, a);
        Verification first = direct.stream().filter(v -> v.role() == VerifierRole.TEACHER).findFirst().orElse(null);
        if (first == null) return Optional.empty();
        Integer student = direct.stream().filter(v -> v.role() == VerifierRole.SELF).findFirst()
                .map(InspectedLocation::stepOf).orElse(null);
        ErrorLocation firstLocation = firstChild(t, first, ErrorLocation.class);
        int firstStep = firstLocation != null ? firstLocation.stepIndex() : -1;
        Verification v = first;
        int inspections = 0;
        while (true) {
            ErrorLocation loc = firstChild(t, v, ErrorLocation.class);
            if (loc == null) {
                Status s = v.verdict() == Verdict.CORRECT ? Status.NO_ERROR : Status.UNREADABLE;
                return Optional.of(new InspectedLocation(a, first, firstStep, v, null, null, s, inspections, student));
            }
            Correction c = TraceView.children(t, loc.id(), Correction.class).stream().findFirst().orElse(null);
            Verification check = c == null ? null : TraceView.children(t, c.id(), Verification.class).stream()
                    .filter(x -> x.role() == VerifierRole.INSPECTOR).findFirst().orElse(null);
            if (check == null) {
                return Optional.of(new InspectedLocation(a, first, firstStep, v, loc, c,
                        inspections == 0 ? Status.UNCHECKED : Status.REJECTED, inspections, student));
            }
            inspections++;
            if (check.verdict() == Verdict.CORRECT) {
                return Optional.of(new InspectedLocation(a, first, firstStep, v, loc, c, Status.PASSED, inspections, student));
            }
            Verification revised = TraceView.children(t, check.id(), Verification.class).stream()
                    .filter(x -> x.role() == VerifierRole.TEACHER).findFirst().orElse(null);
            if (revised == null) {
                return Optional.of(new InspectedLocation(a, first, firstStep, v, loc, c, Status.REJECTED, inspections, student));
            }
            v = revised;
        }
    }

    /** Every attempt of the trace a teacher checked, in emission order. */
    public static List<InspectedLocation> all(Trace t) {
        List<InspectedLocation> out = new ArrayList<>();
        for (Attempt a : TraceView.attempts(t)) of(t, a).ifPresent(out::add);
        return out;
    }

    /** The located step k (0-based); −1 when the chain holds no location. */
    public int step() {
        return location == null ? -1 : location.stepIndex();
    }

    /** Whether the student's own k' equals the surviving k; empty when either is unknown. */
    public Optional<Boolean> studentAgrees() {
        if (studentStep == null || !(status == Status.PASSED || status == Status.UNCHECKED) || location == null) {
            return Optional.empty();
        }
        return Optional.of(studentStep == location.stepIndex());
    }

    /** A verification's located step: its predicted step, −1 for "no error", null when unreadable. */
    private static @Nullable Integer stepOf(Verification v) {
        if (v.verdict() == Verdict.CORRECT) return -1;
        if (v.verdict() == Verdict.INCORRECT && v.predictedFirstError() != null) return v.predictedFirstError();
        return null;
    }

    private static <T extends org.errata.correction.trace.TraceNode> @Nullable T firstChild(Trace t, Verification v,
                                                                                            Class<T> type) {
        return TraceView.children(t, v.id(), type).stream().findFirst().orElse(null);
    }
}
