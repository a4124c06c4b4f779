package org.errata.persistence.io;

import org.errata.correction.grading.GradingPolicy;
import org.jspecify.annotations.Nullable;

/**
 * How to import a file. {@code dataset} defaults to the file's name without extension;
 * {@code format} is detected when null; {@code skipBad} skips (and lists) malformed lines
 * instead of aborting; {@code replace} lets the import change gold answers that runs were
 * graded against (refused otherwise); {@code errataVersion} is recorded in the runs an import
 * creates. {@code grading} is the policy every imported attempt with a gold answer is graded
 * under (recorded in the run).
 */
public record ImportOptions(@Nullable String dataset, @Nullable ImportFormat format, boolean skipBad, boolean replace,
                            GradingPolicy grading, String errataVersion) {
    public ImportOptions(@Nullable String dataset, @Nullable ImportFormat format, boolean skipBad, String errataVersion) {
        this(dataset, format, skipBad, false, GradingPolicy.standard(), errataVersion);
    }

    public ImportOptions(@Nullable String dataset, @Nullable ImportFormat format, boolean skipBad, boolean replace,
                         String errataVersion) {
        this(dataset, format, skipBad, replace, GradingPolicy.standard(), errataVersion);
    }

    public static ImportOptions defaults(String errataVersion) {
        return new ImportOptions(null, null, false, false, errataVersion);
    }

    public ImportOptions withReplace(boolean replace) {
        return new ImportOptions(dataset, format, skipBad, replace, grading, errataVersion);
    }

    public ImportOptions withGrading(GradingPolicy policy) {
        return new ImportOptions(dataset, format, skipBad, replace, policy, errataVersion);
    }
}
