package org.errata.app.annotate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.jspecify.annotations.Nullable;

/**
 * The label being made on one item: a rating per step (null = not rated yet) and the extra
 * fields. Rated steps always form a prefix: rating a step rates the unrated steps before it as
 * correct, and a -1 (the first error) clears the ratings after it, as PRM800K's second phase
 * stops at the first error.
 */
public record LabelDraft(
        List<@Nullable Integer> ratings,
        @Nullable String errorType,
        @Nullable Integer confidence,
        boolean badProblem,
        @Nullable String note) {

    /** Error types of the annotation schema (METHODS.md B). */
    public static final List<String> ERROR_TYPES =
            List.of("calculation", "algebra", "logic", "misread_problem", "unjustified_claim", "incomplete", "other");

    public LabelDraft {
        ratings = Collections.unmodifiableList(new ArrayList<>(ratings));
        for (Integer r : ratings) {
            if (r != null && (r < -1 || r > 1)) throw new IllegalArgumentException("step rating " + r);
        }
        if (confidence != null && (confidence < 1 || confidence > 5)) throw new IllegalArgumentException("confidence " + confidence);
    }

    public static LabelDraft empty(int steps) {
        List<@Nullable Integer> r = new ArrayList<>();
        for (int i = 0; i < steps; i++) r.add(null);
        return new LabelDraft(r, null, null, false, null);
    }

    /** The draft a stored label stands for (a first-error-only label rates the steps up to the error). */
    public static LabelDraft of(HumanLabel label, int steps) {
        List<@Nullable Integer> r = new ArrayList<>();
        for (int i = 0; i < steps; i++) r.add(null);
        if (!label.stepRatings().isEmpty()) {
            for (int i = 0; i < Math.min(steps, label.stepRatings().size()); i++) r.set(i, label.stepRatings().get(i));
        } else if (label.firstErrorStep() >= 0) {
            for (int i = 0; i <= Math.min(label.firstErrorStep(), steps - 1); i++) r.set(i, i == label.firstErrorStep() ? -1 : 1);
        } else if (!label.badProblem()) {
            for (int i = 0; i < steps; i++) r.set(i, 1);
        }
        return new LabelDraft(r, label.errorType(), label.confidence(), label.badProblem(), label.note());
    }

    public int steps() {
        return ratings.size();
    }

    /** The first step rated -1, or -1 when there is none. */
    public int firstError() {
        return ratings.indexOf(-1);
    }

    /** How many steps are rated (the rated prefix). */
    public int rated() {
        int n = 0;
        while (n < ratings.size() && ratings.get(n) != null) n++;
        return n;
    }

    /** Complete: a first error is marked, every step is rated, or the problem is flagged bad. */
    public boolean complete() {
        return firstError() >= 0 || rated() == ratings.size() || badProblem;
    }

    public boolean isEmpty() {
        return rated() == 0 && errorType == null && confidence == null && !badProblem && note == null;
    }

    public LabelDraft withRatings(List<@Nullable Integer> r) {
        return new LabelDraft(r, errorType, confidence, badProblem, note);
    }

    public LabelDraft withErrorType(@Nullable String t) {
        return new LabelDraft(ratings, t, confidence, badProblem, note);
    }

    public LabelDraft withConfidence(@Nullable Integer c) {
        return new LabelDraft(ratings, errorType, c, badProblem, note);
    }

    public LabelDraft withBadProblem(boolean b) {
        return new LabelDraft(ratings, errorType, confidence, b, note);
    }

    public LabelDraft withNote(@Nullable String n) {
        return new LabelDraft(ratings, errorType, confidence, badProblem, n == null || n.isBlank() ? null : n);
    }

    /** The stored form: ratings up to the first error (or the rated prefix), first error -1 when none. */
    public HumanLabel toLabel(NodeId parent, int seq, String annotator, String segmenter, long timeMs, Instant at) {
        int first = firstError();
        int upTo = first >= 0 ? first + 1 : rated();
        List<Integer> stored = new ArrayList<>();
        for (int i = 0; i < upTo; i++) stored.add(ratings.get(i));
        return new HumanLabel(NodeId.random(), parent, seq, annotator, segmenter, first, stored, errorType, confidence,
                badProblem, note, timeMs, at);
    }

    /** Whether a stored label is a finished judgement of an item with {@code steps} steps (see {@link #complete()}). */
    public static boolean complete(HumanLabel label, int steps) {
        return label.firstErrorStep() >= 0 || label.badProblem() || label.stepRatings().isEmpty()
                || label.stepRatings().size() >= steps;
    }
}
