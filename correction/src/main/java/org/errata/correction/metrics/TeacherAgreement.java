package org.errata.correction.metrics;

import java.util.List;
import java.util.Optional;
import org.errata.correction.trace.Trace;
import org.jspecify.annotations.Nullable;

/**
 * SuperCorrect's teacher and inspector over a run (METHODS.md A4), from {@link InspectedLocation}:
 * <ul>
 *   <li>{@code checked}: attempts a teacher checked;</li>
 *   <li>{@code survived}: those whose located step survived inspection (passed, or no inspector);</li>
 *   <li>{@code rejected}: those the inspector still flagged when its rounds ran out;</li>
 *   <li>{@code moved}: survivors whose step differs from the teacher's first verdict (the
 *       inspector made the teacher move it);</li>
 *   <li>{@code pairs} and {@code agreement}: over survivors whose student also located a step
 *       (k', −1 for "no error") without the reference, the fraction where k' equals the teacher's k.</li>
 * </ul>
 */
public record TeacherAgreement(int checked, int survived, int rejected, int moved, int pairs, @Nullable Double agreement) {

    public static TeacherAgreement of(List<Trace> traces) {
        int checked = 0, survived = 0, rejected = 0, moved = 0, pairs = 0, agree = 0;
        for (Trace t : traces) {
            for (InspectedLocation x : InspectedLocation.all(t)) {
                checked++;
                if (x.status() == InspectedLocation.Status.REJECTED) rejected++;
                if (InspectedLocation.surviving(t, x.attempt()).isEmpty()) continue;
                survived++;
                if (x.step() != x.firstStep()) moved++;
                Optional<Boolean> same = x.studentAgrees();
                if (same.isPresent()) {
                    pairs++;
                    if (same.get()) agree++;
                }
            }
        }
        return new TeacherAgreement(checked, survived, rejected, moved, pairs, Fractions.ratio(agree, pairs));
    }
}
