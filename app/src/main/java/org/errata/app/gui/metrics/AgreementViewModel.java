package org.errata.app.gui.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.errata.app.annotate.AgreementReport;
import org.errata.app.annotate.AnnotationQueue;
import org.errata.app.gui.library.LibraryViewModel;
import org.errata.app.gui.task.TaskExecutor;
import org.errata.app.services.LibraryService;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.jspecify.annotations.Nullable;

/**
 * The agreement panel of the selected run: the {@link AgreementReport} (human annotators, the
 * human consensus and each machine verifier role against each other, Krippendorff's α over the
 * humans, ProcessBench F1 per machine role) computed off the UI thread from the stored traces.
 * Live: a label saved or removed in the run (the library's label listener) recomputes it; while
 * the panel is not shown ({@link #activeProperty()} false) a change only marks it stale, and it
 * is computed when shown. Saves arriving while a computation runs fold into one more afterwards;
 * a newer run voids older results.
 */
public final class AgreementViewModel {
    /** The empty state with no human label in the run. */
    public static final String NO_LABELS = "No human labels yet: label the run's solutions in annotation mode (Ctrl+L).";
    public static final String NO_RUN = "No run selected.";

    private final LibraryService library;
    private final TaskExecutor tasks;
    private final LibraryViewModel.ErrorSink errors;
    private final Set<String> goldAnnotators;
    private final ObjectProperty<@Nullable Run> run = new SimpleObjectProperty<>(this, "run");
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", true);
    private final ReadOnlyObjectWrapper<@Nullable AgreementReport> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper empty = new ReadOnlyStringWrapper(this, "empty", NO_RUN);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private int generation;
    private boolean stale;
    private boolean again;
    private int computed;

    public AgreementViewModel(LibraryService library, TaskExecutor tasks, LibraryViewModel.ErrorSink errors) {
        this.library = Objects.requireNonNull(library);
        this.tasks = Objects.requireNonNull(tasks);
        this.errors = Objects.requireNonNull(errors);
        this.goldAnnotators = Set.of(AnnotationQueue.DEFAULT_GOLD);
        run.addListener((o, a, r) -> {
            report.set(null);
            show(null);
            stale = true;
            again = false;
            reloadIfShown();
        });
        active.addListener((o, a, shown) -> reloadIfShown());
        // Called on the writing thread; the UI thread decides whether the change concerns the shown run.
        library.addLabelListener(changed -> tasks.onUiThread(() -> labelsChanged(changed)));
    }

    private void labelsChanged(RunId changed) {
        Run r = run.get();
        if (r == null || !r.id().equals(changed)) return;
        stale = true;
        if (loading.get()) {
            again = true; // one more computation after this one sees every save made meanwhile
            return;
        }
        reloadIfShown();
    }

    private void reloadIfShown() {
        if (active.get() && stale) reload();
    }

    /** Recomputes the report of the selected run now. */
    public void reload() {
        int g = ++generation;
        stale = false;
        Run r = run.get();
        if (r == null) {
            loading.set(false);
            report.set(null);
            show(null);
            return;
        }
        loading.set(true);
        tasks.execute(() -> {
            List<Trace> traces = library.runTraces(r.id());
            return AgreementReport.of(traces, goldAnnotators);
        }, rep -> {
            if (g != generation) return;
            loading.set(false);
            computed++;
            report.set(rep);
            show(rep);
            if (again) {
                again = false;
                reloadIfShown();
            }
        }, e -> {
            if (g != generation) return;
            loading.set(false);
            again = false;
            errors.report("Could not compute the agreement of " + r.name() + ": " + e.getMessage());
        });
    }

    private void show(@Nullable AgreementReport r) {
        if (r == null) {
            empty.set(run.get() == null ? NO_RUN : "");
            summary.set("");
            return;
        }
        empty.set(r.annotators().isEmpty() && r.items() == 0 ? NO_LABELS : "");
        summary.set(summary(r));
    }

    /** "6 labelled items · 2 annotators · Krippendorff's α nominal 0.412 (interval 0.530)". */
    static String summary(AgreementReport r) {
        String humans = r.annotators().size() == 1 ? "1 annotator" : r.annotators().size() + " annotators";
        String alpha = r.annotators().size() < 2 ? "α needs two annotators"
                : "Krippendorff's α over the annotators: nominal " + fmt(r.alphaNominal()) + ", interval " + fmt(r.alphaInterval());
        return String.format(Locale.ROOT, "%d labelled item%s · %s · %s", r.items(), r.items() == 1 ? "" : "s", humans, alpha);
    }

    /** Three decimals, or "–" where a figure is undefined. */
    public static String fmt(@Nullable Double d) {
        return d == null ? "\u2013" : String.format(Locale.ROOT, "%.3f", d);
    }

    public ObjectProperty<@Nullable Run> runProperty() { return run; }
    /** Whether the panel is shown; while false, changes are computed only once it is shown again. */
    public BooleanProperty activeProperty() { return active; }
    public ReadOnlyObjectProperty<@Nullable AgreementReport> reportProperty() { return report.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }
    /** The empty state's message, or "" when there is something to show. */
    public ReadOnlyStringProperty emptyProperty() { return empty.getReadOnlyProperty(); }
    /** One line over the whole run: items, annotators and α. */
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    /** How many reports were computed (tests check that hidden panels and bursts of saves cost nothing extra). */
    public int computedCount() { return computed; }
}
