package org.errata.app.gui.library;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.errata.app.gui.task.TaskExecutor;
import org.errata.app.services.LibraryService;
import org.errata.correction.trace.Problem;
import org.errata.correction.metrics.TraceSummary;
import org.jspecify.annotations.Nullable;

/**
 * The problem chosen in the Problems tab: its text and gold answer, its traces across every run (loaded
 * off the FX thread; the latest choice wins), and "run this problem", which hands it to whoever launches runs.
 */
public final class ProblemDetailViewModel {
    private final LibraryService library;
    private final TaskExecutor tasks;
    private final LibraryViewModel.ErrorSink errors;
    private final ObjectProperty<@Nullable Problem> problem = new SimpleObjectProperty<>(this, "problem");
    private final ObservableList<TraceSummary> traces = FXCollections.observableArrayList();
    private Consumer<Problem> runner = p -> { };
    private int generation;

    public ProblemDetailViewModel(LibraryService library, TaskExecutor tasks, LibraryViewModel.ErrorSink errors) {
        this.library = Objects.requireNonNull(library);
        this.tasks = Objects.requireNonNull(tasks);
        this.errors = Objects.requireNonNull(errors);
        problem.addListener((o, a, p) -> reload());
    }

    private void reload() {
        int g = ++generation;
        traces.clear();
        Problem p = problem.get();
        if (p == null) return;
        tasks.execute(() -> library.tracesOf(p), (List<TraceSummary> found) -> {
            if (g == generation) traces.setAll(found);
        }, e -> errors.report("Could not load the traces of " + p.id().value() + ": " + e.getMessage()));
    }

    /** Who runs a single problem (the run launcher); set once when the window is wired. */
    public void setRunner(Consumer<Problem> runner) {
        this.runner = Objects.requireNonNull(runner);
    }

    /** Runs the chosen problem with the launcher's current settings. */
    public void runThis() {
        Problem p = problem.get();
        if (p != null) runner.accept(p);
    }

    public ObjectProperty<@Nullable Problem> problemProperty() { return problem; }
    public ObservableList<TraceSummary> traces() { return traces; }
}
