package org.errata.app.services;

import java.util.concurrent.CompletionStage;
import org.errata.correction.engine.LoopEvent.RunOutcome;
import org.errata.correction.trace.RunId;

/** A run in progress. {@link #cancel()} stops it between tokens; a stopped run can be resumed. */
public interface RunHandle {

    RunId run();

    /** Planned number of problems. */
    int problems();

    void cancel();

    /** Completes when the run ends, with how it ended; completes exceptionally only on a bug. */
    CompletionStage<RunOutcome> outcome();
}
