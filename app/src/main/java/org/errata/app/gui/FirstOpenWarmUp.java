package org.errata.app.gui;

import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import org.errata.app.gui.inspector.InspectorView;
import org.errata.app.gui.inspector.InspectorViewModel;
import org.errata.app.gui.tree.TraceTreeModel;
import org.errata.app.gui.tree.TraceTreeView;
import org.errata.app.services.sample.SampleLibrary;
import org.errata.correction.trace.Trace;

/**
 * Draws a throwaway trace tree and inspector off screen once the window is up, so that the first
 * trace the user opens costs what any later one does. The first open otherwise pays for loading
 * the tree's and the inspector's classes, their first style lookups and first layouts: 0.6-0.7 s on
 * 2 cores against a median of 60-70 ms (`bench gui`, 2026-12-06). Nothing it builds is kept.
 */
final class FirstOpenWarmUp {

    private FirstOpenWarmUp() {}

    /**
     * Runs {@code work} once, on the FX thread, when {@code scene}'s window is showing and {@code busy} (the library's
     * loading) has been true and is false again: after the first load, so that the start is not delayed.
     */
    static void whenIdle(Scene scene, ObservableBooleanValue busy, Runnable work) {
        boolean[] loaded = {busy.get()}; // becomes true once a load has begun
        boolean[] done = {false};
        Runnable attempt = () -> {
            if (done[0] || !loaded[0] || busy.get() || scene.getWindow() == null || !scene.getWindow().isShowing()) return;
            done[0] = true;
            Platform.runLater(work);
        };
        busy.addListener((o, a, b) -> {
            loaded[0] |= b;
            attempt.run();
        });
        scene.windowProperty().addListener((o, a, w) -> {
            if (w != null) w.showingProperty().addListener((o2, was, showing) -> attempt.run());
        });
        if (scene.getWindow() != null) scene.getWindow().showingProperty().addListener((o, was, showing) -> attempt.run());
        attempt.run();
    }

    /** Builds, styles and lays out a tree and inspector of the hand-written sample trace; returns its node count. */
    static int run(Scene like, BooleanProperty dark) {
        Trace trace = SampleLibrary.traces().get(0);
        TraceTreeModel model = TraceTreeModel.of(trace, SampleLibrary.problems().get(0), false);
        TraceTreeView tree = new TraceTreeView();
        InspectorViewModel inspectorVm = new InspectorViewModel();
        InspectorView inspector = new InspectorView(inspectorVm, dark);
        SplitPane root = new SplitPane(tree, inspector);
        Scene offScreen = new Scene(root, Math.max(800, like.getWidth()), Math.max(600, like.getHeight()));
        offScreen.getStylesheets().setAll(like.getStylesheets());
        if (like.getRoot() != null) {
            root.getStyleClass().addAll(like.getRoot().getStyleClass());
        }
        tree.show(model);
        tree.getRoot().setExpanded(true);
        inspectorVm.show(model.collapseToFirstError(), model, SampleLibrary.run());
        root.applyCss();
        root.layout();
        inspectorVm.show(null, null, null);
        return model.nodes().size();
    }
}
