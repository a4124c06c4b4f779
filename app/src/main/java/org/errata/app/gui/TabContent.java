package org.errata.app.gui;

import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.scene.Node;
import javafx.scene.control.Tab;

/**
 * Tab contents that join the scene only when their tab is first selected. Every node in a scene is
 * styled and laid out, shown or not, so tabs nobody opened (charts, tables, the diff) would cost
 * the workbench's first frame and each first trace opened; measured with {@code bench startup}.
 */
public final class TabContent {
    private TabContent() {}

    /** Gives {@code tab} its {@code content} now if it is selected, else the first time it is. */
    public static void whenSelected(Tab tab, Node content) {
        if (tab.isSelected()) {
            tab.setContent(content);
            return;
        }
        tab.selectedProperty().addListener(new InvalidationListener() {
            @Override
            public void invalidated(Observable o) {
                if (!tab.isSelected()) return;
                tab.selectedProperty().removeListener(this);
                tab.setContent(content);
            }
        });
    }
}
