package org.errata.app.gui;

import java.util.List;
import org.errata.app.services.RunHandle;
import org.errata.app.services.RunRequest;
import org.errata.app.services.RunService;
import org.errata.app.services.ServiceException;
import org.errata.correction.engine.LoopListener;

/** Starts runs on a service and records their events in a listener (the library) before the view sees them. */
final class RecordingRunService implements RunService {
    private final RunService runs;
    private final LoopListener recorder;

    RecordingRunService(RunService runs, LoopListener recorder) {
        this.runs = runs;
        this.recorder = recorder;
    }

    @Override public List<String> strategies() { return runs.strategies(); }
    @Override public boolean usesGold(String strategy) { return runs.usesGold(strategy); }

    @Override
    public RunHandle start(RunRequest request, LoopListener listener) throws ServiceException {
        return runs.start(request, LoopListener.all(recorder, listener));
    }
}
