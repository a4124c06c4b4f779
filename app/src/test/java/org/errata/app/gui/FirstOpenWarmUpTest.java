package org.errata.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.errata.app.gui.tree.TraceTreeModel;
import org.errata.app.services.sample.SampleLibrary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Headless: the off-screen warm-up draws the sample trace once the first load is over, once, and touches nothing on screen. */
class FirstOpenWarmUpTest {

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void waitsForTheWindowAndTheFirstLoadThenRunsOnce() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        SimpleBooleanProperty loading = new SimpleBooleanProperty(false);
        AtomicInteger runs = new AtomicInteger();
        Scene scene = WaitForAsyncUtils.asyncFx(() -> {
            Scene s = new Scene(new StackPane(new Label("x")), 400, 300);
            FirstOpenWarmUp.whenIdle(s, loading, runs::incrementAndGet);
            return s;
        }).get();
        WaitForAsyncUtils.asyncFx(() -> {
            stage.setScene(scene);
            stage.show();
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(runs).as("shown, but no load has begun").hasValue(0);

        WaitForAsyncUtils.asyncFx(() -> loading.set(true)).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(runs).as("still loading").hasValue(0);

        WaitForAsyncUtils.asyncFx(() -> loading.set(false)).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(runs).hasValue(1);

        WaitForAsyncUtils.asyncFx(() -> loading.set(true)).get();
        WaitForAsyncUtils.asyncFx(() -> loading.set(false)).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(runs).as("once only").hasValue(1);
    }

    @Test
    void drawsTheWholeSampleTreeOffScreenAndLeavesTheWindowAsItWas() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        Label onScreen = new Label("on screen");
        Scene scene = WaitForAsyncUtils.asyncFx(() -> {
            Scene s = new Scene(new StackPane(onScreen), 800, 600);
            stage.setScene(s);
            stage.show();
            return s;
        }).get();
        int expected = TraceTreeModel.of(SampleLibrary.traces().get(0), SampleLibrary.problems().get(0), false).nodes().size();

        int drawn = WaitForAsyncUtils.asyncFx(() -> FirstOpenWarmUp.run(scene, new SimpleBooleanProperty(false))).get();

        assertThat(drawn).isEqualTo(expected).isGreaterThan(3);
        assertThat(scene.getRoot()).isInstanceOf(StackPane.class);
        assertThat(((StackPane) scene.getRoot()).getChildren()).containsExactly(onScreen);
    }
}
