package org.errata.app.gui;

import java.time.Clock;
import java.util.prefs.Preferences;
import org.errata.app.Main;
import org.errata.app.services.LibraryService;
import org.errata.app.services.RunService;
import org.errata.app.services.ServiceException;
import org.errata.app.services.WorkbenchServices;
import org.errata.app.services.sample.InMemoryLibrary;
import org.errata.app.services.sample.ReplayRunService;
import org.errata.app.services.sample.SampleLibrary;

/** Opens the workbench window. A separate class so that Main can run without JavaFX for the CLI. */
public final class WorkbenchLauncher {
    private WorkbenchLauncher() {}

    /** Replayed demo runs stream at about this many tokens per second, like a small local model. */
    static final double REPLAY_TOKENS_PER_SECOND = 40;

    public static void launch(Main options) {
        java.util.Optional<String> noWindow = DisplayCheck.beforeLaunch(
                System.getenv(), System.getProperty("os.name", ""), System.getProperty("glass.platform", ""));
        if (noWindow.isPresent()) throw new IllegalStateException(noWindow.get());
        DisplayCheck.quietClassPathNote();
        LibraryService library;
        RunService runs;
        WorkbenchServices services = null;
        try {
            services = WorkbenchServices.open(options.database());
            library = services.library();
            runs = services.runs();
        } catch (ServiceException e) {
            System.err.println("errata: " + e.getMessage() + "; showing the built-in sample, runs are not saved");
            InMemoryLibrary memory = InMemoryLibrary.withSample();
            library = memory;
            runs = new RecordingRunService(
                    new ReplayRunService(memory, SampleLibrary.RUN, REPLAY_TOKENS_PER_SECOND, Clock.systemUTC()), memory);
        }
        try {
            WorkbenchApp.launch(new WorkbenchApp.Config(library, runs,
                    Preferences.userRoot().node("org/errata/workbench"), options.screenshot(), options.darkTheme()));
        } catch (RuntimeException e) {
            // JavaFX reports a missing display or GTK as an unchecked exception from its start-up
            throw new IllegalStateException(DisplayCheck.afterFailure(e), e);
        } finally {
            if (services != null) services.close();
        }
    }
}
