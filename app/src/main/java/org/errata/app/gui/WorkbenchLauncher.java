package org.errata.app.gui;

import java.time.Clock;
import java.util.prefs.Preferences;
import org.errata.app.Main;
import org.errata.app.services.sample.InMemoryLibrary;
import org.errata.app.services.sample.ReplayRunService;
import org.errata.app.services.sample.SampleLibrary;

/** Opens the workbench window. A separate class so that Main can run without JavaFX for the CLI. */
public final class WorkbenchLauncher {
    private WorkbenchLauncher() {}

    /** Replayed demo runs stream at about this many tokens per second, like a small local model. */
    static final double REPLAY_TOKENS_PER_SECOND = 40;

    public static void launch(Main options) {
        InMemoryLibrary library = InMemoryLibrary.withSample();
        ReplayRunService runs = new ReplayRunService(library, SampleLibrary.RUN, REPLAY_TOKENS_PER_SECOND, Clock.systemUTC());
        RecordingRunService recording = new RecordingRunService(runs, library);
        WorkbenchApp.launch(new WorkbenchApp.Config(library, recording,
                Preferences.userRoot().node("org/errata/workbench"), options.screenshot(), options.darkTheme()));
    }
}
