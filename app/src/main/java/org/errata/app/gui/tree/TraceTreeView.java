package org.errata.app.gui.tree;

import java.util.EnumMap;
import javafx.beans.InvalidationListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The trace tree: one row per node with its kind icon, title, badges and a one-line preview. */
public final class TraceTreeView extends TreeView<TraceNodeItem> {

    public TraceTreeView() {
        getStyleClass().add("trace-tree");
        setShowRoot(true);
        setCellFactory(v -> new NodeCell());
        setPlaceholderText();
    }

    private void setPlaceholderText() {
        setRoot(null);
    }

    private boolean primed;

    /**
     * Once, styles and lays out a row of every kind of node and every badge in {@code pane}, out of
     * sight ({@link org.errata.app.gui.OutOfSight}), and tells the tree the height of a row with
     * pills. The first tree showing a kind of node or badge otherwise made that kind's styles while
     * the user waited (in `bench gui` the slowest of 20 trees is the first with an error location
     * and a correction). The workbench calls it once its first tree is up, before the user opens
     * another.
     */
    public void primeOnce(javafx.scene.layout.Pane pane) {
        if (primed || pane.getScene() == null) return;
        primed = true;
        org.errata.app.gui.OutOfSight.style(pane, getStyleClass(), holder -> {
            NodeCell cell = new NodeCell();
            holder.getChildren().add(cell);
            double width = Math.max(300, getWidth());
            double h = 0;
            for (TraceNodeItem.Kind kind : TraceNodeItem.Kind.values()) {
                TraceNodeItem item = new TraceNodeItem("prime", kind, null);
                item.titleProperty().set("Step 2");
                item.previewProperty().set("12 + 30 = 42");
                if (kind == TraceNodeItem.Kind.STEP) item.badges().setAll(Badge.values());
                cell.updateItem(item, false);
                org.errata.app.gui.OutOfSight.layOut(cell, width);
                h = Math.max(h, cell.rowHeight());
            }
            cell.updateItem(null, true);
            if (h > getFixedCellSize()) setFixedCellSize(h);
        });
    }

    /** Shows a model's tree (null: empty) and returns the root item. */
    public @Nullable TreeItem<TraceNodeItem> show(@Nullable TraceTreeModel model) {
        if (model == null) {
            setRoot(null);
            return null;
        }
        LazyTreeItem root = new LazyTreeItem(model.root());
        setRoot(root);
        return root;
    }

    /** Finds the visible-or-not TreeItem of a view model row, expanding lazily along the way. */
    public @Nullable TreeItem<TraceNodeItem> find(TraceNodeItem item) {
        TreeItem<TraceNodeItem> root = getRoot();
        if (root == null) return null;
        java.util.ArrayDeque<TraceNodeItem> path = new java.util.ArrayDeque<>();
        for (TraceNodeItem p = item; p != null; p = p.parent()) path.push(p);
        if (path.isEmpty() || path.pop() != root.getValue()) return null;
        TreeItem<TraceNodeItem> at = root;
        while (!path.isEmpty()) {
            TraceNodeItem next = path.pop();
            TreeItem<TraceNodeItem> found = null;
            for (TreeItem<TraceNodeItem> c : at.getChildren()) if (c.getValue() == next) { found = c; break; }
            if (found == null) return null;
            at = found;
        }
        return at;
    }

    static Ikon icon(TraceNodeItem.Kind kind) {
        return switch (kind) {
            case PROBLEM -> Feather.BOOK_OPEN;
            case ATTEMPT -> Feather.EDIT_3;
            case STEP -> Feather.HASH;
            case VERIFICATION -> Feather.CHECK_SQUARE;
            case ERROR_LOCATION -> Feather.CROSSHAIR;
            case CORRECTION -> Feather.TOOL;
            case AGGREGATE -> Feather.LAYERS;
            case HUMAN_LABEL -> Feather.USER_CHECK;
        };
    }

    static Ikon icon(Badge badge) {
        return switch (badge) {
            case VERDICT_CORRECT, ANSWER_RIGHT -> Feather.CHECK;
            case VERDICT_INCORRECT, ANSWER_WRONG -> Feather.X;
            case VERDICT_UNPARSED -> Feather.HELP_CIRCLE;
            case USES_GOLD -> Feather.STAR;
            case FIRST_ERROR -> Feather.ALERT_TRIANGLE;
            case HUMAN_FIRST_ERROR -> Feather.USER;
            case FAILED -> Feather.ALERT_OCTAGON;
            case STREAMING -> Feather.ACTIVITY;
            case CORRECTED -> Feather.TRENDING_UP;
            case BROKEN -> Feather.TRENDING_DOWN;
            case VERIFIER_MISSED -> Feather.EYE_OFF;
            case FALSE_ALARM -> Feather.BELL;
        };
    }

    /** A pill for a badge, shared with the library list. */
    public static Label pill(Badge b) {
        return pill(b, b.text());
    }

    /** A badge's pill with its own text (a count or a step). */
    public static Label pill(Badge b, String text) {
        Label l = new Label(text, new FontIcon(icon(b)));
        l.getStyleClass().addAll("badge", b.styleClass());
        return l;
    }

    private static final class NodeCell extends TreeCell<TraceNodeItem> {
        private final FontIcon kindIcon = new FontIcon();
        private final Label title = new Label();
        private final HBox badges = new HBox(4);
        private final EnumMap<Badge, Label> pills = new EnumMap<>(Badge.class);
        private final Label preview = new Label();
        private final HBox box = new HBox(6);
        private @Nullable TraceNodeItem bound;
        private final InvalidationListener redraw = o -> render();

        NodeCell() {
            title.getStyleClass().add("node-title");
            title.setMinWidth(Region.USE_PREF_SIZE);
            preview.getStyleClass().add("node-preview");
            preview.setMinWidth(0);
            badges.setAlignment(Pos.CENTER_LEFT);
            badges.setMinWidth(Region.USE_PREF_SIZE);
            HBox.setHgrow(preview, Priority.ALWAYS);
            box.setAlignment(Pos.CENTER_LEFT);
            box.getChildren().addAll(kindIcon, title, badges, preview);
            box.managedProperty().bind(box.visibleProperty());
            kindIcon.getStyleClass().add("kind-icon");
            // Rows never ask for more width than the tree has: long previews end in an ellipsis.
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(@Nullable TraceNodeItem item, boolean empty) {
            super.updateItem(item, empty);
            if (bound != null) {
                bound.titleProperty().removeListener(redraw);
                bound.previewProperty().removeListener(redraw);
                bound.badges().removeListener(redraw);
                bound = null;
            }
            setText(null);
            // The row stays this cell's graphic, hidden when there is no node: taking it out and putting it
            // back styles it anew (as does a pill made anew), which was most of opening a tree.
            if (getGraphic() != box) setGraphic(box);
            boolean shown = !empty && item != null;
            box.setVisible(shown);
            if (!shown) {
                getStyleClass().remove("node-first-error");
                return;
            }
            bound = item;
            item.titleProperty().addListener(redraw);
            item.previewProperty().addListener(redraw);
            item.badges().addListener(redraw);
            render();
        }

        /**
         * Every row is one line, so the tree is told the tallest row's height as its fixed cell size
         * (it then places rows without measuring each one as they show): raised when a taller row
         * shows (one with pills), never lowered, so rows without pills are as tall as those with.
         */
        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            TreeView<TraceNodeItem> tree = getTreeView();
            if (tree == null || bound == null) return;
            double h = rowHeight();
            if (h > tree.getFixedCellSize() + 0.5) tree.setFixedCellSize(h);
        }

        /** The height of this row as it shows now. */
        double rowHeight() {
            return snapSizeY(snappedTopInset() + box.prefHeight(-1) + snappedBottomInset());
        }

        private void render() {
            TraceNodeItem item = bound;
            if (item == null) return;
            kindIcon.setIconCode(icon(item.kind()));
            title.setText(item.title());
            preview.setText(item.preview());
            // One pill per badge, made the first time this cell shows it and kept, in Badge's declaration order.
            for (Badge b : Badge.values()) {
                boolean on = item.badges().contains(b);
                Label pill = pills.get(b);
                if (pill == null) {
                    if (!on) continue;
                    pill = pill(b);
                    pill.managedProperty().bind(pill.visibleProperty());
                    pills.put(b, pill);
                    int at = 0;
                    for (Badge before : pills.keySet()) if (before.ordinal() < b.ordinal()) at++;
                    badges.getChildren().add(at, pill);
                }
                pill.setVisible(on);
            }
            boolean firstError = item.badges().contains(Badge.FIRST_ERROR);
            if (firstError != getStyleClass().contains("node-first-error")) {
                if (firstError) getStyleClass().add("node-first-error");
                else getStyleClass().remove("node-first-error");
            }
        }
    }
}
