package org.errata.app.gui;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import org.errata.app.services.WorkbenchServices;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real workbench window (headless) on a real SQLite file, for tests: opens the services on
 * {@code errata.db} in a folder, lets the test add to the database before the window opens, shows
 * the window with its own throw-away preferences, and waits until a trace is selected; closing
 * it closes the window, the services and the preferences.
 */
public final class WorkbenchWindow implements AutoCloseable {

    /** What a test adds to the database before the window opens. */
    public interface Seed {
        void into(WorkbenchServices services) throws Exception;
    }

    private final WorkbenchServices services;
    private final Preferences prefs;
    private final WorkbenchApp app;

    private WorkbenchWindow(WorkbenchServices services, Preferences prefs, WorkbenchApp app) {
        this.services = services;
        this.prefs = prefs;
        this.app = app;
    }

    /** The window on {@code folder/errata.db} (the sample library when new), without file transfers. */
    public static WorkbenchWindow open(Path folder) throws Exception {
        return open(folder, s -> { }, false);
    }

    /** The window on {@code folder/errata.db} after {@code seed}; {@code transfers}: with the File menu's imports and exports. */
    public static WorkbenchWindow open(Path folder, Seed seed, boolean transfers) throws Exception {
        FxToolkit.registerPrimaryStage();
        WorkbenchServices services = WorkbenchServices.open(folder.resolve("errata.db"));
        Preferences prefs = Preferences.userRoot().node("org/errata/test/" + UUID.randomUUID());
        try {
            seed.into(services);
            WorkbenchApp app = (WorkbenchApp) FxToolkit.setupApplication(() -> new WorkbenchApp(transfers
                    ? new WorkbenchApp.Config(services.library(), services.runs(), prefs, null, false, services.transfers())
                    : new WorkbenchApp.Config(services.library(), services.runs(), prefs, null, false)));
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> app.viewModel().selectedProperty().get() != null);
            return new WorkbenchWindow(services, prefs, app);
        } catch (Exception | Error e) {
            services.close();
            prefs.removeNode();
            throw e;
        }
    }

    public WorkbenchServices services() {
        return services;
    }

    public WorkbenchApp app() {
        return app;
    }

    public Preferences prefs() {
        return prefs;
    }

    @Override
    public void close() throws Exception {
        try {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        } finally {
            services.close();
            prefs.removeNode();
        }
    }
}
