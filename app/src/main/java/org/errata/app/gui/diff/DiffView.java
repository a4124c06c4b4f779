package org.errata.app.gui.diff;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.jspecify.annotations.Nullable;

/**
 * Two columns under their headings, previous attempt and this one, one row per aligned step with its
 * change; inside an edited step the words that changed are marked. The three columns always add up
 * to the list's width, so nothing is cut off at any window size, and the list scrolls vertically.
 */
public final class DiffView extends BorderPane {
    /** Column shares: the change badge, the previous attempt, this attempt. */
    static final double[] SHARES = {14, 43, 43};

    private final ListView<StepAlignment.Row> list = new ListView<>();

    public DiffView() {
        setId("diff");
        getStyleClass().add("step-diff");
        list.setPlaceholder(new Label("No previous attempt to compare with."));
        list.setCellFactory(v -> new RowCell());
        GridPane header = columns();
        header.getStyleClass().add("diff-header");
        header.setPadding(new Insets(4, 12, 4, 12));
        header.addRow(0, heading("change"), heading("previous attempt"), heading("this attempt"));
        setTop(header);
        setCenter(list);
    }

    public void show(List<StepAlignment.Row> rows) {
        list.getItems().setAll(rows);
    }

    public ListView<StepAlignment.Row> list() { return list; }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("row-title");
        return l;
    }

    static GridPane columns() {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        for (double share : SHARES) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(share);
            c.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(c);
        }
        return grid;
    }

    private static final class RowCell extends ListCell<StepAlignment.Row> {
        private final Label change = new Label();
        private final TextFlow before = new TextFlow();
        private final TextFlow after = new TextFlow();
        private final GridPane grid = columns();

        RowCell() {
            before.setMinWidth(0);
            after.setMinWidth(0);
            change.setMinWidth(0);
            grid.setPadding(new Insets(2, 4, 2, 4));
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
            boolean kept = row.change() == StepAlignment.Change.KEPT;
            if (row.change() == StepAlignment.Change.EDITED && row.before() != null && row.after() != null) {
                StepAlignment.Inline inline = StepAlignment.inline(row.before(), row.after());
                fill(before, (row.beforeIndex() + 1) + ". ", inline.before(), "diff-before");
                fill(after, (row.afterIndex() + 1) + ". ", inline.after(), "diff-after");
            } else {
                fill(before, row.before() == null ? "" : (row.beforeIndex() + 1) + ". ",
                        row.before() == null ? List.of() : List.of(new StepAlignment.Piece(row.before(), false)),
                        kept ? "muted" : "diff-before");
                fill(after, row.after() == null ? "" : (row.afterIndex() + 1) + ". ",
                        row.after() == null ? List.of() : List.of(new StepAlignment.Piece(row.after(), false)),
                        kept ? "muted" : "diff-after");
            }
            setGraphic(grid);
        }

        private static void fill(TextFlow flow, String number, List<StepAlignment.Piece> pieces, String style) {
            flow.getChildren().clear();
            if (!number.isEmpty()) flow.getChildren().add(styled(new Text(number), style));
            for (StepAlignment.Piece p : pieces) {
                Text t = styled(new Text(p.text()), style);
                if (p.changed()) t.getStyleClass().add("diff-changed");
                flow.getChildren().add(t);
            }
        }

        private static Text styled(Text t, String style) {
            t.getStyleClass().addAll("diff-text", style);
            return t;
        }
    }
}
