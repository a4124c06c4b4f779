package org.errata.app.gui;

import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * What the window shows in the moment between opening and the workbench being built: a spinning
 * indicator and what it waits for. Shown at once, so a start is never a blank window.
 */
final class OpeningView {
    private OpeningView() {}

    static StackPane create() {
        ProgressIndicator spinner = new ProgressIndicator(ProgressIndicator.INDETERMINATE_PROGRESS);
        spinner.setPrefSize(48, 48);
        Label what = new Label("Opening the library…");
        what.getStyleClass().add("muted");
        VBox box = new VBox(12, spinner, what);
        box.setAlignment(javafx.geometry.Pos.CENTER);
        StackPane pane = new StackPane(box);
        pane.setId("opening");
        pane.getStyleClass().add("workbench");
        return pane;
    }
}
