package org.errata.correction.parse;

import java.util.Comparator;
import java.util.List;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;

/**
 * The steps of an attempt as a person labels them: the steps stored under a segmenter, else that
 * segmenter applied to the attempt's text. One home for "step k of this attempt", shared by the
 * annotation queue, the label exports and imports, and the training sets, so that a first-error
 * index means the same step everywhere.
 */
public final class AttemptSteps {
    private AttemptSteps() {}

    /** The segmenter of the attempt's first stored step; {@link Segmenters#PARAGRAPH} when it has none. */
    public static String segmenter(Trace t, Attempt a) {
        return t.nodes(Step.class).filter(s -> a.id().equals(s.parent()))
                .map(Step::segmenter).findFirst().orElse(Segmenters.PARAGRAPH);
    }

    /**
     * The texts of the attempt's steps under {@code segmenter}: the stored ones in order, else the
     * segmenter (paragraphs when Errata has no segmenter of that name) applied to the text.
     */
    public static List<String> texts(Trace t, Attempt a, String segmenter) {
        List<String> stored = t.nodes(Step.class)
                .filter(s -> a.id().equals(s.parent()) && s.segmenter().equals(segmenter))
                .sorted(Comparator.comparingInt(Step::index))
                .map(s -> s.text(a.text())).toList();
        if (!stored.isEmpty()) return stored;
        Segmenter by;
        try {
            by = Segmenters.byId(segmenter);
        } catch (IllegalArgumentException unknown) {
            by = Segmenters.byId(Segmenters.PARAGRAPH);
        }
        return by.segment(a.text()).stream().map(s -> s.text(a.text())).toList();
    }
}
