package org.errata.app.gui;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import org.errata.app.services.sample.InMemoryLibrary;
import org.errata.app.services.sample.ReplayRunService;
import org.errata.app.services.sample.SampleLibrary;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Tests: the whole workbench opened headless on the built-in sample, with its own preferences, once a node is selected. */
final class SampleWorkbench {
    private SampleWorkbench() {}

    static WorkbenchApp open(Preferences prefs) throws Exception {
        FxToolkit.registerPrimaryStage();
        InMemoryLibrary library = InMemoryLibrary.withSample();
        ReplayRunService runs = new ReplayRunService(library, SampleLibrary.RUN, 0, Clock.systemUTC());
        WorkbenchApp app = (WorkbenchApp) FxToolkit.setupApplication(() -> new WorkbenchApp(
                new WorkbenchApp.Config(library, new RecordingRunService(runs, library), prefs, null, false)));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> app.viewModel().selectedProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        return app;
    }
}
