package org.errata.app.gui.metrics;

import java.util.List;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.errata.app.gui.library.LibraryViewModel;
import org.errata.app.gui.task.TaskExecutor;
import org.errata.app.services.LibraryService;
import org.errata.correction.metrics.Comparison;
import org.errata.correction.metrics.Metrics;
import org.errata.correction.metrics.MetricsReport;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;
import org.jspecify.annotations.Nullable;

/**
 * Metrics of the selected run and, when a second run is chosen, of that run against it (B fixed
 * / broke). Computed off the UI thread from the stored traces; a newer request voids older ones.
 * Computed only while {@link #shownProperty() shown}: grading may start the computer-algebra
 * system, seconds of CPU that a start of the workbench (which opens on the trace tab) must not share.
 */
public final class MetricsViewModel {
    private final LibraryService library;
    private final TaskExecutor tasks;
    private final LibraryViewModel.ErrorSink errors;
    private final ObjectProperty<@Nullable Run> run = new SimpleObjectProperty<>(this, "run");
    private final ObjectProperty<@Nullable Run> other = new SimpleObjectProperty<>(this, "other");
    private final ObjectProperty<@Nullable MetricsReport> report = new SimpleObjectProperty<>(this, "report");
    private final ObjectProperty<@Nullable Comparison> comparison = new SimpleObjectProperty<>(this, "comparison");
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown", true);
    private int generation;
    /** The run or the other run changed while the metrics were not shown. */
    private boolean stale;

    public MetricsViewModel(LibraryService library, TaskExecutor tasks, LibraryViewModel.ErrorSink errors) {
        this.library = Objects.requireNonNull(library);
        this.tasks = Objects.requireNonNull(tasks);
        this.errors = Objects.requireNonNull(errors);
        run.addListener(o -> reload());
        other.addListener(o -> reload());
        shown.addListener((o, was, now) -> {
            if (now && stale) reload();
        });
    }

    private record Result(MetricsReport report, @Nullable Comparison comparison) {}

    public void reload() {
        int g = ++generation;
        if (!shown.get()) {
            stale = true;
            loading.set(false);
            report.set(null);
            comparison.set(null);
            return;
        }
        stale = false;
        Run a = run.get();
        Run b = other.get();
        if (a == null) {
            report.set(null);
            comparison.set(null);
            return;
        }
        loading.set(true);
        tasks.execute(() -> {
            List<Trace> ta = library.runTraces(a.id());
            MetricsReport ra = Metrics.compute(ta);
            Comparison c = b == null || b.id().equals(a.id()) ? null : Metrics.compare(ra, ta, library.runTraces(b.id()));
            return new Result(ra, c);
        }, r -> {
            if (g != generation) return;
            loading.set(false);
            report.set(r.report());
            comparison.set(r.comparison());
        }, e -> {
            if (g != generation) return;
            loading.set(false);
            errors.report("Could not compute the metrics of " + a.name() + ": " + e.getMessage());
        });
    }

    public ObjectProperty<@Nullable Run> runProperty() { return run; }
    /** The run to compare with (B); null: none. */
    public ObjectProperty<@Nullable Run> otherProperty() { return other; }
    public ObjectProperty<@Nullable MetricsReport> reportProperty() { return report; }
    public ObjectProperty<@Nullable Comparison> comparisonProperty() { return comparison; }
    public BooleanProperty loadingProperty() { return loading; }
    /** Whether the metrics are on screen (true unless a view says otherwise); hidden ones are computed when shown. */
    public BooleanProperty shownProperty() { return shown; }
}
