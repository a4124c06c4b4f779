package org.errata.app.services;

import org.jspecify.annotations.Nullable;

/**
 * Problems to list: of one dataset (null: all) whose text has the words of {@code text} (blank:
 * all). With {@code advanced}, {@code text} is an FTS5 query expression instead of words.
 */
public record ProblemQuery(@Nullable String dataset, String text, boolean advanced) {
    public static final ProblemQuery ALL = new ProblemQuery(null, "");

    public ProblemQuery {
        text = text.strip();
    }

    /** Words to find, taken literally. */
    public ProblemQuery(@Nullable String dataset, String text) {
        this(dataset, text, false);
    }
}
