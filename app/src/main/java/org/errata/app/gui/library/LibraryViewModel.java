package org.errata.app.gui.library;

import java.util.List;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.errata.app.gui.task.TaskExecutor;
import org.errata.app.services.LibraryService;
import org.errata.app.services.Page;
import org.errata.app.services.ProblemQuery;
import org.errata.app.services.ServiceException;
import org.errata.app.services.TraceListing;
import org.errata.correction.metrics.TraceFilter;
import org.errata.correction.trace.Dataset;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.RunId;
import org.errata.correction.metrics.TraceSummary;
import org.jspecify.annotations.Nullable;

/**
 * The library pane: runs (filtered by strategy) and the traces of the selected run (searched
 * in problem and attempt text, filtered by correctness, verdict, outcome, attempts and first-error
 * step, and sorted by those figures), datasets and their problems (filtered by dataset and
 * text). Lists load in pages off the UI thread; a newer request makes older results void.
 */
public final class LibraryViewModel {
    public static final int PAGE = 1000;
    public static final String ANY = "any";

    /** The verdict filter as the view offers it. */
    public enum VerdictChoice {
        ANY(null), CORRECT(Verdict.CORRECT), INCORRECT(Verdict.INCORRECT), UNPARSED(Verdict.UNPARSED);
        private final @Nullable Verdict verdict;
        VerdictChoice(@Nullable Verdict v) { this.verdict = v; }
        public @Nullable Verdict verdict() { return verdict; }
        @Override public String toString() {
            return this == ANY ? "any verdict" : "verdict " + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final LibraryService library;
    private final TaskExecutor tasks;
    private final ErrorSink errors;

    private final ObservableList<Run> allRuns = FXCollections.observableArrayList();
    private final ObservableList<Run> runs = FXCollections.observableArrayList();
    private final ObservableList<String> strategies = FXCollections.observableArrayList(ANY);
    private final StringProperty strategy = new SimpleStringProperty(this, "strategy", ANY); // null (a cleared combo): any
    private final ObjectProperty<@Nullable Run> selectedRun = new SimpleObjectProperty<>(this, "selectedRun");
    private final PagedTraces traces;
    private final StringProperty traceSearch = new SimpleStringProperty(this, "traceSearch", "");
    private final ObjectProperty<TraceFilter.Correctness> correctness =
            new SimpleObjectProperty<>(this, "correctness", TraceFilter.Correctness.ANY);
    private final ObjectProperty<VerdictChoice> verdict = new SimpleObjectProperty<>(this, "verdict", VerdictChoice.ANY);
    private final ObjectProperty<TraceFilter.Outcome> outcome =
            new SimpleObjectProperty<>(this, "outcome", TraceFilter.Outcome.ANY);
    /** At least this many attempts; 0 or null (a cleared combo): any. */
    private final ObjectProperty<@Nullable Integer> minAttempts = new SimpleObjectProperty<>(this, "minAttempts", 0);
    /** The first error at this step (0-based); null: any. */
    private final ObjectProperty<@Nullable Integer> firstErrorStep = new SimpleObjectProperty<>(this, "firstErrorStep");
    private final ObjectProperty<TraceFilter.Sort> sort = new SimpleObjectProperty<>(this, "sort", TraceFilter.Sort.DATASET);
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    /** Whether the listed run's filters and orders are answered from memory now ({@link LibraryService#prepareListing}). */
    private final BooleanProperty listingPrepared = new SimpleBooleanProperty(this, "listingPrepared");

    private final ObservableList<Dataset> datasets = FXCollections.observableArrayList();
    private final ObservableList<String> datasetNames = FXCollections.observableArrayList(ANY);
    private final StringProperty dataset = new SimpleStringProperty(this, "dataset", ANY);
    private final StringProperty problemSearch = new SimpleStringProperty(this, "problemSearch", "");
    /** Off: the search text is words, found as typed. On: it is an FTS5 query (AND, OR, NOT, NEAR, prefix*). */
    private final BooleanProperty advancedSearch = new SimpleBooleanProperty(this, "advancedSearch", false);
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();

    private int traceGeneration;
    /** Read by a problems task before its query: a later request makes an earlier one's query pointless. */
    private volatile int problemGeneration;
    /**
     * While a run's first rows are being read at start, problems are read after them, once: the
     * choices {@link #show} replaces ask for them up to three times, and on two cores reading them
     * beside the listing slowed the first rows (100,000 traces: keys 105 ms alone, 255 ms beside).
     */
    private boolean holdProblems;
    private boolean problemsWanted;

    /** Where the view model reports a failure, as a message for the user. */
    @FunctionalInterface
    public interface ErrorSink {
        void report(String message);
    }

    public LibraryViewModel(LibraryService library, TaskExecutor tasks, ErrorSink errors) {
        this.library = Objects.requireNonNull(library);
        this.tasks = Objects.requireNonNull(tasks);
        this.errors = Objects.requireNonNull(errors);
        this.problemDetail = new ProblemDetailViewModel(library, tasks, errors);
        this.traces = new PagedTraces(tasks, e -> errors.report("Could not read the traces: " + e.getMessage()));
        selectedRun.addListener((o, a, b) -> reloadTraces());
        traceSearch.addListener((o, a, b) -> reloadTraces());
        correctness.addListener((o, a, b) -> reloadTraces());
        verdict.addListener((o, a, b) -> reloadTraces());
        outcome.addListener((o, a, b) -> reloadTraces());
        minAttempts.addListener((o, a, b) -> reloadTraces());
        firstErrorStep.addListener((o, a, b) -> reloadTraces());
        sort.addListener((o, a, b) -> reloadTraces());
        strategy.addListener((o, a, b) -> filterRuns());
        dataset.addListener((o, a, b) -> reloadProblems());
        problemSearch.addListener((o, a, b) -> reloadProblems());
        advancedSearch.addListener((o, a, b) -> reloadProblems());
    }

    private @Nullable RunId preferredRun;
    private final ProblemDetailViewModel problemDetail;

    /** The problem chosen in the Problems tab. */
    public ProblemDetailViewModel problemDetail() { return problemDetail; }

    /** The run to select on the next load when nothing is selected yet (the last session's run). */
    public void preferRun(RunId run) {
        preferredRun = run;
    }

    private @Nullable RunId openingRun;

    /**
     * Selects {@code run} as soon as the library lists it (a run just started from the launcher is
     * in the store from its first moment; a reload that misses it leaves the wish for the next).
     */
    public void openRun(RunId run) {
        openingRun = run;
        reload();
    }

    /** Renames the selected run and lists the runs again. */
    public void renameSelected(String name) {
        Run run = selectedRun.get();
        if (run == null || name.isBlank() || name.strip().equals(run.name())) return;
        tasks.execute(() -> {
            library.renameRun(run.id(), name);
            return run.id();
        }, id -> openRun(id), e -> errors.report("Could not rename " + run.name() + ": " + e.getMessage()));
    }

    /** Loads runs and datasets again, keeping the selected run when it still exists. */
    public void reload() {
        loading.set(true);
        tasks.execute(() -> Loaded.read(library), loaded -> {
            loading.set(false);
            show(loaded);
        }, e -> {
            loading.set(false);
            errors.report("Could not load the library: " + e.getMessage());
        });
    }

    /**
     * Shows runs and datasets read elsewhere: at start, those read while the window's toolkit
     * started (the first read of a process is its slowest), instead of reading them again.
     */
    public void show(Loaded loaded) {
        holdProblems = true;
        try {
            showHeld(loaded);
        } finally {
            if (!loading.get()) releaseProblems(); // else once the run's first rows are listed
        }
    }

    private void releaseProblems() {
        if (!holdProblems) return;
        holdProblems = false;
        if (problemsWanted) {
            problemsWanted = false;
            reloadProblems();
        }
    }

    private void showHeld(Loaded loaded) {
        RunId want = preferredRun;
        preferredRun = null;
        RunId opening = openingRun;
        Run wanted = opening == null ? null
                : loaded.runs().stream().filter(r -> r.id().equals(opening)).findFirst().orElse(null);
        Run keep = wanted != null ? wanted : selectedRun.get() != null || want == null ? selectedRun.get()
                : loaded.runs().stream().filter(r -> r.id().equals(want)).findFirst().orElse(null);
        if (wanted != null) {
            openingRun = null;
            if (strategy.get() != null && !ANY.equals(strategy.get()) && !strategy.get().equals(wanted.strategy())) {
                strategy.set(ANY);
            }
        }
        allRuns.setAll(loaded.runs());
        List<String> names = new java.util.ArrayList<>(List.of(ANY));
        names.addAll(loaded.runs().stream().map(Run::strategy).distinct().sorted().toList());
        replaceKeepingChoice(strategies, names, strategy);
        filterRuns();
        Run again = keep == null ? null
                : runs.stream().filter(r -> r.id().equals(keep.id())).findFirst().orElse(null);
        Run target = again != null ? again : runs.isEmpty() ? null : runs.get(0);
        // A view bound to the run list may have dropped the selection while the list was replaced.
        if (selectedRun.get() == target) reloadTraces();
        else selectedRun.set(target);
        datasets.setAll(loaded.datasets());
        List<String> sets = new java.util.ArrayList<>(List.of(ANY));
        sets.addAll(loaded.datasets().stream().map(Dataset::name).toList());
        replaceKeepingChoice(datasetNames, sets, dataset);
        reloadProblems();
    }

    /**
     * Replaces a list of choices only when it changed, and keeps the chosen value (a combo box
     * bound to the list drops its value when the list is replaced).
     */
    private static void replaceKeepingChoice(ObservableList<String> choices, List<String> fresh, StringProperty chosen) {
        String keep = chosen.get();
        if (!choices.equals(fresh)) choices.setAll(fresh);
        chosen.set(keep != null && fresh.contains(keep) ? keep : ANY);
    }

    /** The library's runs and datasets, as one read gives them. */
    public record Loaded(List<Run> runs, List<Dataset> datasets) {
        public static Loaded read(LibraryService library) throws ServiceException {
            return new Loaded(library.runs(), library.datasets());
        }
    }

    private void filterRuns() {
        String s = strategy.get();
        List<Run> fresh = allRuns.stream().filter(r -> s == null || ANY.equals(s) || r.strategy().equals(s)).toList();
        if (!runs.equals(fresh)) runs.setAll(fresh);
    }

    public TraceFilter filter() {
        Integer atLeast = minAttempts.get();
        return new TraceFilter(traceSearch.get(), orElse(correctness.get(), TraceFilter.Correctness.ANY),
                orElse(verdict.get(), VerdictChoice.ANY).verdict(), orElse(outcome.get(), TraceFilter.Outcome.ANY),
                atLeast == null ? 0 : atLeast, firstErrorStep.get(), orElse(sort.get(), TraceFilter.Sort.DATASET));
    }

    private static <T> T orElse(@Nullable T value, T otherwise) {
        return value == null ? otherwise : value;
    }

    /**
     * Lists the selected run's traces that pass the filters: their keys at once, their rows page by
     * page as the list shows them ({@link PagedTraces}).
     */
    public void reloadTraces() {
        int generation = ++traceGeneration;
        Run run = selectedRun.get();
        if (run == null) {
            traces.show(TraceListing.of(List.of()), List.of());
            loading.set(false);
            return;
        }
        TraceFilter f = filter();
        loading.set(true);
        listingPrepared.set(false);
        tasks.execute(() -> {
            TraceListing listing = library.listing(run.id(), f);
            return new Listed(listing, listing.rows(0, Math.min(listing.size(), PagedTraces.PAGE)));
        }, listed -> {
            if (generation != traceGeneration) return;
            traces.show(listed.listing(), listed.firstPage());
            loading.set(false);
            releaseProblems();
            // the next filter or order is then answered from memory; where that fails, by a query as before
            tasks.execute(() -> {
                library.prepareListing(run.id());
                return Boolean.TRUE;
            }, ready -> {
                if (generation == traceGeneration) listingPrepared.set(true);
            }, failed -> { });
        }, e -> {
            if (generation != traceGeneration) return;
            loading.set(false);
            releaseProblems();
            errors.report("Could not load the traces of " + run.name() + ": " + e.getMessage());
        });
    }

    private record Listed(TraceListing listing, List<TraceSummary> firstPage) {}

    public void reloadProblems() {
        if (holdProblems) {
            problemsWanted = true;
            return;
        }
        int generation = ++problemGeneration;
        String d = dataset.get();
        ProblemQuery q = new ProblemQuery(d == null || ANY.equals(d) ? null : d, problemSearch.get(), advancedSearch.get());
        tasks.execute(() -> generation == problemGeneration ? library.problems(q, 0, PAGE) : null, page -> {
            if (page != null && generation == problemGeneration) problems.setAll(page.items());
        }, e -> errors.report("Could not search problems: " + e.getMessage()));
    }

    public ObservableList<Run> runs() { return runs; }
    public ObservableList<String> strategies() { return strategies; }
    public StringProperty strategyProperty() { return strategy; }
    public ObjectProperty<@Nullable Run> selectedRunProperty() { return selectedRun; }
    /** The listed traces; a row not read yet is {@code null} until its page arrives. */
    public PagedTraces traces() { return traces; }
    public StringProperty traceSearchProperty() { return traceSearch; }
    public ObjectProperty<TraceFilter.Correctness> correctnessProperty() { return correctness; }
    public ObjectProperty<VerdictChoice> verdictProperty() { return verdict; }
    public ObjectProperty<TraceFilter.Outcome> outcomeProperty() { return outcome; }
    public ObjectProperty<@Nullable Integer> minAttemptsProperty() { return minAttempts; }
    public ObjectProperty<@Nullable Integer> firstErrorStepProperty() { return firstErrorStep; }
    public ObjectProperty<TraceFilter.Sort> sortProperty() { return sort; }

    /** How the view names an outcome filter. */
    public static String describe(TraceFilter.Outcome o) {
        return switch (o) {
            case ANY -> "any outcome";
            case CORRECTED -> "corrected (wrong \u2192 right)";
            case BROKEN -> "broken (right \u2192 wrong)";
            case VERIFIER_MISSED -> "verifier missed (said yes, wrong)";
            case FALSE_ALARM -> "false alarm (said no, right)";
            case ERROR_LOCATED -> "first error located";
        };
    }

    /** How the view names an order. */
    public static String describe(TraceFilter.Sort s) {
        return switch (s) {
            case DATASET -> "problem order";
            case ATTEMPTS -> "most attempts first";
            case FIRST_ERROR -> "earliest first error first";
            case CORRECTED -> "corrected first";
            case BROKEN -> "broken first";
            case VERIFIER_MISSED -> "most verifier misses first";
            case FALSE_ALARMS -> "most false alarms first";
        };
    }
    public BooleanProperty loadingProperty() { return loading; }
    public BooleanProperty listingPreparedProperty() { return listingPrepared; }
    public ObservableList<Dataset> datasets() { return datasets; }
    public ObservableList<String> datasetNames() { return datasetNames; }
    public StringProperty datasetProperty() { return dataset; }
    public StringProperty problemSearchProperty() { return problemSearch; }
    public BooleanProperty advancedSearchProperty() { return advancedSearch; }
    public ObservableList<Problem> problems() { return problems; }

    /** The full configuration of a run, one "key: value" line each, for the run details popup. */
    public static String describe(Run r) {
        StringBuilder b = new StringBuilder();
        b.append("name: ").append(r.name()).append('\n');
        b.append("id: ").append(r.id()).append('\n');
        b.append("dataset: ").append(r.dataset()).append('\n');
        b.append("strategy: ").append(r.strategy()).append(r.usesGold() ? "  (uses gold labels)" : "").append('\n');
        r.parameters().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> b.append("  ").append(e.getKey()).append(" = ").append(e.getValue()).append('\n'));
        for (var m : r.models()) {
            b.append("model ").append(m.role()).append(": ").append(m.id()).append(" via ").append(m.backend());
            if (m.weightsHash() != null) b.append(", weights ").append(m.weightsHash());
            if (m.location() != null) b.append(", at ").append(m.location());
            b.append(", engine ").append(m.engineVersion()).append('\n');
        }
        var s = r.sampling();
        b.append(String.format(java.util.Locale.ROOT,
                "sampling: temperature %.2f, top-k %d, top-p %.2f, min-p %.2f, seed %d, max tokens %d%n",
                s.temperature(), s.topK(), s.topP(), s.minP(), s.seed(), s.maxTokensPerCall()));
        r.prompts().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> b.append("prompt ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
        b.append("errata: ").append(r.erratVersion()).append(r.gitCommit() == null ? "" : " @ " + r.gitCommit()).append('\n');
        b.append("created: ").append(r.createdAt()).append(", status: ").append(r.status().name().toLowerCase(java.util.Locale.ROOT));
        return b.toString();
    }
}
