package org.errata.app.annotate;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One edit of a label, as a value: the session keeps the draft before it to undo it. */
public sealed interface LabelCommand {

    /** A short past-tense description, shown in the status line ("marked step 3 as the first error"). */
    String description();

    LabelDraft apply(LabelDraft draft);

    /** Marks {@code step} as the first error: the steps before it are correct, the rest unrated. */
    record MarkFirstError(int step) implements LabelCommand {
        @Override public String description() { return "marked step " + (step + 1) + " as the first error"; }
        @Override public LabelDraft apply(LabelDraft d) { return new Rate(step, -1).apply(d); }
    }

    /** Every step correct, no error. */
    record AllCorrect() implements LabelCommand {
        @Override public String description() { return "marked all steps correct"; }
        @Override public LabelDraft apply(LabelDraft d) {
            List<@Nullable Integer> r = new ArrayList<>();
            for (int i = 0; i < d.steps(); i++) r.add(1);
            return d.withRatings(r);
        }
    }

    /** Rates one step +1 / 0 / -1; unrated steps before it become +1, a -1 clears the steps after it. */
    record Rate(int step, int rating) implements LabelCommand {
        public Rate {
            if (rating < -1 || rating > 1) throw new IllegalArgumentException("rating " + rating);
        }
        @Override public String description() {
            return "rated step " + (step + 1) + " " + (rating > 0 ? "+1" : Integer.toString(rating));
        }
        @Override public LabelDraft apply(LabelDraft d) {
            if (step < 0 || step >= d.steps()) return d;
            List<@Nullable Integer> r = new ArrayList<>(d.ratings());
            for (int i = 0; i < step; i++) if (r.get(i) == null) r.set(i, 1);
            r.set(step, rating);
            if (rating == -1) for (int i = step + 1; i < r.size(); i++) r.set(i, null);
            // Only the first -1 counts; a +1/0 in place of the first error leaves later steps unrated.
            return d.withRatings(r);
        }
    }

    record ToggleBadProblem() implements LabelCommand {
        @Override public String description() { return "toggled the bad-problem flag"; }
        @Override public LabelDraft apply(LabelDraft d) { return d.withBadProblem(!d.badProblem()); }
    }

    /** Moves to the next error type in {@link LabelDraft#ERROR_TYPES}, then to none. */
    record CycleErrorType() implements LabelCommand {
        @Override public String description() { return "changed the error type"; }
        @Override public LabelDraft apply(LabelDraft d) {
            int i = d.errorType() == null ? -1 : LabelDraft.ERROR_TYPES.indexOf(d.errorType());
            return d.withErrorType(i + 1 < LabelDraft.ERROR_TYPES.size() ? LabelDraft.ERROR_TYPES.get(i + 1) : null);
        }
    }

    record SetErrorType(@Nullable String type) implements LabelCommand {
        @Override public String description() { return "set the error type"; }
        @Override public LabelDraft apply(LabelDraft d) { return d.withErrorType(type); }
    }

    /** Confidence 1..5, then none. */
    record CycleConfidence() implements LabelCommand {
        @Override public String description() { return "changed the confidence"; }
        @Override public LabelDraft apply(LabelDraft d) {
            Integer c = d.confidence();
            return d.withConfidence(c == null ? Integer.valueOf(1) : c < 5 ? Integer.valueOf(c + 1) : null);
        }
    }

    record SetConfidence(@Nullable Integer confidence) implements LabelCommand {
        @Override public String description() { return "set the confidence"; }
        @Override public LabelDraft apply(LabelDraft d) { return d.withConfidence(confidence); }
    }

    record SetNote(@Nullable String note) implements LabelCommand {
        @Override public String description() { return "edited the note"; }
        @Override public LabelDraft apply(LabelDraft d) { return d.withNote(note); }
    }
}
