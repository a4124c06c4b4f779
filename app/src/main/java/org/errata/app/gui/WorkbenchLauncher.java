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
        // The database opens (migrations, the demo dataset on first use) while the toolkit starts and the
        // window shows its progress.
        java.util.concurrent.atomic.AtomicReference<WorkbenchServices> opened = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CompletableFuture<WorkbenchApp.Config> config = new java.util.concurrent.CompletableFuture<>();
        Preferences prefs = Preferences.userRoot().node("org/errata/workbench");
        Thread.ofPlatform().daemon().name("errata-open-database").start(() -> {
            LibraryService library;
            RunService runs;
            org.errata.app.services.FileTransfers transfers = null;
            try {
                WorkbenchServices services = WorkbenchServices.open(options.database());
                opened.set(services);
                library = services.library();
                runs = services.runs();
                transfers = services.transfers();
            } catch (ServiceException e) {
                System.err.println("errata: " + e.getMessage() + "; showing the built-in sample, runs are not saved");
                InMemoryLibrary memory = InMemoryLibrary.withSample();
                library = memory;
                runs = new RecordingRunService(
                        new ReplayRunService(memory, SampleLibrary.RUN, REPLAY_TOKENS_PER_SECOND, Clock.systemUTC()), memory);
            } catch (RuntimeException e) {
                config.completeExceptionally(e);
                return;
            }
            // The first read of the library is the slowest of the process (the row mappers' classes
            // load and run cold): done here, it overlaps the toolkit's start instead of following the
            // window's construction (measured: about 0.9 s of a 2.7 s start after it, on 2 cores).
            org.errata.app.gui.library.LibraryViewModel.Loaded first = null;
            try {
                first = org.errata.app.gui.library.LibraryViewModel.Loaded.read(library);
            } catch (ServiceException | RuntimeException e) {
                // the workbench reads it again and reports what fails
            }
            config.complete(new WorkbenchApp.Config(library, runs, prefs, options.screenshot(), options.darkTheme(),
                    transfers, first));
        });
        try {
            org.errata.app.StartupTimeline.mark("launch");
            WorkbenchApp.launch(prefs, config);
        } catch (RuntimeException e) {
            throw DisplayCheck.startFailed(e);
        } finally {
            WorkbenchServices services = opened.get();
            if (services == null) {
                try {
                    services = config.thenApply(c -> opened.get()).get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // nothing was opened, or it never finished: nothing to close
                }
            }
            if (services != null) services.close();
        }
    }
}
