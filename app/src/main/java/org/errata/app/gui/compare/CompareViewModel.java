package org.errata.app.gui.compare;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.errata.app.gui.library.LibraryViewModel;
import org.errata.app.gui.task.TaskExecutor;
import org.errata.app.gui.tree.TraceNodeItem;
import org.errata.app.gui.tree.TraceTreeModel;
import org.errata.app.services.LibraryService;
import org.errata.app.services.Page;
import org.errata.correction.metrics.TraceFilter;
import org.errata.correction.grading.Grader;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.metrics.TraceSummary;
import org.jspecify.annotations.Nullable;

/**
 * Run A against run B on the problems both ran: one row per common problem (in A's order), a
 * filter over them with a count per filter, and for the selected row both trace trees, each
 * collapsed to its first error. Everything is read off the UI thread; a newer request voids older ones.
 */
public final class CompareViewModel {
    private static final int PAGE = 1000;

    private final LibraryService library;
    private final TaskExecutor tasks;
    private final LibraryViewModel.ErrorSink errors;
    private final Grader grader = Grader.standard();

    private final ObservableList<Run> runs = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable Run> runA = new SimpleObjectProperty<>(this, "runA");
    private final ObjectProperty<@Nullable Run> runB = new SimpleObjectProperty<>(this, "runB");
    private final ObservableList<CompareRow> all = FXCollections.observableArrayList();
    private final FilteredList<CompareRow> rows = new FilteredList<>(all, r -> true);
    private final ObjectProperty<CompareFilter> filter = new SimpleObjectProperty<>(this, "filter", CompareFilter.ALL);
    private final ReadOnlyObjectWrapper<Map<CompareFilter, Integer>> counts =
            new ReadOnlyObjectWrapper<>(this, "counts", zeroCounts());
    private final ObjectProperty<@Nullable CompareRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<@Nullable Side> sideA = new ReadOnlyObjectWrapper<>(this, "sideA");
    private final ReadOnlyObjectWrapper<@Nullable Side> sideB = new ReadOnlyObjectWrapper<>(this, "sideB");
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final javafx.beans.property.IntegerProperty attemptA = new javafx.beans.property.SimpleIntegerProperty(this, "attemptA");
    private final javafx.beans.property.IntegerProperty attemptB = new javafx.beans.property.SimpleIntegerProperty(this, "attemptB");
    private final ReadOnlyObjectWrapper<@Nullable StepComparison> steps = new ReadOnlyObjectWrapper<>(this, "steps");
    private @Nullable Trace traceA;
    private @Nullable Trace traceB;
    private int rowsGeneration;
    private int treesGeneration;
    private boolean choosing;

    /** One side's tree, collapsed to its first error, and the row to select in it. */
    public record Side(Run run, TraceTreeModel tree, TraceNodeItem focus) {}

    public CompareViewModel(LibraryService library, TaskExecutor tasks, LibraryViewModel.ErrorSink errors) {
        this.library = Objects.requireNonNull(library);
        this.tasks = Objects.requireNonNull(tasks);
        this.errors = Objects.requireNonNull(errors);
        runA.addListener(o -> { if (!choosing) reload(); });
        runB.addListener(o -> { if (!choosing) reload(); });
        filter.addListener((o, a, f) -> {
            CompareFilter chosen = f == null ? CompareFilter.ALL : f;
            rows.setPredicate(chosen::accepts);
        });
        selected.addListener((o, a, r) -> loadTrees(r));
        attemptA.addListener(o -> alignSteps());
        attemptB.addListener(o -> alignSteps());
    }

    /**
     * Lists the runs again and picks the defaults: A the given run (else the newest), B the run made
     * before A on the same dataset (else the one made after it).
     */
    public void open(@Nullable RunId preferred) {
        tasks.execute(library::runs, loaded -> {
            runs.setAll(loaded);
            Run a = loaded.stream().filter(r -> r.id().equals(preferred)).findFirst()
                    .orElse(loaded.isEmpty() ? null : loaded.get(0));
            choose(a, a == null ? null : defaultB(a, loaded));
        }, e -> errors.report("Could not list the runs: " + e.getMessage()));
    }

    /** The run made just before {@code a} on the same dataset, else the one just after it. */
    public static @Nullable Run defaultB(Run a, List<Run> runs) {
        Run before = null;
        Run after = null;
        for (Run r : runs) {
            if (r.id().equals(a.id()) || !r.dataset().equals(a.dataset())) continue;
            if (!r.createdAt().isAfter(a.createdAt())) {
                if (before == null || r.createdAt().isAfter(before.createdAt())) before = r;
            } else if (after == null || r.createdAt().isBefore(after.createdAt())) {
                after = r;
            }
        }
        return before != null ? before : after;
    }

    /** Sets both runs at once (one reload). */
    public void choose(@Nullable Run a, @Nullable Run b) {
        choosing = true;
        try {
            runA.set(a);
            runB.set(b);
        } finally {
            choosing = false;
        }
        reload();
    }

    public void swap() {
        choose(runB.get(), runA.get());
    }

    private record Loaded(List<CompareRow> rows) {}

    /** Reads both runs' traces and builds the rows of the problems both have. */
    public void reload() {
        int g = ++rowsGeneration;
        Run a = runA.get();
        Run b = runB.get();
        selected.set(null);
        if (a == null || b == null || a.id().equals(b.id())) {
            all.clear();
            counts.set(zeroCounts());
            loading.set(false);
            return;
        }
        loading.set(true);
        tasks.execute(() -> new Loaded(buildRows(a.id(), b.id())), loaded -> {
            if (g != rowsGeneration) return;
            loading.set(false);
            all.setAll(loaded.rows());
            counts.set(count(loaded.rows()));
        }, e -> {
            if (g != rowsGeneration) return;
            loading.set(false);
            all.clear();
            counts.set(zeroCounts());
            errors.report("Could not compare " + a.name() + " with " + b.name() + ": " + e.getMessage());
        });
    }

    private List<CompareRow> buildRows(RunId a, RunId b) throws org.errata.app.services.ServiceException {
        Map<ProblemId, String> texts = new HashMap<>();
        int offset = 0;
        while (true) {
            Page<TraceSummary> page = library.traces(a, TraceFilter.ALL, offset, PAGE);
            for (TraceSummary s : page.items()) texts.put(s.problem(), s.problemText());
            offset += page.items().size();
            if (!page.hasMore() || page.items().isEmpty()) break;
        }
        Map<ProblemId, Trace> byProblem = new HashMap<>();
        for (Trace t : library.runTraces(b)) byProblem.put(t.problem(), t);
        List<CompareRow> out = new ArrayList<>();
        for (Trace ta : library.runTraces(a)) {
            Trace tb = byProblem.get(ta.problem());
            if (tb == null) continue;
            out.add(CompareRow.of(ta, tb, texts.getOrDefault(ta.problem(), ta.problem().value()), grader));
        }
        return out;
    }

    static Map<CompareFilter, Integer> count(List<CompareRow> rows) {
        Map<CompareFilter, Integer> n = new EnumMap<>(CompareFilter.class);
        for (CompareFilter f : CompareFilter.values()) {
            n.put(f, (int) rows.stream().filter(f::accepts).count());
        }
        return Map.copyOf(n);
    }

    private static Map<CompareFilter, Integer> zeroCounts() {
        return count(List.of());
    }

    private record Trees(@Nullable Trace a, @Nullable Trace b, @Nullable Problem problem) {}

    private void loadTrees(@Nullable CompareRow row) {
        int g = ++treesGeneration;
        Run a = runA.get();
        Run b = runB.get();
        if (row == null || a == null || b == null) {
            sideA.set(null);
            sideB.set(null);
            traceA = null;
            traceB = null;
            steps.set(null);
            return;
        }
        tasks.execute(() -> new Trees(library.loadTrace(a.id(), row.problem()).orElse(null),
                library.loadTrace(b.id(), row.problem()).orElse(null),
                library.problem(row.problem()).orElse(null)), t -> {
            if (g != treesGeneration) return;
            sideA.set(side(a, t.a(), t.problem()));
            sideB.set(side(b, t.b(), t.problem()));
            traceA = t.a();
            traceB = t.b();
            attemptA.set(0);
            attemptB.set(0);
            alignSteps();
            if (t.a() == null || t.b() == null) {
                errors.report("A run no longer has a trace for " + row.problem() + ".");
            }
        }, e -> {
            if (g != treesGeneration) return;
            errors.report("Could not open " + row.problem() + ": " + e.getMessage());
        });
    }

    /** Aligns the chosen attempt of each side, step by step (the first attempts when the problem opens). */
    private void alignSteps() {
        steps.set(StepComparison.of(traceA, attemptA.get(), traceB, attemptB.get()));
    }

    /** How many attempts side A's (or B's) trace of the selected problem has; 0 when none is open. */
    public int attempts(boolean a) {
        Trace t = a ? traceA : traceB;
        return t == null ? 0 : t.attempts().size();
    }

    private static @Nullable Side side(Run run, @Nullable Trace trace, @Nullable Problem problem) {
        if (trace == null) return null;
        TraceTreeModel model = TraceTreeModel.of(trace, problem, run.usesGold());
        return new Side(run, model, model.collapseToFirstError());
    }

    /** Every run, for the two pickers. */
    public ObservableList<Run> runs() { return runs; }
    public ObjectProperty<@Nullable Run> runAProperty() { return runA; }
    public ObjectProperty<@Nullable Run> runBProperty() { return runB; }
    /** The common problems that pass the filter, in A's order. */
    public ObservableList<CompareRow> rows() { return rows; }
    /** Every common problem. */
    public ObservableList<CompareRow> allRows() { return FXCollections.unmodifiableObservableList(all); }
    public ObjectProperty<CompareFilter> filterProperty() { return filter; }
    /** How many common problems each filter lists. */
    public ReadOnlyObjectProperty<Map<CompareFilter, Integer>> countsProperty() { return counts.getReadOnlyProperty(); }
    public ObjectProperty<@Nullable CompareRow> selectedProperty() { return selected; }
    public ReadOnlyObjectProperty<@Nullable Side> sideAProperty() { return sideA.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<@Nullable Side> sideBProperty() { return sideB.getReadOnlyProperty(); }
    public BooleanProperty loadingProperty() { return loading; }
    /** Which attempt (0-based) of side A, and of side B, the step alignment compares. */
    public javafx.beans.property.IntegerProperty attemptAProperty() { return attemptA; }
    public javafx.beans.property.IntegerProperty attemptBProperty() { return attemptB; }
    public ReadOnlyObjectProperty<@Nullable StepComparison> stepsProperty() { return steps.getReadOnlyProperty(); }
}
