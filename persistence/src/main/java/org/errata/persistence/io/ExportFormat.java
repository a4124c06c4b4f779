package org.errata.persistence.io;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an export writes. */
public enum ExportFormat {
    /** A dataset's problems, or a run's traces with all their nodes (one JSON object per line). */
    JSONL,
    /** One ProcessBench item per labelled attempt. */
    PROCESSBENCH,
    /** One PRM800K-shaped label line per labelled attempt. */
    PRM800K;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ExportFormat> fromName(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName().equalsIgnoreCase(name)).findFirst();
    }
}
