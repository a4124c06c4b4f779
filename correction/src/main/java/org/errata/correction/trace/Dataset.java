package org.errata.correction.trace;

import org.jspecify.annotations.Nullable;

/** A named collection of problems, e.g. an imported benchmark file. */
public record Dataset(String name, String format, @Nullable String sourcePath, int problemCount) {
    public Dataset { Ids.check(name, "dataset name"); }
}
