package org.errata.persistence.io;

import org.jspecify.annotations.Nullable;

/**
 * How to import a file. {@code dataset} defaults to the file's name without extension;
 * {@code format} is detected when null; {@code skipBad} skips (and lists) malformed lines
 * instead of aborting; {@code replace} lets the import change gold answers that runs were
 * graded against (refused otherwise); {@code errataVersion} is recorded in the runs an import
 * creates.
 */
public record ImportOptions(@Nullable String dataset, @Nullable ImportFormat format, boolean skipBad, boolean replace,
                            String errataVersion) {
    public ImportOptions(@Nullable String dataset, @Nullable ImportFormat format, boolean skipBad, String errataVersion) {
        this(dataset, format, skipBad, false, errataVersion);
    }

    public static ImportOptions defaults(String errataVersion) {
        return new ImportOptions(null, null, false, false, errataVersion);
    }

    public ImportOptions withReplace(boolean replace) {
        return new ImportOptions(dataset, format, skipBad, replace, errataVersion);
    }
}
