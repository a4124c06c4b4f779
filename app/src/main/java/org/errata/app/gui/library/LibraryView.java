package org.errata.app.gui.library;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.PopOver;
import org.controlsfx.control.textfield.TextFields;
import org.errata.app.gui.TabContent;
import org.errata.app.gui.tree.Badge;
import org.errata.app.gui.tree.BadgeLine;
import org.errata.app.gui.tree.TraceTreeView;
import org.errata.correction.metrics.TraceFilter;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Verdict;
import org.errata.correction.metrics.TraceSummary;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The library pane: a run's traces with search and filters, the problems of the datasets, and the launcher. */
public final class LibraryView extends TabPane {
    private final LibraryViewModel vm;
    private final ListView<TraceSummary> traceList = new ListView<>();
    private final TextField traceSearch = TextFields.createClearableTextField();

    public LibraryView(LibraryViewModel vm, Consumer<TraceSummary> open, Node launcher) {
        this.vm = vm;
        setId("library");
        getStyleClass().add("library");
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        Tab traces = new Tab("Traces", tracesPane(open));
        traces.setGraphic(new FontIcon(Feather.GIT_BRANCH));
        Tab problems = new Tab("Problems");
        problems.setGraphic(new FontIcon(Feather.BOOK));
        Tab launch = new Tab("Run");
        launch.setGraphic(new FontIcon(Feather.PLAY));
        launch.setId("tab-run");
        getTabs().addAll(traces, problems, launch);
        TabContent.whenSelected(problems, problemsPane(open));
        TabContent.whenSelected(launch, launcher);
    }

    public ListView<TraceSummary> traceList() { return traceList; }
    public TextField traceSearch() { return traceSearch; }

    private VBox tracesPane(Consumer<TraceSummary> open) {
        ComboBox<String> strategy = new ComboBox<>(vm.strategies());
        strategy.valueProperty().bindBidirectional(vm.strategyProperty());
        strategy.setTooltip(new Tooltip("Filter runs by strategy"));
        ComboBox<Run> run = new ComboBox<>(vm.runs());
        run.setId("run-choice");
        run.valueProperty().bindBidirectional(vm.selectedRunProperty());
        run.setConverter(new StringConverter<>() {
            @Override public String toString(@Nullable Run r) { return r == null ? "" : r.name(); }
            @Override public Run fromString(String s) { throw new UnsupportedOperationException(); }
        });
        run.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(run, Priority.ALWAYS);
        Button info = new Button(null, new FontIcon(Feather.INFO));
        info.setTooltip(new Tooltip("The run's full configuration"));
        info.disableProperty().bind(vm.selectedRunProperty().isNull());
        info.setOnAction(e -> {
            Run r = vm.selectedRunProperty().get();
            if (r == null) return;
            Label text = new Label(LibraryViewModel.describe(r));
            text.setWrapText(true);
            text.setMaxWidth(520);
            text.setPadding(new Insets(10));
            PopOver p = new PopOver(text);
            p.setTitle("Run configuration");
            p.setHeaderAlwaysVisible(true);
            p.show(info);
        });
        Button rename = new Button(null, new FontIcon(Feather.EDIT_2));
        rename.setId("rename-run");
        rename.setTooltip(new Tooltip("Rename the run"));
        rename.disableProperty().bind(vm.selectedRunProperty().isNull());
        rename.setOnAction(e -> {
            Run r = vm.selectedRunProperty().get();
            if (r == null) return;
            javafx.scene.control.TextInputDialog ask = new javafx.scene.control.TextInputDialog(r.name());
            ask.setTitle("Rename run");
            ask.setHeaderText("A name for " + r.strategy() + " on " + r.dataset());
            ask.getEditor().setId("rename-run-name");
            ask.getEditor().setPrefColumnCount(40);
            if (getScene() != null) ask.initOwner(getScene().getWindow());
            ask.showAndWait().ifPresent(vm::renameSelected);
        });
        HBox runRow = new HBox(6, run, rename, info);

        traceSearch.setId("trace-search");
        traceSearch.setPromptText("Search problems and solutions");
        traceSearch.setTooltip(new Tooltip("Words in the problem or in any attempt's text, or part of the id or answer (Ctrl+F)"));
        traceSearch.textProperty().bindBidirectional(vm.traceSearchProperty());
        ComboBox<TraceFilter.Correctness> correctness = new ComboBox<>();
        correctness.getItems().setAll(TraceFilter.Correctness.values());
        correctness.valueProperty().bindBidirectional(vm.correctnessProperty());
        correctness.setConverter(new StringConverter<>() {
            @Override public String toString(TraceFilter.@Nullable Correctness c) {
                if (c == null) return "";
                return switch (c) {
                    case ANY -> "any answer";
                    case RIGHT -> "right answers";
                    case WRONG -> "wrong answers";
                    case UNGRADED -> "ungraded";
                };
            }
            @Override public TraceFilter.Correctness fromString(String s) { throw new UnsupportedOperationException(); }
        });
        ComboBox<LibraryViewModel.VerdictChoice> verdict = new ComboBox<>();
        verdict.getItems().setAll(LibraryViewModel.VerdictChoice.values());
        verdict.valueProperty().bindBidirectional(vm.verdictProperty());
        ComboBox<TraceFilter.Outcome> outcome = new ComboBox<>();
        outcome.setId("outcome-filter");
        outcome.getItems().setAll(TraceFilter.Outcome.values());
        outcome.valueProperty().bindBidirectional(vm.outcomeProperty());
        outcome.setConverter(named(o -> LibraryViewModel.describe(o)));
        outcome.setTooltip(new Tooltip("What the trace did: self-corrected, broken by a revision, or a verifier fooled"));
        ComboBox<TraceFilter.Sort> sort = new ComboBox<>();
        sort.setId("trace-sort");
        sort.getItems().setAll(TraceFilter.Sort.values());
        sort.valueProperty().bindBidirectional(vm.sortProperty());
        sort.setConverter(named(o -> LibraryViewModel.describe(o)));
        sort.setTooltip(new Tooltip("Order of the list; ties keep the problems' order"));
        ComboBox<@Nullable Integer> attempts = new ComboBox<>();
        attempts.setId("attempts-filter");
        attempts.getItems().setAll(0, 2, 3, 4, 5);
        attempts.valueProperty().bindBidirectional(vm.minAttemptsProperty());
        attempts.setConverter(named(n -> n == 0 ? "any attempts" : n + "+ attempts"));
        java.util.List<@Nullable Integer> steps = new java.util.ArrayList<>();
        steps.add(null);
        for (int i = 0; i < 12; i++) steps.add(i);
        ComboBox<@Nullable Integer> firstError = new ComboBox<>();
        firstError.setId("first-error-filter");
        firstError.getItems().setAll(steps);
        firstError.valueProperty().bindBidirectional(vm.firstErrorStepProperty());
        firstError.setConverter(new StringConverter<>() {
            @Override public String toString(@Nullable Integer n) { return n == null ? "any first error" : "first error: step " + (n + 1); }
            @Override public Integer fromString(String s) { throw new UnsupportedOperationException(); }
        });
        javafx.scene.layout.GridPane filters = new javafx.scene.layout.GridPane();
        filters.setHgap(6);
        filters.setVgap(6);
        for (int i = 0; i < 2; i++) {
            javafx.scene.layout.ColumnConstraints c = new javafx.scene.layout.ColumnConstraints();
            c.setPercentWidth(50);
            filters.getColumnConstraints().add(c);
        }
        for (ComboBox<?> c : List.of(correctness, verdict, strategy, outcome, sort, attempts, firstError)) {
            c.setMaxWidth(Double.MAX_VALUE);
        }
        filters.addRow(0, correctness, verdict);
        filters.addRow(1, outcome, sort);
        filters.addRow(2, attempts, firstError);
        filters.addRow(3, strategy);
        strategy.setConverter(new StringConverter<>() {
            @Override public String toString(@Nullable String s) { return s == null ? "" : LibraryViewModel.ANY.equals(s) ? "any strategy" : s; }
            @Override public String fromString(String s) { return s; }
        });

        traceList.setId("trace-list");
        traceList.setItems(vm.traces());
        traceList.setCellFactory(v -> primedRows.isEmpty() ? new TraceCell() : primedRows.pop());
        traceList.setPlaceholder(new Label("No traces match."));
        traceList.getSelectionModel().selectedItemProperty().addListener((o, a, s) -> {
            if (s != null) open.accept(s);
        });
        traceList.setOnKeyPressed(e -> {
            TraceSummary s = traceList.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && s != null) open.accept(s);
        });
        VBox.setVgrow(traceList, Priority.ALWAYS);
        Label count = new Label();
        count.getStyleClass().add("muted");
        count.textProperty().bind(Bindings.createStringBinding(
                () -> vm.traces().size() + " traces" + (vm.loadingProperty().get() ? "  (loading…)" : ""),
                vm.traces(), vm.loadingProperty()));
        VBox box = new VBox(6, runRow, traceSearch, filters, traceList, count);
        box.setPadding(new Insets(8));
        // after the turn that started the listing (or put the pane in its window), when the window's styles are set
        vm.loadingProperty().addListener((o, was, now) -> {
            if (now) javafx.application.Platform.runLater(() -> primeRowsOnce(box));
        });
        box.sceneProperty().addListener((o, was, now) -> {
            if (now != null) javafx.application.Platform.runLater(() -> primeRowsOnce(box));
        });
        return box;
    }

    private boolean rowsPrimed;
    /** Rows made and styled ahead by {@link #primeRowsOnce}, which the list takes before making new ones. */
    private final java.util.ArrayDeque<TraceCell> primedRows = new java.util.ArrayDeque<>();

    /**
     * The first time a listing is being read (the FX thread is idle meanwhile, the listing being read
     * on a task), makes the rows a screen of the list needs, each styled and laid out showing a row
     * of badges in this pane out of sight ({@link org.errata.app.gui.OutOfSight}), then empties them
     * and keeps them for the list; and tells the list the height of
     * a row. Without it, the first layout of the listed rows made and styled those rows (skins, style
     * lookups, first-time code), and without a fixed row height the list measured rows before it knew
     * it: the layout pass that first drew 100,000 listed rows took 216-309 ms of the FX thread, with
     * this 41-55 ms (JavaFX's pulse logger in `bench gui`, app README).
     */
    private void primeRowsOnce(VBox pane) {
        if (rowsPrimed || pane.getScene() == null || !vm.loadingProperty().get()) return;
        rowsPrimed = true;
        double width = Math.max(200, traceList.getWidth());
        double estimate = 48; // the rows' height with the workbench's style, for the count before one is measured
        int count = traceList.getHeight() > 0 ? (int) Math.ceil(traceList.getHeight() / estimate) + 2 : PRIMED_ROWS;
        org.errata.app.gui.OutOfSight.style(pane, traceList.getStyleClass(), holder -> {
            double h = 0;
            for (int i = 0; i < count; i++) {
                TraceCell row = new TraceCell();
                holder.getChildren().add(row);
                for (TraceSummary sample : i == 0 ? TraceCell.SAMPLES : TraceCell.SAMPLES.subList(0, 1)) {
                    h = Math.max(h, row.prime(sample, width));
                }
                row.updateItem(null, true);
                primedRows.add(row);
            }
            if (h > 0 && traceList.getFixedCellSize() <= 0) traceList.setFixedCellSize(h);
        });
    }

    /** Rows made ahead when the list's height is not known yet: a screen of 1440x900. */
    private static final int PRIMED_ROWS = 12;

    /** A converter for a combo box of fixed choices; a cleared box shows nothing. */
    private static <T> StringConverter<@Nullable T> named(java.util.function.Function<T, String> name) {
        return new StringConverter<>() {
            @Override public String toString(@Nullable T t) { return t == null ? "" : name.apply(t); }
            @Override public T fromString(String s) { throw new UnsupportedOperationException(); }
        };
    }

    private final org.errata.app.gui.inspector.LatexImages latex = new org.errata.app.gui.inspector.LatexImages();

    private VBox problemsPane(Consumer<TraceSummary> open) {
        ComboBox<String> dataset = new ComboBox<>(vm.datasetNames());
        dataset.valueProperty().bindBidirectional(vm.datasetProperty());
        TextField search = TextFields.createClearableTextField();
        search.setPromptText("Search problems");
        search.textProperty().bindBidirectional(vm.problemSearchProperty());
        HBox.setHgrow(search, Priority.ALWAYS);
        ToggleButton advanced = new ToggleButton("FTS5");
        advanced.setTooltip(new Tooltip("Advanced search: the text is an FTS5 query (AND, OR, NOT, NEAR, prefix*).\n"
                + "Off: the words are found as typed."));
        advanced.selectedProperty().bindBidirectional(vm.advancedSearchProperty());
        ListView<Problem> list = new ListView<>(vm.problems());
        list.setCellFactory(v -> new ListCell<>() {
            { setPrefWidth(0); }

            @Override protected void updateItem(@Nullable Problem p, boolean empty) {
                super.updateItem(p, empty);
                if (empty || p == null) { setText(null); setGraphic(null); return; }
                Label id = new Label(p.id().value());
                id.getStyleClass().add("row-title");
                Label text = new Label(p.text().replaceAll("\\s+", " "));
                text.getStyleClass().add("muted");
                text.setMinWidth(0);
                setGraphic(new VBox(2, id, text));
                setText(null);
            }
        });
        list.setPlaceholder(new Label("No problems. Import a dataset with `errata import`."));
        list.setId("problem-list");
        list.getSelectionModel().selectedItemProperty().addListener((o, a, p) -> vm.problemDetail().problemProperty().set(p));
        VBox.setVgrow(list, Priority.ALWAYS);
        SplitPane split = new SplitPane(list, problemDetail(open));
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        VBox.setVgrow(split, Priority.ALWAYS);
        VBox box = new VBox(6, new HBox(6, dataset, search, advanced), split);
        box.setPadding(new Insets(8));
        return box;
    }

    /** The chosen problem rendered, its gold answer, its traces in every run (a click opens one), and "run this problem". */
    private Node problemDetail(Consumer<TraceSummary> open) {
        ProblemDetailViewModel d = vm.problemDetail();
        VBox text = new VBox();
        text.setId("problem-detail-text");
        Label gold = new Label();
        gold.setId("problem-detail-gold");
        gold.getStyleClass().add("row-title");
        ListView<TraceSummary> runsOfIt = new ListView<>(d.traces());
        runsOfIt.setId("problem-detail-traces");
        runsOfIt.setPlaceholder(new Label("No run has this problem yet."));
        runsOfIt.setCellFactory(v -> new ListCell<>() {
            { setPrefWidth(0); }

            @Override protected void updateItem(@Nullable TraceSummary s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null) { setText(null); setGraphic(null); return; }
                Run r = vm.runs().stream().filter(x -> x.id().equals(s.run())).findFirst().orElse(null);
                Label name = new Label(r == null ? s.run().value() : r.name());
                name.setMinWidth(0);
                HBox row = new HBox(6, name);
                if (Boolean.TRUE.equals(s.correct())) row.getChildren().add(TraceTreeView.pill(Badge.ANSWER_RIGHT));
                if (Boolean.FALSE.equals(s.correct())) row.getChildren().add(TraceTreeView.pill(Badge.ANSWER_WRONG));
                Label answer = new Label(s.finalAnswer() == null ? "no answer" : "\u2192 " + s.finalAnswer());
                answer.getStyleClass().add("muted");
                row.getChildren().add(answer);
                setGraphic(row);
                setText(null);
            }
        });
        runsOfIt.setOnMouseClicked(e -> {
            TraceSummary s = runsOfIt.getSelectionModel().getSelectedItem();
            if (s == null) return;
            vm.runs().stream().filter(r -> r.id().equals(s.run())).findFirst().ifPresent(r -> vm.selectedRunProperty().set(r));
            open.accept(s);
        });
        Button run = new Button("Run this problem", new FontIcon(Feather.PLAY));
        run.setId("run-this-problem");
        run.setTooltip(new Tooltip("Run it with the settings of the Run tab"));
        run.setOnAction(e -> d.runThis());
        Label placeholder = new Label("Choose a problem to see it, its gold answer and its traces across runs.");
        placeholder.getStyleClass().add("muted");
        placeholder.setWrapText(true);
        VBox body = new VBox(8, text, gold, new Label("Traces across runs"), runsOfIt, run);
        VBox.setVgrow(runsOfIt, Priority.ALWAYS);
        body.visibleProperty().bind(d.problemProperty().isNotNull());
        placeholder.visibleProperty().bind(d.problemProperty().isNull());
        d.problemProperty().addListener((o, a, p) -> {
            text.getChildren().setAll(p == null ? List.of()
                    : List.of(org.errata.app.gui.annotate.MathText.flow(p.text(), latex, 15f, false, "problem-text")));
            gold.setText(p == null ? "" : "Gold answer: " + (p.goldAnswer() == null ? "none" : p.goldAnswer()));
        });
        javafx.scene.layout.StackPane pane = new javafx.scene.layout.StackPane(placeholder, body);
        pane.setPadding(new Insets(6, 0, 0, 0));
        javafx.scene.layout.StackPane.setAlignment(placeholder, javafx.geometry.Pos.TOP_LEFT);
        return pane;
    }

    /**
     * A row of the trace list: the problem and final answer, one line of badges (as many as fit,
     * then a count of the rest: {@link BadgeLine}) and the problem's text, so every row has the
     * same height, which the cell gives the list as its fixed cell size. A list of rows of varying
     * height measures rows as they scroll in and walks all of them to place the view (JavaFX's
     * VirtualFlow): at 100,000 rows that was 7 ms of a scrolling frame's 9 and most of a jump's.
     * The nodes are made once per cell and updated in place as the cell is given other rows: a
     * node made anew is styled anew (ten labels with icons per row made scrolling cost 20 ms a
     * frame on 2 cores).
     */
    private static final class TraceCell extends ListCell<TraceSummary> {
        private final Label id = new Label();
        private final EnumMap<Badge, Label> pills = new EnumMap<>(Badge.class);
        private final Label attempts = new Label();
        private final BadgeLine badges;
        private final Label text = new Label();
        private final VBox content;

        TraceCell() {
            setPrefWidth(0);
            id.getStyleClass().add("row-title");
            List<Node> line = new ArrayList<>();
            for (Badge b : ROW_BADGES) {
                Label pill = TraceTreeView.pill(b);
                pills.put(b, pill);
                line.add(pill);
            }
            attempts.getStyleClass().add("muted");
            line.add(attempts);
            badges = new BadgeLine(4, line.toArray(Node[]::new));
            badges.setId("trace-badges");
            content = new VBox(2, id, badges, text);
            content.managedProperty().bind(content.visibleProperty());
            text.getStyleClass().add("muted");
            text.setMinWidth(0);
        }

        /**
         * The badges a row can show, in the order they show: what the loop did to the answer first
         * (a narrow list shows the first few and counts the rest), the last verdict last.
         */
        private static final List<Badge> ROW_BADGES = List.of(Badge.CORRECTED, Badge.BROKEN, Badge.ANSWER_WRONG,
                Badge.ANSWER_RIGHT, Badge.VERIFIER_MISSED, Badge.FALSE_ALARM, Badge.FIRST_ERROR, Badge.VERDICT_INCORRECT,
                Badge.VERDICT_UNPARSED, Badge.VERDICT_CORRECT);

        /** Every filled row is as tall as this one: the list is told so, once (and again if the style changes it). */
        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            ListView<TraceSummary> list = getListView();
            if (list == null || isEmpty() || getItem() == null) return;
            double h = rowHeight();
            if (h > 0 && Math.abs(list.getFixedCellSize() - h) > 0.5) list.setFixedCellSize(h);
        }

        private void show(Badge b, @Nullable String label) {
            Label pill = pills.get(b);
            boolean on = label != null;
            if (on && !label.equals(pill.getText())) pill.setText(label);
            if (pill.isManaged() != on) pill.setManaged(on); // BadgeLine decides which managed ones are visible
        }

        @Override
        protected void updateItem(@Nullable TraceSummary s, boolean empty) {
            super.updateItem(s, empty);
            // The content stays this cell's graphic, hidden when there is no row: taking it out and putting
            // it back would style it anew, and the list measures rows with a cell it empties after each.
            if (getGraphic() != content) setGraphic(content);
            setText(null);
            content.setVisible(!empty);
            if (empty) return;
            if (s == null) { // a row whose page is being read
                id.setText("\u2026");
                for (Badge b : ROW_BADGES) show(b, null);
                attempts.setText("");
                text.setText("");
                return;
            }
            id.setText(s.problem().value() + (s.finalAnswer() == null ? "" : "  \u2192 " + s.finalAnswer()));
            show(Badge.ANSWER_RIGHT, Boolean.TRUE.equals(s.correct()) ? Badge.ANSWER_RIGHT.text() : null);
            show(Badge.ANSWER_WRONG, Boolean.FALSE.equals(s.correct()) ? Badge.ANSWER_WRONG.text() : null);
            show(Badge.VERDICT_CORRECT, s.lastVerdict() == Verdict.CORRECT ? Badge.VERDICT_CORRECT.text() : null);
            show(Badge.VERDICT_INCORRECT, s.lastVerdict() == Verdict.INCORRECT ? Badge.VERDICT_INCORRECT.text() : null);
            show(Badge.VERDICT_UNPARSED, s.lastVerdict() == Verdict.UNPARSED ? Badge.VERDICT_UNPARSED.text() : null);
            var o = s.outcome();
            show(Badge.CORRECTED, o.corrected() ? Badge.CORRECTED.text() : null);
            show(Badge.BROKEN, o.broken() ? Badge.BROKEN.text() : null);
            show(Badge.VERIFIER_MISSED, o.verifierMissed() == 0 ? null
                    : o.verifierMissed() == 1 ? "verifier missed" : "verifier missed \u00d7" + o.verifierMissed());
            show(Badge.FALSE_ALARM, o.falseAlarms() == 0 ? null
                    : o.falseAlarms() == 1 ? "false alarm" : "false alarm \u00d7" + o.falseAlarms());
            show(Badge.FIRST_ERROR, o.firstErrorStep() == null ? null : "first error: step " + (o.firstErrorStep() + 1));
            attempts.setText(s.attempts() + (s.attempts() == 1 ? " attempt" : " attempts"));
            text.setText(WHITESPACE.matcher(s.problemText()).replaceAll(" "));
        }

        private static final Pattern WHITESPACE = Pattern.compile("\\s+");

        /** Rows that between them show every badge, for {@link #primeRowsOnce}. */
        static final List<TraceSummary> SAMPLES = List.of(
                sample(new org.errata.correction.metrics.TraceOutcome(2, false, true, Verdict.CORRECT, 1, 1, 2), true),
                sample(new org.errata.correction.metrics.TraceOutcome(3, true, false, Verdict.INCORRECT, 2, 2, 0), false),
                sample(new org.errata.correction.metrics.TraceOutcome(1, null, null, Verdict.UNPARSED, 0, 0, null), null));

        private static TraceSummary sample(org.errata.correction.metrics.TraceOutcome o, @Nullable Boolean correct) {
            return new TraceSummary(new org.errata.correction.trace.RunId("prime"), new org.errata.correction.trace.ProblemId("p1"),
                    "What is 12 + 30?", org.errata.correction.trace.TraceStatus.FINISHED, "42", correct, 5, o);
        }

        /** Shows {@code s}, then styles and lays the row out at {@code width}; returns the row's height. */
        double prime(TraceSummary s, double width) {
            updateItem(s, false);
            org.errata.app.gui.OutOfSight.layOut(this, width);
            return rowHeight();
        }

        /** The height of a filled row: the list's fixed cell size; 0 while its labels have no skins (not styled yet). */
        private double rowHeight() {
            if (id.getSkin() == null) return 0;
            return snapSizeY(snappedTopInset() + content.prefHeight(-1) + snappedBottomInset());
        }
    }
}
