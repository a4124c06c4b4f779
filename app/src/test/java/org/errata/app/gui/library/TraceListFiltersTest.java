package org.errata.app.gui.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import org.errata.app.gui.WorkbenchApp;
import org.errata.app.gui.WorkbenchWindow;
import org.errata.app.gui.tree.Badge;
import org.errata.app.services.WorkbenchServices;
import org.errata.app.services.sample.SampleLibrary;
import org.errata.app.services.sample.TraceBuilder;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Verdict;
import org.errata.correction.metrics.TraceFilter;
import org.errata.persistence.trace.TraceStore;
import org.errata.correction.metrics.TraceSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The trace list in a real window on a real SQLite file: outcome badges, the corrected / broken /
 * verifier-missed filters chosen from their combo box, sorting by attempts, and a search for text
 * that is only in an attempt's solution.
 */
class TraceListFiltersTest {
    @TempDir Path dir;
    private final FxRobot robot = new FxRobot();
    private WorkbenchWindow window;
    private WorkbenchServices services;
    private WorkbenchApp app;
    private ListView<TraceSummary> list;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void open() throws Exception {
        // The sample run has two corrected traces (clips, eggs), one the verifier missed (fractions)
        // and one right at once (sqrt); add one that a revision broke.
        window = WorkbenchWindow.open(dir, s -> {
            TraceBuilder b = new TraceBuilder(SampleLibrary.RUN, ProblemId.of(SampleLibrary.DATASET, "broken"), "m");
            Attempt a1 = b.attempt(null, 1, "p", "Half of 30 is 15, so the answer is $\\boxed{15}$.", "15", true, false);
            b.verify(a1, "No", Verdict.INCORRECT, 0.2, 0);
            b.attempt(null, 2, "p", "On reflection, half of 30 is 16: $\\boxed{16}$.", "16", false, false);
            new TraceStore(s.database()).saveTrace(b.finish("16", false));
        }, false);
        services = window.services();
        app = window.app();
        robot.interact(() -> app.viewModel().library().runs().stream().filter(r -> r.id().equals(SampleLibrary.RUN))
                .findFirst().ifPresent(r -> app.viewModel().library().selectedRunProperty().set(r)));
        list = (ListView<TraceSummary>) robot.lookup("#trace-list").queryAs(ListView.class);
        waitForKeys("clips", "sqrt", "fractions", "eggs", "broken");
    }

    @AfterEach
    void close() throws Exception {
        window.close();
    }

    @Test
    void rowsCarryOutcomeBadgesAndEachOutcomeFiltersTheList() throws Exception {
        assertThat(badgesOf("clips")).contains(Badge.CORRECTED.text(), "first error: step 3");
        assertThat(badgesOf("broken")).contains(Badge.BROKEN.text(), Badge.FALSE_ALARM.text(), "first error: step 1");
        assertThat(badgesOf("fractions")).contains(Badge.VERIFIER_MISSED.text());
        assertThat(badgesOf("sqrt")).doesNotContain(Badge.CORRECTED.text(), Badge.BROKEN.text(),
                Badge.VERIFIER_MISSED.text(), Badge.FALSE_ALARM.text());

        choose("#outcome-filter", LibraryViewModel.describe(TraceFilter.Outcome.CORRECTED));
        waitForKeys("clips", "eggs");
        choose("#outcome-filter", LibraryViewModel.describe(TraceFilter.Outcome.BROKEN));
        waitForKeys("broken");
        // the other combo boxes, set as a click on one of their items would
        set("#outcome-filter", TraceFilter.Outcome.VERIFIER_MISSED);
        waitForKeys("fractions");
        set("#outcome-filter", TraceFilter.Outcome.FALSE_ALARM);
        waitForKeys("broken");
        set("#outcome-filter", TraceFilter.Outcome.ANY);
        set("#attempts-filter", 2);
        waitForKeys("clips", "eggs", "broken");
        set("#attempts-filter", 0);
        set("#first-error-filter", 3);
        waitForKeys("eggs");
        set("#first-error-filter", null);
        choose("#trace-sort", LibraryViewModel.describe(TraceFilter.Sort.BROKEN));
        waitForKeys("broken", "clips", "sqrt", "fractions", "eggs");
    }

    @Test
    void theSearchBoxFindsTracesByWordsInTheirSolutionText() throws Exception {
        // 62 is only in the first attempt of "clips": not in any problem, final answer or id
        robot.clickOn("#trace-search").write("62");
        waitForKeys("clips");
        robot.interact(() -> app.view().library().traceSearch().clear());
        waitForKeys("clips", "sqrt", "fractions", "eggs", "broken");
        robot.clickOn("#trace-search").write("\\boxed{16}");
        waitForKeys("eggs", "broken");
        robot.interact(() -> app.view().library().traceSearch().setText("reflection half"));
        waitForKeys("broken");
        // words of a problem's text
        robot.interact(() -> app.view().library().traceSearch().setText("ducks muffins"));
        waitForKeys("eggs");
    }

    private void choose(String combo, String item) {
        robot.clickOn(combo);
        robot.clickOn(item);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private void set(String combo, @org.jspecify.annotations.Nullable Object value) {
        var box = (javafx.scene.control.ComboBox<Object>) robot.lookup(combo).queryAs(javafx.scene.control.ComboBox.class);
        assertThat(box.getItems()).contains(value);
        robot.interact(() -> box.setValue(value));
    }

    private void waitForKeys(String... keys) throws Exception {
        List<String> want = List.of(keys);
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> keys().equals(want)
                    && !app.viewModel().library().loadingProperty().get());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("expected " + want + ", the list shows " + keys(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<String> keys() {
        return list.getItems().stream().map(s -> s.problem().value().substring(SampleLibrary.DATASET.length() + 1)).toList();
    }

    /**
     * The texts of the badges of the visible cell showing {@code key}: the ones on its line, and the
     * ones the line had no room for, which its count pill ("+2") names in its tooltip. A cell keeps
     * hidden pills for other rows; those are not the row's.
     */
    private List<String> badgesOf(String key) {
        ProblemId id = ProblemId.of(SampleLibrary.DATASET, key);
        for (Node cell : list.lookupAll(".list-cell")) {
            if (cell instanceof javafx.scene.control.ListCell<?> c && c.getItem() instanceof TraceSummary s
                    && s.problem().equals(id)) {
                List<String> out = new java.util.ArrayList<>();
                for (Node n : c.lookupAll(".badge")) {
                    if (!n.isVisible()) continue;
                    Label l = (Label) n;
                    if (l.getStyleClass().contains("badge-more")) {
                        assertThat(l.getText()).isEqualTo("+" + l.getTooltip().getText().lines().count());
                        out.addAll(l.getTooltip().getText().lines().toList());
                    } else {
                        out.add(l.getText());
                    }
                }
                return out;
            }
        }
        throw new AssertionError("no visible row for " + key);
    }
}
