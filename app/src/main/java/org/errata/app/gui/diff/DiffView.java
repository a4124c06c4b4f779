package org.errata.app.gui.diff;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.Priority;
import org.jspecify.annotations.Nullable;

/** Two columns, previous attempt and this one, one row per aligned step with its change. */
public final class DiffView extends ListView<StepAlignment.Row> {

    public DiffView() {
        setId("diff");
        getStyleClass().add("step-diff");
        setPlaceholder(new Label("No previous attempt to compare with."));
        setCellFactory(v -> new RowCell());
    }

    public void show(List<StepAlignment.Row> rows) {
        getItems().setAll(rows);
    }

    private static final class RowCell extends ListCell<StepAlignment.Row> {
        private final Label change = new Label();
        private final Label before = new Label();
        private final Label after = new Label();
        private final GridPane grid = new GridPane();

        RowCell() {
            before.setWrapText(true);
            after.setWrapText(true);
            before.setMinWidth(0);
            after.setMinWidth(0);
            grid.setHgap(8);
            grid.setPadding(new Insets(2, 4, 2, 4));
            ColumnConstraints c0 = new ColumnConstraints(72);
            ColumnConstraints c1 = new ColumnConstraints();
            c1.setHgrow(Priority.ALWAYS);
            c1.setPercentWidth(45);
            ColumnConstraints c2 = new ColumnConstraints();
            c2.setHgrow(Priority.ALWAYS);
            c2.setPercentWidth(45);
            grid.getColumnConstraints().addAll(c0, c1, c2);
            grid.addRow(0, change, before, after);
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(StepAlignment.@Nullable Row row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            String name = row.change().name().toLowerCase(Locale.ROOT);
            change.setText(name);
            change.getStyleClass().setAll("label", "badge", "diff-" + name);
            before.setText(row.before() == null ? "" : (row.beforeIndex() + 1) + ". " + row.before());
            after.setText(row.after() == null ? "" : (row.afterIndex() + 1) + ". " + row.after());
            before.getStyleClass().setAll("label", row.change() == StepAlignment.Change.KEPT ? "muted" : "diff-before");
            after.getStyleClass().setAll("label", row.change() == StepAlignment.Change.KEPT ? "muted" : "diff-after");
            setGraphic(grid);
        }
    }
}
