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
    private int generation;

    public MetricsViewModel(LibraryService library, TaskExecutor tasks, LibraryViewModel.ErrorSink errors) {
        this.library = Objects.requireNonNull(library);
        this.tasks = Objects.requireNonNull(tasks);
        this.errors = Objects.requireNonNull(errors);
        run.addListener(o -> reloadWhenShown());
        other.addListener(o -> reloadWhenShown());
        shown.addListener((o, was, is) -> {
            if (is && stale) reload();
        });
    }

    /**
     * Whether the metrics are on screen (the view binds it to its tab). Computing them reads every
     * tree of the run (a million nodes in a large run), so while they are hidden a change of run only
     * marks them stale, and they are computed when shown.
     */
    private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown", true);
    private boolean stale;

    private void reloadWhenShown() {
        if (shown.get()) {
            reload();
            return;
        }
        ++generation;
        stale = true;
        loading.set(false);
        report.set(null);
        comparison.set(null);
    }

    public BooleanProperty shownProperty() { return shown; }

    private record Result(MetricsReport report, @Nullable Comparison comparison) {}

    public void reload() {
        stale = false;
        int g = ++generation;
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
}
