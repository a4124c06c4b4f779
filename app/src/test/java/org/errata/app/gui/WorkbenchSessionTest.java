package org.errata.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.errata.app.services.sample.SampleLibrary;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Headless: the workbench reopens on the last session's run, trace and node, and saves where it was on close. */
class WorkbenchSessionTest {
    private final Preferences prefs = Preferences.userRoot().node("org/errata/test/" + UUID.randomUUID());

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        prefs.removeNode();
    }

    @Test
    void reopensOnTheLastRunTraceAndNodeAndSavesThemOnClose() throws Exception {
        Trace third = SampleLibrary.traces().get(2);
        TraceNode lastAttempt = third.nodes(Attempt.class).max(Comparator.comparingInt(Attempt::turn)).orElseThrow();
        new LastSession(SampleLibrary.RUN.value(), third.problem().value(), lastAttempt.id().value()).save(prefs);

        WorkbenchApp app = SampleWorkbench.open(prefs);

        assertThat(app.viewModel().treeProperty().get().problem()).isEqualTo(third.problem());
        assertThat(app.viewModel().selectedProperty().get().key()).isEqualTo(lastAttempt.id().value());
        assertThat(app.view().library().traceList().getSelectionModel().getSelectedItem().problem()).isEqualTo(third.problem());

        FxToolkit.cleanupApplication(app); // stop() saves the session
        assertThat(LastSession.load(prefs)).isEqualTo(
                new LastSession(SampleLibrary.RUN.value(), third.problem().value(), lastAttempt.id().value()));
    }

    @Test
    void aSessionWhoseTraceIsGoneOpensTheFirstTrace() throws Exception {
        new LastSession("no-such-run", "no/such", "nothing").save(prefs);
        WorkbenchApp app = SampleWorkbench.open(prefs);
        assertThat(app.viewModel().treeProperty().get().problem()).isEqualTo(SampleLibrary.traces().get(0).problem());
        FxToolkit.cleanupApplication(app);
    }
}
