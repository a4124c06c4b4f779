package org.errata.app.gui.tree;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;

/** What the badges under a node say, for tests: visible pills only (a row keeps the pills of badges it showed before, hidden). */
public final class VisiblePills {
    private VisiblePills() {}

    public static List<String> texts(Node root) {
        return root.lookupAll(".badge").stream().filter(n -> n instanceof Label && n.isVisible())
                .map(n -> ((Label) n).getText()).toList();
    }
}
