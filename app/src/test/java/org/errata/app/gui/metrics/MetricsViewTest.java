package org.errata.app.gui.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Label;
import org.errata.app.gui.task.CurrentThreadTaskExecutor;
import org.errata.app.services.sample.InMemoryLibrary;
import org.errata.app.services.sample.SampleLibrary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Headless: the Acc@t chart of one run reads in percent, with values on the bars and no legend. */
class MetricsViewTest {
    private final List<String> errors = new ArrayList<>();

    @AfterEach
    void cleanup() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void oneRunIsShownInPercentWithValuesOnBarsAndNoLegend() throws Exception {
        MetricsViewModel vm = new MetricsViewModel(InMemoryLibrary.withSample(), new CurrentThreadTaskExecutor(), errors::add);
        MetricsView view = show(vm);
        org.testfx.api.FxRobot robot = new org.testfx.api.FxRobot();
        robot.interact(() -> vm.runProperty().set(SampleLibrary.run()));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(view.accChart().isLegendVisible()).isFalse();
        NumberAxis y = (NumberAxis) view.accChart().getYAxis();
        assertThat(y.getUpperBound()).isEqualTo(100);
        assertThat(y.getLabel()).isEqualTo("accuracy (%)");
        var first = view.accChart().getData().get(0).getData().get(0);
        assertThat(first.getYValue().doubleValue()).isEqualTo(25.0); // the sample's first-attempt accuracy, 1 of 4
        List<String> values = view.accChart().lookupAll(".bar-value").stream().map(n -> ((Label) n).getText()).toList();
        assertThat(values).contains("25%", "75%");
        List<String> texts = view.lookupAll(".label").stream().map(n -> ((Label) n).getText()).toList();
        assertThat(texts).anyMatch(t -> t.matches("\\d+ of \\d+ revisions? \\(\\d+ of 4 problems revised\\)"));
        // the sample's calls report no decode time: the decoding table says so rather than showing zeros
        assertThat(view.decodingCells()).contains("no decode timings (the backend reports none)");
        assertThat(errors).isEmpty();
    }

    @Test
    void decodingPerTurnShowsAcceptanceAndSpeedForBothRuns() throws Exception {
        MetricsView view = show(new MetricsViewModel(InMemoryLibrary.withSample(), new CurrentThreadTaskExecutor(), errors::add));
        java.util.List<Double> withDrafts = new ArrayList<>(List.of(0.0));
        withDrafts.set(0, null);
        withDrafts.add(0.9);
        var on = new org.errata.correction.metrics.CopyDecoding(100, 90, 0.9, withDrafts, List.of(250.0, 610.4));
        var off = new org.errata.correction.metrics.CopyDecoding(0, 0, null, java.util.Arrays.asList(null, null),
                List.of(248.0, 251.0));
        new org.testfx.api.FxRobot().interact(() -> view.decoding(on, off));
        assertThat(view.decodingCells()).containsExactly(
                "turn", "accepted drafts", "decode tok/s", "B: accepted", "B: tok/s",
                "1", "no drafts", "250", "no drafts", "248",
                "2", "90 %", "610", "no drafts", "251");
    }

    /** The metrics view of {@code vm} in a shown stage, listing the sample run. */
    private MetricsView show(MetricsViewModel vm) throws Exception {
        FxToolkit.registerPrimaryStage();
        MetricsView view = (MetricsView) FxToolkit.setupSceneRoot(
                () -> new MetricsView(vm, FXCollections.observableArrayList(SampleLibrary.run()), errors::add));
        FxToolkit.showStage();
        return view;
    }
}
