package org.errata.app.gui.tree;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.TreeItem;

/**
 * A TreeItem over a {@link TraceNodeItem} whose children are created on first use (so a large
 * collapsed tree costs only its visible rows) and follow the view model's children as they grow.
 * Expansion is bound both ways to the view model's.
 */
public final class LazyTreeItem extends TreeItem<TraceNodeItem> {
    private boolean loaded;

    public LazyTreeItem(TraceNodeItem item) {
        super(item);
        expandedProperty().bindBidirectional(item.expandedProperty());
        item.children().addListener((ListChangeListener<TraceNodeItem>) c -> sync());
    }

    private void sync() {
        if (!loaded) {
            // A leaf that gains its first child must tell the tree it can now be expanded.
            loaded = true;
            super.getChildren().setAll(getValue().children().stream().map(LazyTreeItem::new).toList());
            return;
        }
        ObservableList<TreeItem<TraceNodeItem>> mine = super.getChildren();
        var theirs = getValue().children();
        boolean prefix = mine.size() <= theirs.size();
        for (int i = 0; prefix && i < mine.size(); i++) prefix = mine.get(i).getValue() == theirs.get(i);
        if (prefix) {
            for (int i = mine.size(); i < theirs.size(); i++) mine.add(new LazyTreeItem(theirs.get(i)));
        } else {
            mine.setAll(theirs.stream().map(LazyTreeItem::new).toList());
        }
    }

    @Override
    public boolean isLeaf() {
        return getValue().children().isEmpty();
    }

    @Override
    public ObservableList<TreeItem<TraceNodeItem>> getChildren() {
        if (!loaded) {
            loaded = true;
            super.getChildren().setAll(getValue().children().stream().map(LazyTreeItem::new).toList());
        }
        return super.getChildren();
    }
}
