package org.errata.persistence.io;

import java.nio.file.Path;
import java.util.List;
import org.errata.correction.trace.RunId;
import org.jspecify.annotations.Nullable;

/**
 * What one import wrote: problems into {@code dataset}, and for pre-recorded files (samples,
 * ProcessBench, PRM800K, traces) a run with its traces, attempts and human labels.
 * {@code regradeRuns}: runs graded against gold answers that this import (with --replace) changed.
 */
public record ImportReport(
        Path file,
        ImportFormat format,
        String dataset,
        int problems,
        @Nullable RunId run,
        int traces,
        int attempts,
        int labels,
        List<BadLine> skipped,
        List<String> regradeRuns) {
    public ImportReport {
        skipped = List.copyOf(skipped);
        regradeRuns = List.copyOf(regradeRuns);
    }
}
