package org.errata.app.services;

import org.jspecify.annotations.Nullable;

/** Problems to list: of one dataset (null: all) whose text matches {@code text} (blank: all). */
public record ProblemQuery(@Nullable String dataset, String text) {
    public static final ProblemQuery ALL = new ProblemQuery(null, "");

    public ProblemQuery {
        text = text.strip();
    }
}
