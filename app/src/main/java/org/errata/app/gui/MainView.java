package org.errata.app.gui;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.StatusBar;
import org.errata.app.gui.files.FileDrop;
import org.errata.app.gui.files.FileMenu;
import org.errata.app.gui.inspector.InspectorView;
import org.errata.app.gui.launcher.RunLauncherView;
import org.errata.app.gui.library.LibraryView;
import org.errata.app.gui.live.RunState;
import org.errata.app.gui.tree.TraceNodeItem;
import org.errata.app.gui.tree.TraceTreeModel;
import org.errata.app.gui.tree.TraceTreeView;
import org.errata.correction.metrics.TraceSummary;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The workbench window's content: toolbar, library (left), trace tree (centre), inspector
 * (right), status bar; messages slide in without blocking; a shortcut sheet on ? or F1.
 */
public final class MainView extends BorderPane {
    private final MainViewModel vm;
    private final LibraryView library;
    private final TraceTreeView tree = new TraceTreeView();
    private final StackPane treeBox;
    private final InspectorView inspector;
    private final SplitPane split = new SplitPane();
    private final NotificationPane notifications;
    private final StackPane overlay = new StackPane();
    private final VBox sheet;
    private final org.errata.app.gui.metrics.MetricsView metricsView;
    private final org.errata.app.gui.metrics.AgreementView agreementView;
    private final javafx.scene.control.TabPane centre;
    private boolean syncingSelection;
    private org.errata.app.gui.compare.@Nullable CompareWindow compareWindow;
    private final FileMenu fileMenu;
    private final FileDrop fileDrop;

    public MainView(MainViewModel vm) {
        this.vm = vm;
        getStyleClass().add("workbench");
        RunLauncherView launcher = new RunLauncherView(vm.launcher(), vm.library().datasetNames());
        library = new LibraryView(vm.library(), this::open, launcher);
        inspector = new InspectorView(vm.inspector(), vm.darkProperty());
        tree.setId("trace-tree");
        Label emptyTree = new Label("Select a trace in the library, or start a run.");
        emptyTree.getStyleClass().add("muted");
        treeBox = new StackPane(emptyTree, tree);
        tree.visibleProperty().bind(vm.treeProperty().isNotNull());

        split.setId("main-split");
        split.setOrientation(Orientation.HORIZONTAL);
        javafx.scene.control.TabPane centre = new javafx.scene.control.TabPane();
        centre.setId("centre-tabs");
        centre.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        javafx.scene.control.Tab treeTab = new javafx.scene.control.Tab("Trace", treeBox);
        treeTab.setGraphic(new FontIcon(Feather.GIT_BRANCH));
        metricsView = new org.errata.app.gui.metrics.MetricsView(vm.metrics(), vm.library().runs(), vm::notifyError);
        javafx.scene.control.Tab metricsTab = new javafx.scene.control.Tab("Metrics");
        metricsTab.setGraphic(new FontIcon(Feather.BAR_CHART));
        metricsTab.setId("tab-metrics");
        vm.metrics().shownProperty().bind(metricsTab.selectedProperty());
        agreementView = new org.errata.app.gui.metrics.AgreementView(vm.agreement());
        javafx.scene.control.Tab agreementTab = new javafx.scene.control.Tab("Agreement");
        agreementTab.setGraphic(new FontIcon(Feather.USERS));
        agreementTab.setId("tab-agreement");
        vm.agreement().activeProperty().bind(agreementTab.selectedProperty());
        centre.getTabs().addAll(treeTab, metricsTab, agreementTab);
        TabContent.whenSelected(metricsTab, metricsView);
        TabContent.whenSelected(agreementTab, agreementView);
        this.centre = centre;
        split.getItems().addAll(library, centre, inspector);
        split.setDividerPositions(0.26, 0.62);
        SplitPane.setResizableWithParent(library, false);

        notifications = new NotificationPane(split);
        notifications.setId("notifications");
        notifications.setShowFromTop(true);
        vm.notificationProperty().addListener((o, a, msg) -> {
            if (msg != null && !msg.isBlank()) {
                notifications.show(msg, new FontIcon(Feather.ALERT_CIRCLE));
            }
        });

        sheet = shortcutSheet();
        overlay.getChildren().addAll(notifications, sheet);
        sheet.setVisible(false);
        fileMenu = new FileMenu(vm.files(), vm.library().selectedRunProperty(), () -> getScene().getWindow(),
                this::newRun, () -> getScene().getWindow().hide());
        MenuBar menus = new MenuBar(fileMenu);
        menus.setId("menu-bar");
        fileDrop = FileDrop.install(library, vm.files());
        vm.files().lastImportedProperty().addListener((o, a, imported) -> {
            // the traces of an imported run, or the problems of an imported dataset
            if (imported != null) library.getSelectionModel().select(imported.runs().isEmpty() ? 1 : 0);
        });
        setTop(new VBox(menus, toolbar()));
        setCenter(overlay);
        setBottom(statusBar());

        vm.treeProperty().addListener((o, a, m) -> showTree(m));
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (!syncingSelection) vm.selectedProperty().set(item == null ? null : item.getValue());
        });
        vm.selectedProperty().addListener((o, a, item) -> selectInTree(item));
        sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) installShortcuts(scene);
        });
    }

    /**
     * At start: opens the last session's trace (the view model's {@code restoringProblem}), else
     * the run's first trace, as soon as the list has one; once. The workbench calls it as it opens,
     * and {@code bench gui} too, so that the first tree a user opens there is not the process's first.
     */
    public void openFirstTraceOnce() {
        var list = library.traceList();
        javafx.collections.ListChangeListener<TraceSummary> once = new javafx.collections.ListChangeListener<>() {
            @Override
            public void onChanged(Change<? extends TraceSummary> c) {
                if (!list.getItems().isEmpty()) {
                    list.getItems().removeListener(this);
                    if (!list.getSelectionModel().isEmpty()) return;
                    int index = vm.restoringProblem().map(p -> indexOf(vm.library().traces(), p)).orElse(0);
                    list.getSelectionModel().select(Math.max(index, 0));
                    list.scrollTo(Math.max(index, 0));
                }
            }
        };
        list.getItems().addListener(once);
    }

    private static int indexOf(org.errata.app.gui.library.PagedTraces rows, String problem) {
        // Only the rows already read (the list reads a long run page by page as it is shown).
        for (int i = 0; i < rows.size() && rows.peek(i) != null; i++) {
            if (rows.peek(i).problem().value().equals(problem)) return i;
        }
        return 0;
    }

    private void open(TraceSummary s) {
        vm.open(s);
    }

    private void showTree(@Nullable TraceTreeModel m) {
        syncingSelection = true;
        try {
            tree.show(m);
            // once the first tree is up, rows of every other kind are styled ahead (TraceTreeView.primeOnce)
            if (m != null) javafx.application.Platform.runLater(() -> tree.primeOnce(treeBox));
        } finally {
            syncingSelection = false;
        }
        selectInTree(vm.selectedProperty().get());
    }

    private void selectInTree(@Nullable TraceNodeItem item) {
        syncingSelection = true;
        try {
            if (item == null) {
                tree.getSelectionModel().clearSelection();
                return;
            }
            TreeItem<TraceNodeItem> ti = tree.find(item);
            if (ti == null) return;
            tree.getSelectionModel().select(ti);
            int row = tree.getRow(ti);
            if (row >= 0) tree.scrollTo(Math.max(0, row - 3));
        } finally {
            syncingSelection = false;
        }
    }

    private ToolBar toolbar() {
        Label brand = new Label("Errata", new FontIcon(Feather.GIT_MERGE));
        brand.getStyleClass().add("brand");
        Button firstError = new Button("First error", new FontIcon(Feather.CROSSHAIR));
        firstError.setId("first-error");
        firstError.setTooltip(new Tooltip("Collapse the tree to the first error (E)"));
        firstError.setOnAction(e -> vm.collapseToFirstError());
        ToggleButton follow = new ToggleButton("Follow live", new FontIcon(Feather.ACTIVITY));
        follow.selectedProperty().bindBidirectional(vm.followLiveProperty());
        follow.setTooltip(new Tooltip("Show the tree the running run is decoding"));
        Button compare = new Button("Compare", new FontIcon(Feather.COLUMNS));
        compare.setId("open-compare");
        compare.setTooltip(new Tooltip("Two runs side by side on the same problems (Ctrl+Shift+C)"));
        compare.setOnAction(e -> openCompare());
        ToggleButton dark = new ToggleButton(null, new FontIcon(Feather.MOON));
        dark.setId("theme-toggle");
        dark.selectedProperty().bindBidirectional(vm.darkProperty());
        dark.setTooltip(new Tooltip("Dark theme (Ctrl+Shift+T)"));
        Button help = new Button(null, new FontIcon(Feather.HELP_CIRCLE));
        help.setTooltip(new Tooltip("Keyboard shortcuts (? or F1)"));
        help.setOnAction(e -> toggleSheet());
        Region gap = new Region();
        javafx.scene.layout.HBox.setHgrow(gap, Priority.ALWAYS);
        return new ToolBar(brand, firstError, follow, compare, gap, dark, help);
    }

    private StatusBar statusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("status-bar");
        bar.textProperty().bind(vm.statusProperty());
        bar.progressProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(() -> {
            if (vm.files().busyProperty().get()) return -1.0; // an import or export: the service gives no fraction
            var live = vm.live();
            if (!live.stateProperty().get().active()) return 0.0;
            int total = live.totalProperty().get();
            return total == 0 ? -1.0 : (double) live.doneProperty().get() / total;
        }, vm.files().busyProperty(), vm.live().stateProperty(), vm.live().doneProperty(), vm.live().totalProperty()));
        return bar;
    }

    private VBox shortcutSheet() {
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(6);
        int row = 0;
        for (Shortcuts.Shortcut s : Shortcuts.ALL) {
            Label keys = new Label(s.keys());
            keys.getStyleClass().add("kbd");
            grid.addRow(row++, keys, new Label(s.action()));
        }
        Label title = new Label("Keyboard shortcuts");
        title.getStyleClass().add("sheet-title");
        VBox box = new VBox(12, title, grid);
        box.setId("shortcut-sheet");
        box.getStyleClass().add("shortcut-sheet");
        box.setPadding(new Insets(20));
        box.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        box.setOnMouseClicked(e -> box.setVisible(false));
        return box;
    }

    /** File, New run…: the library's Run tab, where the launcher is. */
    private void newRun() {
        library.getSelectionModel().select(2);
        library.requestFocus();
    }

    public void toggleSheet() {
        sheet.setVisible(!sheet.isVisible());
    }

    public boolean sheetVisible() {
        return sheet.isVisible();
    }

    private void installShortcuts(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            boolean typing = scene.getFocusOwner() instanceof TextInputControl;
            if (e.getCode() == KeyCode.F1 || (!typing && "?".equals(e.getText()))) {
                toggleSheet();
            } else if (e.getCode() == KeyCode.ESCAPE && sheet.isVisible()) {
                sheet.setVisible(false);
            } else if (e.getCode() == KeyCode.ESCAPE && notifications.isShowing()) {
                notifications.hide();
            } else if (key(KeyCode.DIGIT1, e)) {
                library.traceList().requestFocus();
            } else if (key(KeyCode.DIGIT2, e)) {
                centre.getSelectionModel().select(0);
                tree.requestFocus();
            } else if (key(KeyCode.M, e)) {
                centre.getSelectionModel().select(1);
            } else if (key(KeyCode.DIGIT3, e)) {
                inspector.tabs().requestFocus();
            } else if (key(KeyCode.F, e)) {
                library.getSelectionModel().select(0);
                library.traceSearch().requestFocus();
            } else if (key(KeyCode.R, e)) {
                vm.inspector().toggleRaw();
            } else if (new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN).match(e)) {
                vm.toggleTheme();
            } else if (new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN).match(e)) {
                openCompare();
            } else if (key(KeyCode.ENTER, e)) {
                if (vm.launcher().canStart().get()) vm.launcher().start();
            } else if (key(KeyCode.PERIOD, e)) {
                vm.launcher().stop();
            } else if (!typing && !e.isShortcutDown() && !e.isAltDown() && e.getCode() == KeyCode.J) {
                moveTrace(1);
            } else if (!typing && !e.isShortcutDown() && !e.isAltDown() && e.getCode() == KeyCode.K) {
                moveTrace(-1);
            } else if (!typing && !e.isShortcutDown() && !e.isAltDown() && e.getCode() == KeyCode.E) {
                vm.collapseToFirstError();
            } else {
                return;
            }
            e.consume();
        });
    }

    private static boolean key(KeyCode code, KeyEvent e) {
        return new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN).match(e);
    }

    private void moveTrace(int delta) {
        var list = library.traceList();
        int n = list.getItems().size();
        if (n == 0) return;
        int at = list.getSelectionModel().getSelectedIndex();
        int next = at < 0 ? 0 : Math.max(0, Math.min(n - 1, at + delta));
        list.getSelectionModel().select(next);
        list.scrollTo(Math.max(0, next - 2));
    }

    /** Opens (or brings back) the compare window, run A the library's selected run. */
    public void openCompare() {
        org.errata.app.gui.compare.CompareWindow w = compareWindow;
        if (w == null) {
            w = new org.errata.app.gui.compare.CompareWindow(vm.compare(), getScene().getStylesheets());
            compareWindow = w;
        }
        var run = vm.library().selectedRunProperty().get();
        w.open(getScene().getWindow(), run == null ? null : run.id());
    }

    public org.errata.app.gui.compare.@Nullable CompareWindow compareWindow() { return compareWindow; }
    public SplitPane split() { return split; }
    public org.errata.app.gui.metrics.MetricsView metricsView() { return metricsView; }
    public org.errata.app.gui.metrics.AgreementView agreementView() { return agreementView; }
    public javafx.scene.control.TabPane centre() { return centre; }
    public TraceTreeView tree() { return tree; }
    public InspectorView inspector() { return inspector; }
    public LibraryView library() { return library; }
    public FileMenu fileMenu() { return fileMenu; }
    /** Files dropped on the library. */
    public FileDrop fileDrop() { return fileDrop; }
    public NotificationPane notifications() { return notifications; }
    public boolean running() { return vm.live().stateProperty().get() == RunState.RUNNING; }
    public Node sheet() { return sheet; }
}
