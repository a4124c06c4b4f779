package org.errata.persistence.io;

import java.nio.file.Path;
import java.util.List;
import org.errata.correction.trace.RunId;
import org.jspecify.annotations.Nullable;

/**
 * What one import wrote: problems into {@code dataset}, and for pre-recorded files (samples,
 * ProcessBench, PRM800K, traces) a run with its traces, attempts and human labels.
 * {@code runs}: the runs it made or brought back (one per model for files of several models'
 * solutions). {@code graded}: attempts graded by Errata against gold; {@code disagreements}: how
 * many of those the file itself labelled otherwise, the first few spelled out with file and line.
 * {@code regradeRuns}: runs graded against gold answers that this import (with --replace) changed.
 */
public record ImportReport(
        Path file,
        ImportFormat format,
        String dataset,
        int problems,
        List<RunId> runs,
        int traces,
        int attempts,
        int labels,
        List<BadLine> skipped,
        List<String> regradeRuns,
        int graded,
        int disagreements,
        List<String> firstDisagreements) {
    public ImportReport {
        runs = List.copyOf(runs);
        firstDisagreements = List.copyOf(firstDisagreements);
        skipped = List.copyOf(skipped);
        regradeRuns = List.copyOf(regradeRuns);
    }

    /** The first run (the only one, for most files), or null for a problem file. */
    public @Nullable RunId run() {
        return runs.isEmpty() ? null : runs.getFirst();
    }
}
