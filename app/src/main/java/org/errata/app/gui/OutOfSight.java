package org.errata.app.gui;

import java.util.List;
import java.util.function.Consumer;
import javafx.scene.Group;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;

/**
 * Styles and lays out nodes in a window without drawing them, so that the code, skins and style
 * lookups their first showing needs are paid while the FX thread would otherwise wait: a hidden,
 * unmanaged holder in {@code pane}, with the style classes the nodes' selectors need of their
 * ancestors, taken out again (emptied first) in the same turn of the FX thread, before any pulse.
 */
public final class OutOfSight {
    private OutOfSight() {}

    /** Runs {@code work} with the holder in {@code pane}; what it put in the holder has no parent afterwards. */
    public static void style(Pane pane, List<String> styleClasses, Consumer<Group> work) {
        Group holder = new Group();
        holder.getStyleClass().setAll(styleClasses);
        holder.setManaged(false);
        holder.setVisible(false);
        pane.getChildren().add(holder);
        try {
            work.accept(holder);
        } finally {
            holder.getChildren().clear(); // a list adds a row it is given only when the row has no parent
            pane.getChildren().remove(holder);
        }
    }

    /** Styles {@code node} (in the holder) and lays it out at {@code width} and the height it asks for there. */
    public static void layOut(Region node, double width) {
        node.applyCss();
        node.resize(width, node.prefHeight(width));
        node.layout();
    }
}
