package org.errata.app.gui;

import java.nio.file.Path;
import java.util.Objects;
import java.util.prefs.Preferences;
import java.util.function.LongSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.errata.app.gui.files.FilesViewModel;
import org.errata.app.gui.inspector.InspectorViewModel;
import org.errata.app.gui.launcher.RunLauncherViewModel;
import org.errata.app.gui.library.LibraryViewModel;
import org.errata.app.gui.live.LiveRunModel;
import org.errata.app.gui.live.RunState;
import org.errata.app.gui.task.FrameBatcher;
import org.errata.app.gui.task.TaskExecutor;
import org.errata.app.gui.tree.TraceNodeItem;
import org.errata.app.gui.tree.TraceTreeModel;
import org.errata.app.services.FileTransfers;
import org.errata.app.services.LibraryService;
import org.errata.app.services.RunService;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.metrics.TraceSummary;
import org.jspecify.annotations.Nullable;

/**
 * The workbench's state: the library, the open trace tree (a stored one, or the live run's while
 * following it), the selected row and its inspector, the launcher, theme and user messages.
 */
public final class MainViewModel {
    private final LibraryService library;
    private final TaskExecutor tasks;
    private final LibraryViewModel libraryVm;
    private final InspectorViewModel inspector = new InspectorViewModel();
    private final LiveRunModel live;
    private final RunLauncherViewModel launcher;
    private final org.errata.app.gui.metrics.MetricsViewModel metrics;
    private final org.errata.app.gui.compare.CompareViewModel compare;
    private final org.errata.app.gui.metrics.AgreementViewModel agreement;
    private final FilesViewModel files;

    private final ObjectProperty<@Nullable TraceTreeModel> tree = new SimpleObjectProperty<>(this, "tree");
    private final ObjectProperty<@Nullable TraceNodeItem> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectProperty<@Nullable Run> treeRun = new SimpleObjectProperty<>(this, "treeRun");
    private final BooleanProperty followLive = new SimpleBooleanProperty(this, "followLive", false);
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark", false);
    private final StringProperty notification = new SimpleStringProperty(this, "notification", "");
    private final StringProperty status = new SimpleStringProperty(this, "status", "Ready");
    private int openGeneration;
    private LastSession restoring = LastSession.NONE;

    /** Without import and export (no database behind the window). */
    public MainViewModel(LibraryService library, RunService runs, TaskExecutor tasks,
                         FrameBatcher.FrameScheduler frames, LongSupplier nanoTime) {
        this(library, runs, null, Preferences.userRoot().node("org/errata/workbench"),
                Path.of(System.getProperty("user.home")), tasks, frames, nanoTime);
    }

    /**
     * {@code transfers}: import and export (null where there is no database); {@code prefs}
     * remembers the folders they used last; {@code home}: the user's home folder.
     */
    public MainViewModel(LibraryService library, RunService runs, @Nullable FileTransfers transfers, Preferences prefs,
                         Path home, TaskExecutor tasks, FrameBatcher.FrameScheduler frames, LongSupplier nanoTime) {
        this.library = Objects.requireNonNull(library);
        this.tasks = Objects.requireNonNull(tasks);
        this.libraryVm = new LibraryViewModel(library, tasks, this::notifyError);
        this.files = new FilesViewModel(transfers, tasks, libraryVm, this::notifyError, status, prefs, home);
        this.live = new LiveRunModel(frames, nanoTime, this::cachedProblem);
        this.launcher = new RunLauncherViewModel(runs, tasks, live);
        this.metrics = new org.errata.app.gui.metrics.MetricsViewModel(library, tasks, this::notifyError);
        metrics.runProperty().bind(libraryVm.selectedRunProperty());
        this.agreement = new org.errata.app.gui.metrics.AgreementViewModel(library, tasks, this::notifyError);
        agreement.activeProperty().set(false); // computed when its tab is shown
        agreement.runProperty().bind(libraryVm.selectedRunProperty());
        this.compare = new org.errata.app.gui.compare.CompareViewModel(library, tasks, this::notifyError);
        libraryVm.selectedRunProperty().addListener((o, a, r) -> {
            // The hand-written sample is for looking at; new runs default to the demo model's held-out set.
            if (r != null && !org.errata.app.services.sample.SampleLibrary.DATASET.equals(r.dataset())) {
                launcher.datasetProperty().set(r.dataset());
            }
        });
        javafx.beans.value.ChangeListener<@Nullable TraceNodeItem> followStream = (o, a, item) -> {
            if (followLive.get() && item != null && tree.get() != null && tree.get().streamingNowProperty() == o) {
                selected.set(item);
            }
        };
        live.currentProperty().addListener((o, a, t) -> {
            if (a != null) a.streamingNowProperty().removeListener(followStream);
            if (t != null) t.streamingNowProperty().addListener(followStream);
            if (followLive.get() && t != null) showTree(t, live.runRecordProperty().get());
        });
        live.runRecordProperty().addListener((o, a, r) -> {
            if (followLive.get()) treeRun.set(r);
            // A run started from the launcher opens in the library as it starts.
            if (r != null && (a == null || !a.id().equals(r.id()))) libraryVm.openRun(r.id());
        });
        live.stateProperty().addListener((o, a, s) -> {
            if (s == RunState.STARTING) followLive.set(true);
            if (s == RunState.FAILED) notifyError(live.messageProperty().get());
            if (s == RunState.FINISHED || s == RunState.STOPPED) libraryVm.reload();
        });
        launcher.progressProperty().addListener((o, a, p) -> status.set(p));
        libraryVm.problemDetail().setRunner(this::runProblem);
        selected.addListener((o, a, item) -> inspector.show(item, tree.get(), treeRun.get()));
    }

    private final java.util.Map<org.errata.correction.trace.ProblemId, Problem> problemCache =
            new java.util.concurrent.ConcurrentHashMap<>();

    private @Nullable Problem cachedProblem(org.errata.correction.trace.ProblemId id) {
        return problemCache.get(id);
    }

    /** Remembers problems the library listed, so live trees can show their text without a query. */
    public void rememberProblems(java.util.Collection<Problem> problems) {
        for (Problem p : problems) problemCache.put(p.id(), p);
    }

    /**
     * Reopens where the last session ended: the run is preferred when the library loads, and the view asks
     * {@link #restoringProblem()} which trace to open; the node is selected once that trace is open.
     */
    public void restore(LastSession last) {
        restoring = last;
        if (last.run() != null) libraryVm.preferRun(new RunId(last.run()));
    }

    /** The trace a restore is waiting to open, if any. */
    public java.util.Optional<String> restoringProblem() {
        return java.util.Optional.ofNullable(restoring.problem());
    }

    /** Where the user is now, to be restored next time. */
    public LastSession session() {
        Run run = libraryVm.selectedRunProperty().get();
        TraceTreeModel t = tree.get();
        TraceNodeItem item = selected.get();
        boolean stored = t != null && run != null && t.run().equals(run.id());
        return new LastSession(run == null ? null : run.id().value(), stored ? t.problem().value() : null,
                stored && item != null ? item.key() : null);
    }

    public void start() {
        start(null);
    }

    /** Starts with the library's runs and datasets as {@code first} gives them (read at start), else reads them. */
    public void start(org.errata.app.gui.library.LibraryViewModel.@Nullable Loaded first) {
        libraryVm.problems().addListener((javafx.collections.ListChangeListener<Problem>) c -> rememberProblems(libraryVm.problems()));
        if (first != null) libraryVm.show(first);
        else libraryVm.reload();
    }

    /** Opens a stored trace (loaded off the UI thread), collapsed to its first error. */
    public void open(TraceSummary summary) {
        int generation = ++openGeneration;
        followLive.set(false);
        RunId runId = summary.run();
        Run run = libraryVm.runs().stream().filter(r -> r.id().equals(runId)).findFirst().orElse(null);
        status.set("Opening " + summary.problem() + "…");
        tasks.execute(() -> new Opened(library.loadTrace(runId, summary.problem()).orElse(null),
                library.problem(summary.problem()).orElse(null)), opened -> {
            warmTreeReadingOnce();
            if (generation != openGeneration) return;
            if (opened.trace() == null) {
                notifyError("Run " + runId + " has no trace for " + summary.problem() + ".");
                return;
            }
            boolean gold = run != null && run.usesGold();
            TraceTreeModel model = TraceTreeModel.of(opened.trace(), opened.problem(), gold);
            treeRun.set(run);
            showTree(model, run);
            TraceNodeItem first = model.collapseToFirstError();
            String node = summary.problem().value().equals(restoring.problem()) ? restoring.node() : null;
            restoring = LastSession.NONE; // restored once, at start; later opens go to the first error
            selected.set(node == null ? first : model.item(new org.errata.correction.trace.NodeId(node)).orElse(first));
            status.set("Opened " + summary.problem());
        }, e -> notifyError("Could not open " + summary.problem() + ": " + e.getMessage()));
    }

    private record Opened(@Nullable Trace trace, @Nullable Problem problem) {}

    private boolean treeReadingWarm;

    /**
     * Once the first tree a workbench reads (the one it opens at start) has arrived, the library
     * readies reading trees of every other kind of node ({@link LibraryService#warmUp}) as a task of
     * its own: the first node of a kind a process reads builds that kind's reader (the first tree
     * took 90-150 ms to read on 2 cores, later ones 2-5 ms), and this pays it before the user opens
     * a tree with a kind the first one did not have. Not in the first tree's own task: that made the
     * first usable window 2.4 → 2.7 s. A failure is left to the opens that meet it.
     */
    private void warmTreeReadingOnce() {
        if (treeReadingWarm) return;
        treeReadingWarm = true;
        tasks.execute(() -> {
            library.warmUp();
            return true;
        }, done -> { }, e -> { });
    }

    private void showTree(TraceTreeModel model, @Nullable Run run) {
        treeRun.set(run);
        selected.set(null);
        tree.set(model);
    }

    /** "Run this problem": the launcher's settings on that one problem of its dataset. */
    private void runProblem(Problem p) {
        tasks.execute(() -> library.indexOf(p), index -> {
            if (index < 0) {
                notifyError("Problem " + p.id().value() + " is not in its dataset any more.");
                return;
            }
            if (live.stateProperty().get().active()) {
                notifyError("A run is in progress; stop it first to run " + p.id().value() + ".");
                return;
            }
            launcher.datasetProperty().set(p.dataset());
            launcher.offsetProperty().set(index);
            launcher.limitProperty().set(1);
            launcher.start();
        }, e -> notifyError("Could not run " + p.id().value() + ": " + e.getMessage()));
    }

    /** Folds the open tree back to its first error and selects it. */
    public void collapseToFirstError() {
        TraceTreeModel t = tree.get();
        if (t != null) selected.set(t.collapseToFirstError());
    }

    public void notifyError(String message) {
        notification.set("");
        notification.set(message);
    }

    public void toggleTheme() {
        dark.set(!dark.get());
    }

    public LibraryViewModel library() { return libraryVm; }
    /** Import and export: the File menu and files dropped on the library. */
    public FilesViewModel files() { return files; }
    public InspectorViewModel inspector() { return inspector; }
    public RunLauncherViewModel launcher() { return launcher; }
    public LiveRunModel live() { return live; }
    public org.errata.app.gui.metrics.MetricsViewModel metrics() { return metrics; }
    /** Annotators and machine verifiers of the selected run against each other, refreshed as labels are saved. */
    public org.errata.app.gui.metrics.AgreementViewModel agreement() { return agreement; }
    /** Run A against run B; the compare window opens it on the selected run. */
    public org.errata.app.gui.compare.CompareViewModel compare() { return compare; }
    public ObjectProperty<@Nullable TraceTreeModel> treeProperty() { return tree; }
    public ObjectProperty<@Nullable TraceNodeItem> selectedProperty() { return selected; }
    public BooleanProperty followLiveProperty() { return followLive; }
    public BooleanProperty darkProperty() { return dark; }
    /** The latest message for the user (errors); views show it without blocking. */
    public StringProperty notificationProperty() { return notification; }
    public StringProperty statusProperty() { return status; }
}
