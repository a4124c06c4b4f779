package org.errata.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.ProgressIndicator;
import javafx.stage.Stage;
import org.errata.app.services.sample.InMemoryLibrary;
import org.errata.app.services.sample.ReplayRunService;
import org.errata.app.services.sample.SampleLibrary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Headless: a start shows the window at once with a progress indication while the services are
 * still opening, and builds the workbench in it when they are open.
 */
class WorkbenchOpeningTest {
    private final Preferences prefs = Preferences.userRoot().node("org/errata/test/" + UUID.randomUUID());

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        prefs.removeNode();
    }

    @Test
    void theWindowShowsProgressUntilTheServicesAreOpenThenTheWorkbench() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        CompletableFuture<WorkbenchApp.Config> opening = new CompletableFuture<>();
        WorkbenchApp app = (WorkbenchApp) FxToolkit.setupApplication(() -> new WorkbenchApp(prefs, opening));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(stage.isShowing()).isTrue();
        Node root = stage.getScene().getRoot();
        assertThat(root.getId()).isEqualTo("opening");
        assertThat(root.lookup(".progress-indicator")).isInstanceOf(ProgressIndicator.class);
        assertThat(((ProgressIndicator) root.lookup(".progress-indicator")).isIndeterminate()).isTrue();

        InMemoryLibrary library = InMemoryLibrary.withSample();
        ReplayRunService runs = new ReplayRunService(library, SampleLibrary.RUN, 0, Clock.systemUTC());
        opening.complete(new WorkbenchApp.Config(library, new RecordingRunService(runs, library), prefs, null, false));

        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> stage.getScene().getRoot() instanceof MainView);
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> app.viewModel().selectedProperty().get() != null);
        assertThat(stage.getScene().getRoot()).isSameAs(app.view());
        assertThat(app.viewModel().treeProperty().get().problem()).isEqualTo(SampleLibrary.traces().get(0).problem());
        FxToolkit.cleanupApplication(app);
    }

    @Test
    void aListingReadAtStartIsShownWithoutReadingTheRunsAgainAndUnopenedTabsJoinTheSceneWhenFirstSelected() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        InMemoryLibrary memory = InMemoryLibrary.withSample();
        java.util.concurrent.atomic.AtomicInteger runReads = new java.util.concurrent.atomic.AtomicInteger();
        org.errata.app.services.LibraryService library = (org.errata.app.services.LibraryService) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {org.errata.app.services.LibraryService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("runs") && method.getParameterCount() == 0) runReads.incrementAndGet();
                    try {
                        return method.invoke(memory, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        org.errata.app.gui.library.LibraryViewModel.Loaded first = org.errata.app.gui.library.LibraryViewModel.Loaded.read(library);
        assertThat(runReads.get()).isEqualTo(1);
        ReplayRunService runs = new ReplayRunService(memory, SampleLibrary.RUN, 0, Clock.systemUTC());
        CompletableFuture<WorkbenchApp.Config> opening = CompletableFuture.completedFuture(new WorkbenchApp.Config(
                library, new RecordingRunService(runs, memory), prefs, null, false, null, first));
        WorkbenchApp app = (WorkbenchApp) FxToolkit.setupApplication(() -> new WorkbenchApp(prefs, opening));
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> app.viewModel() != null && app.viewModel().selectedProperty().get() != null);
        assertThat(app.viewModel().treeProperty().get().problem()).isEqualTo(SampleLibrary.traces().get(0).problem());
        assertThat(runReads.get()).as("the runs were read once, before the window").isEqualTo(1);

        javafx.scene.control.TabPane centre = app.view().centre();
        javafx.scene.control.Tab metrics = centre.getTabs().get(1);
        assertThat(metrics.getContent()).as("not opened yet").isNull();
        assertThat(app.view().inspector().lookup("#details")).as("the inspector's Details table, its tab not opened").isNull();
        WaitForAsyncUtils.asyncFx(() -> centre.getSelectionModel().select(metrics)).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(metrics.getContent()).isSameAs(app.view().metricsView());
        assertThat(app.view().metricsView().getScene()).isSameAs(stage.getScene());
        FxToolkit.cleanupApplication(app);
    }
}
