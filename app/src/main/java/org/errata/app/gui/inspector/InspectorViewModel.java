package org.errata.app.gui.inspector;

import javafx.beans.InvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.errata.app.gui.tree.TraceNodeItem;
import org.errata.app.gui.tree.TraceTreeModel;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.TraceNode;
import org.jspecify.annotations.Nullable;

/** Holds the inspected node's document; follows a streaming node's text as it grows. */
public final class InspectorViewModel {
    private final ObjectProperty<InspectorDocument> document =
            new SimpleObjectProperty<>(this, "document", InspectorDocument.empty());
    private final BooleanProperty raw = new SimpleBooleanProperty(this, "raw", false);
    private @Nullable TraceNodeItem watched;
    private @Nullable TraceTreeModel watchedTree;
    private @Nullable Run watchedRun;
    private final InvalidationListener refresh = o -> refresh();

    public ObjectProperty<InspectorDocument> documentProperty() { return document; }
    public InspectorDocument document() { return document.get(); }
    /** Raw text instead of rendered LaTeX. */
    public BooleanProperty rawProperty() { return raw; }

    public void toggleRaw() {
        raw.set(!raw.get());
    }

    /** Shows a tree row; null clears the inspector. */
    public void show(@Nullable TraceNodeItem item, @Nullable TraceTreeModel tree, @Nullable Run run) {
        if (watched != null) {
            watched.nodeProperty().removeListener(refresh);
            watched.streamedTextProperty().removeListener(refresh);
        }
        watched = item;
        watchedTree = tree;
        watchedRun = run;
        if (item != null) {
            item.nodeProperty().addListener(refresh);
            item.streamedTextProperty().addListener(refresh);
        }
        refresh();
    }

    private void refresh() {
        TraceNodeItem item = watched;
        TraceTreeModel tree = watchedTree;
        if (item == null || tree == null) {
            document.set(InspectorDocument.empty());
            return;
        }
        TraceNode node = item.node();
        if (item.kind() == TraceNodeItem.Kind.PROBLEM) {
            document.set(InspectorDocument.ofProblem(tree.problemRecord(), item.title()));
        } else if (node == null) {
            document.set(InspectorDocument.ofStreaming(item.title(), item.streamedText()));
        } else {
            document.set(InspectorDocument.of(node, tree.nodes(), watchedRun));
        }
    }
}
