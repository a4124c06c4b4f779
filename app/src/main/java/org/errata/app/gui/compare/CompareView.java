package org.errata.app.gui.compare;

import java.util.EnumMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.errata.app.gui.tree.TraceNodeItem;
import org.errata.app.gui.tree.TraceTreeView;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Verdict;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Run A and run B side by side: the two run pickers, the filter with its counts, a virtualised
 * table of the common problems, and under it both trace trees of the selected problem.
 */
public final class CompareView extends BorderPane {
    private final CompareViewModel vm;
    private final TableView<CompareRow> table = new TableView<>();
    private final TraceTreeView treeA = new TraceTreeView();
    private final TraceTreeView treeB = new TraceTreeView();
    private final Map<CompareFilter, ToggleButton> filterButtons = new EnumMap<>(CompareFilter.class);
    private final javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane();
    private final javafx.scene.layout.GridPane stepGrid = new javafx.scene.layout.GridPane();
    private final javafx.scene.control.ScrollPane stepScroll = new javafx.scene.control.ScrollPane(stepGrid);
    private final Label stepsHeadA = new Label();
    private final Label stepsHeadB = new Label();
    private final ComboBox<Integer> attemptPickA = new ComboBox<>();
    private final ComboBox<Integer> attemptPickB = new ComboBox<>();

    public CompareView(CompareViewModel vm) {
        this.vm = vm;
        setId("compare");
        getStyleClass().add("compare");
        setTop(header());
        table.setId("compare-table");
        table.setItems(vm.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(java.util.List.of(problemColumn(), answerColumn("A", true), answerColumn("B", false),
                textColumn("Attempts A / B", 110, r -> r.a().attempts() + " / " + r.b().attempts()),
                textColumn("Last verdict A / B", 170, r -> verdict(r.a().lastVerdict()) + " / " + verdict(r.b().lastVerdict()))));
        Label empty = new Label();
        empty.textProperty().bind(Bindings.createStringBinding(() -> vm.loadingProperty().get() ? "Loading both runs…"
                : vm.runAProperty().get() == null || vm.runBProperty().get() == null ? "Choose run A and run B."
                : vm.allRows().isEmpty() ? "The two runs have no problem in common." : "No common problem passes this filter.",
                vm.loadingProperty(), vm.runAProperty(), vm.runBProperty(), vm.allRows()));
        empty.getStyleClass().add("muted");
        table.setPlaceholder(empty);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> vm.selectedProperty().set(r));
        vm.selectedProperty().addListener((o, a, r) -> {
            if (r == null) table.getSelectionModel().clearSelection();
            else if (table.getSelectionModel().getSelectedItem() != r) table.getSelectionModel().select(r);
        });

        treeA.setId("compare-tree-a");
        treeB.setId("compare-tree-b");
        SplitPane trees = new SplitPane(side("A", vm.runAProperty(), treeA), side("B", vm.runBProperty(), treeB));
        trees.setId("compare-trees");
        javafx.scene.control.Tab treesTab = new javafx.scene.control.Tab("Trees", trees);
        javafx.scene.control.Tab stepsTab = new javafx.scene.control.Tab("Steps aligned", stepsPane());
        stepsTab.setId("compare-steps-tab");
        tabs.getTabs().setAll(treesTab, stepsTab);
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("compare-tabs");
        SplitPane split = new SplitPane(table, tabs);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.38);
        setCenter(split);
        vm.sideAProperty().addListener((o, a, s) -> show(treeA, s));
        vm.sideBProperty().addListener((o, a, s) -> show(treeB, s));
    }

    /**
     * The chosen attempts of both sides aligned step by step: kept steps side by side, edited ones
     * paired, inserted and deleted ones alone; each side's first error marked, and the view opens
     * at the first marked row.
     */
    private VBox stepsPane() {
        attemptPickA.setId("compare-attempt-a");
        attemptPickB.setId("compare-attempt-b");
        StringConverter<Integer> attemptName = new StringConverter<>() {
            @Override public String toString(@Nullable Integer i) { return i == null ? "" : "Attempt " + (i + 1); }
            @Override public Integer fromString(String s) { throw new UnsupportedOperationException(); }
        };
        for (ComboBox<Integer> pick : List.of(attemptPickA, attemptPickB)) {
            pick.setConverter(attemptName);
            pick.setMinWidth(120);
            pick.setButtonCell(new javafx.scene.control.ListCell<>() {
                @Override protected void updateItem(@Nullable Integer i, boolean empty) {
                    super.updateItem(i, empty);
                    setText(empty || i == null ? null : attemptName.toString(i));
                }
            });
        }
        attemptPickA.valueProperty().addListener((o, a, v) -> { if (v != null) vm.attemptAProperty().set(v); });
        attemptPickB.valueProperty().addListener((o, a, v) -> { if (v != null) vm.attemptBProperty().set(v); });
        stepsHeadA.getStyleClass().add("row-title");
        stepsHeadB.getStyleClass().add("row-title");
        stepsHeadA.setWrapText(true);
        stepsHeadB.setWrapText(true);
        HBox pickA = new HBox(6, new Label("A"), attemptPickA, stepsHeadA);
        HBox pickB = new HBox(6, new Label("B"), attemptPickB, stepsHeadB);
        HBox.setHgrow(stepsHeadA, Priority.ALWAYS);
        HBox.setHgrow(stepsHeadB, Priority.ALWAYS);
        pickA.setAlignment(Pos.CENTER_LEFT);
        pickB.setAlignment(Pos.CENTER_LEFT);
        javafx.scene.layout.GridPane heads = new javafx.scene.layout.GridPane();
        heads.setHgap(12);
        javafx.scene.layout.ColumnConstraints half = new javafx.scene.layout.ColumnConstraints();
        half.setPercentWidth(50);
        heads.getColumnConstraints().setAll(half, half);
        heads.addRow(0, pickA, pickB);
        stepGrid.setId("compare-steps");
        stepGrid.getStyleClass().add("step-grid");
        stepGrid.setHgap(10);
        stepGrid.setVgap(4);
        stepScroll.setFitToWidth(true);
        VBox.setVgrow(stepScroll, Priority.ALWAYS);
        VBox box = new VBox(6, heads, stepScroll);
        box.setPadding(new Insets(6));
        vm.stepsProperty().addListener((o, a, c) -> showSteps(c));
        showSteps(vm.stepsProperty().get());
        return box;
    }

    private void showSteps(@Nullable StepComparison c) {
        stepGrid.getChildren().clear();
        stepGrid.getColumnConstraints().clear();
        if (c == null) {
            stepsHeadA.setText("");
            stepsHeadB.setText("");
            attemptPickA.getItems().clear();
            attemptPickB.getItems().clear();
            stepGrid.add(new Label("Select a problem above."), 0, 0);
            return;
        }
        syncPicker(attemptPickA, vm.attempts(true), vm.attemptAProperty().get());
        syncPicker(attemptPickB, vm.attempts(false), vm.attemptBProperty().get());
        stepsHeadA.setText(c.attemptA() + errorNote(c.errorA()));
        stepsHeadB.setText(c.attemptB() + errorNote(c.errorB()));
        javafx.scene.layout.ColumnConstraints num = new javafx.scene.layout.ColumnConstraints(34);
        javafx.scene.layout.ColumnConstraints text = new javafx.scene.layout.ColumnConstraints();
        text.setPercentWidth(46);
        text.setHgrow(Priority.ALWAYS);
        stepGrid.getColumnConstraints().setAll(num, text, num, text);
        List<StepComparison.Row> rows = c.rows();
        Node anchorNode = null;
        for (int i = 0; i < rows.size(); i++) {
            StepComparison.Row r = rows.get(i);
            var a = r.aligned();
            String change = a.change().name().toLowerCase(java.util.Locale.ROOT);
            Node[] cells = {
                    stepCell(a.beforeIndex() >= 0 ? Integer.toString(a.beforeIndex() + 1) : "", "step-num", change, r.errorA()),
                    stepCell(a.before() == null ? "" : a.before(), "step-text", change, r.errorA()),
                    stepCell(a.afterIndex() >= 0 ? Integer.toString(a.afterIndex() + 1) : "", "step-num", change, r.errorB()),
                    stepCell(a.after() == null ? "" : a.after(), "step-text", change, r.errorB())};
            stepGrid.addRow(i, cells);
            if (i == c.anchor()) anchorNode = cells[0];
        }
        Node anchor = anchorNode;
        if (anchor != null) {
            // Open at the first error: once laid out, scroll so its row is near the top.
            javafx.application.Platform.runLater(() -> {
                double content = stepGrid.getBoundsInLocal().getHeight();
                double viewport = stepScroll.getViewportBounds().getHeight();
                double y = anchor.getBoundsInParent().getMinY();
                stepScroll.setVvalue(content <= viewport ? 0 : Math.min(1, Math.max(0, (y - 24) / (content - viewport))));
            });
        }
    }

    private static void syncPicker(ComboBox<Integer> box, int attempts, int chosen) {
        List<Integer> want = java.util.stream.IntStream.range(0, attempts).boxed().toList();
        if (!box.getItems().equals(want)) box.getItems().setAll(want);
        if (box.getValue() == null || box.getValue() != chosen) box.setValue(chosen);
    }

    private static String errorNote(StepComparison.@Nullable FirstError e) {
        return e == null ? "  ·  no first error marked" : "  ·  first error at step " + (e.step() + 1) + " (" + e.source() + ")";
    }

    private static Label stepCell(String text, String kind, String change, boolean firstError) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        l.getStyleClass().add(kind);
        if (!text.isEmpty()) l.getStyleClass().add("step-" + change);
        if (firstError) l.getStyleClass().add("step-first-error");
        return l;
    }

    private VBox header() {
        ComboBox<@Nullable Run> a = runPicker("compare-run-a", vm.runAProperty());
        ComboBox<@Nullable Run> b = runPicker("compare-run-b", vm.runBProperty());
        Button swap = new Button(null, new FontIcon(Feather.REPEAT));
        swap.setId("compare-swap");
        swap.setTooltip(new Tooltip("Swap run A and run B"));
        swap.setOnAction(e -> vm.swap());
        Label la = new Label("Run A");
        la.getStyleClass().add("row-title");
        Label lb = new Label("Run B");
        lb.getStyleClass().add("row-title");
        HBox.setHgrow(a, Priority.ALWAYS);
        HBox.setHgrow(b, Priority.ALWAYS);
        a.setMaxWidth(Double.MAX_VALUE);
        b.setMaxWidth(Double.MAX_VALUE);
        HBox runs = new HBox(8, la, a, swap, lb, b);
        runs.setAlignment(Pos.CENTER_LEFT);

        ToggleGroup group = new ToggleGroup();
        HBox filters = new HBox(0);
        filters.getStyleClass().add("compare-filters");
        for (CompareFilter f : CompareFilter.values()) {
            ToggleButton t = new ToggleButton();
            t.setId("compare-filter-" + f.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            t.setUserData(f);
            t.setToggleGroup(group);
            t.textProperty().bind(Bindings.createStringBinding(
                    () -> f.label() + "  " + vm.countsProperty().get().getOrDefault(f, 0), vm.countsProperty()));
            filters.getChildren().add(t);
            filterButtons.put(f, t);
        }
        filterButtons.get(vm.filterProperty().get()).setSelected(true);
        group.selectedToggleProperty().addListener((o, old, t) -> {
            if (t == null) old.setSelected(true); // one filter is always on
            else vm.filterProperty().set((CompareFilter) t.getUserData());
        });
        vm.filterProperty().addListener((o, old, f) -> filterButtons.get(f).setSelected(true));
        Label hint = new Label("\u2713 right   \u2717 wrong   \u2013 ungraded");
        hint.getStyleClass().add("muted");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox filterRow = new HBox(8, filters, gap, hint);
        filterRow.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(8, runs, filterRow);
        top.setPadding(new Insets(10));
        return top;
    }

    private ComboBox<@Nullable Run> runPicker(String id, javafx.beans.property.ObjectProperty<@Nullable Run> run) {
        ComboBox<@Nullable Run> box = new ComboBox<>(vm.runs());
        box.setId(id);
        box.setPromptText("choose a run…");
        box.valueProperty().bindBidirectional(run);
        box.setConverter(new StringConverter<>() {
            @Override public String toString(@Nullable Run r) {
                return r == null ? "" : r.name() + "  \u00b7  " + r.dataset() + "  \u00b7  " + r.strategy();
            }
            @Override public Run fromString(String s) { throw new UnsupportedOperationException(); }
        });
        return box;
    }

    private static VBox side(String letter, ReadOnlyObjectProperty<@Nullable Run> run, TraceTreeView tree) {
        Label title = new Label();
        title.getStyleClass().add("row-title");
        title.textProperty().bind(Bindings.createStringBinding(
                () -> letter + ": " + (run.get() == null ? "no run" : run.get().name()), run));
        Label empty = new Label("Select a problem above.");
        empty.getStyleClass().add("muted");
        StackPane box = new StackPane(empty, tree);
        tree.visibleProperty().bind(tree.rootProperty().isNotNull());
        VBox.setVgrow(box, Priority.ALWAYS);
        VBox v = new VBox(6, title, box);
        v.setPadding(new Insets(6, 6, 0, 6));
        return v;
    }

    private static void show(TraceTreeView tree, CompareViewModel.@Nullable Side side) {
        tree.show(side == null ? null : side.tree());
        if (side == null) return;
        TreeItem<TraceNodeItem> focus = tree.find(side.focus());
        if (focus == null) return;
        tree.getSelectionModel().select(focus);
        int row = tree.getRow(focus);
        if (row >= 0) tree.scrollTo(Math.max(0, row - 3));
    }

    private static TableColumn<CompareRow, CompareRow> problemColumn() {
        TableColumn<CompareRow, CompareRow> c = new TableColumn<>("Problem");
        c.setPrefWidth(360);
        c.setCellValueFactory(d -> new javafx.beans.property.SimpleObjectProperty<>(d.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override protected void updateItem(@Nullable CompareRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(r.problem().value() + "  \u2014  " + r.problemText().replaceAll("\\s+", " "));
                setTooltip(new Tooltip(r.problemText()));
            }
        });
        return c;
    }

    private static TableColumn<CompareRow, CompareRow> answerColumn(String letter, boolean a) {
        TableColumn<CompareRow, CompareRow> c = new TableColumn<>(letter + " answer");
        c.setPrefWidth(130);
        c.setCellValueFactory(d -> new javafx.beans.property.SimpleObjectProperty<>(d.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override protected void updateItem(@Nullable CompareRow r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().removeAll("answer-right", "answer-wrong");
                if (empty || r == null) {
                    setText(null);
                    return;
                }
                CompareRow.Outcome o = a ? r.a() : r.b();
                setText(mark(o) + "  " + (o.answer() == null ? "(none)" : o.answer()));
                if (o.graded()) getStyleClass().add(o.right() ? "answer-right" : "answer-wrong");
            }
        });
        return c;
    }

    private static TableColumn<CompareRow, String> textColumn(String title, double width,
                                                              java.util.function.Function<CompareRow, String> text) {
        TableColumn<CompareRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new SimpleStringProperty(text.apply(d.getValue())));
        return c;
    }

    static String mark(CompareRow.Outcome o) {
        if (!o.graded()) return "\u2013";
        return o.right() ? "\u2713" : "\u2717";
    }

    private static String verdict(@Nullable Verdict v) {
        return v == null ? "\u2013" : v.name().toLowerCase(java.util.Locale.ROOT);
    }

    public TableView<CompareRow> table() { return table; }
    public TraceTreeView treeA() { return treeA; }
    public TraceTreeView treeB() { return treeB; }
    public ToggleButton filterButton(CompareFilter f) { return filterButtons.get(f); }
    public javafx.scene.control.TabPane tabs() { return tabs; }
    public javafx.scene.layout.GridPane stepGrid() { return stepGrid; }
}
