package org.errata.app.gui.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.errata.app.gui.diff.StepAlignment;
import org.errata.correction.metrics.FirstErrors;
import org.errata.correction.parse.AttemptSteps;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Trace;
import org.jspecify.annotations.Nullable;

/**
 * One problem's attempts from two runs aligned step by step, anchored at the first error: each
 * side's first wrong step (a person's label first, else what the run's verifier located) is
 * marked on its row, and {@link #anchor()} is the first row that carries a mark, where the view
 * opens. No toolkit.
 */
public record StepComparison(String attemptA, String attemptB, List<Row> rows, @Nullable FirstError errorA,
                             @Nullable FirstError errorB, int anchor) {

    /** Where a side first went wrong and who says so ("human label" or "located by the run"). */
    public record FirstError(int step, String source) {}

    /** One aligned row, with whether it holds side A's or side B's first error. */
    public record Row(StepAlignment.Row aligned, boolean errorA, boolean errorB) {}

    public StepComparison {
        rows = List.copyOf(rows);
    }

    /** Attempt {@code indexA} of {@code a} against attempt {@code indexB} of {@code b} (0-based, clamped). */
    public static @Nullable StepComparison of(@Nullable Trace a, int indexA, @Nullable Trace b, int indexB) {
        if (a == null || b == null || a.attempts().isEmpty() || b.attempts().isEmpty()) return null;
        Attempt aa = a.attempts().get(Math.clamp(indexA, 0, a.attempts().size() - 1));
        Attempt ab = b.attempts().get(Math.clamp(indexB, 0, b.attempts().size() - 1));
        List<String> stepsA = AttemptSteps.texts(a, aa, AttemptSteps.segmenter(a, aa));
        List<String> stepsB = AttemptSteps.texts(b, ab, AttemptSteps.segmenter(b, ab));
        FirstError ea = firstError(a, aa);
        FirstError eb = firstError(b, ab);
        List<Row> rows = new ArrayList<>();
        int anchor = -1;
        for (StepAlignment.Row r : StepAlignment.align(stepsA, stepsB)) {
            boolean ma = ea != null && r.beforeIndex() >= 0 && r.beforeIndex() == ea.step();
            boolean mb = eb != null && r.afterIndex() >= 0 && r.afterIndex() == eb.step();
            if (anchor < 0 && (ma || mb)) anchor = rows.size();
            rows.add(new Row(r, ma, mb));
        }
        return new StepComparison(label(a, aa), label(b, ab), rows, ea, eb, Math.max(anchor, 0));
    }

    private static @Nullable FirstError firstError(Trace t, Attempt a) {
        Optional<Integer> human = FirstErrors.reference(t, a);
        if (human.isPresent()) return human.get() >= 0 ? new FirstError(human.get(), "human label") : null;
        return FirstErrors.located(t, a).filter(k -> k >= 0).map(k -> new FirstError(k, "located by the run")).orElse(null);
    }

    private static String label(Trace t, Attempt a) {
        int n = t.attempts().indexOf(a) + 1;
        String outcome = a.correct() == null ? "" : a.correct() ? " · right" : " · wrong";
        return "Attempt " + n + " of " + t.attempts().size() + (a.finalAnswer() == null ? "" : " · answer " + a.finalAnswer()) + outcome;
    }
}
