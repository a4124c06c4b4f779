package org.errata.app.gui.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.errata.app.gui.task.CurrentThreadTaskExecutor;
import org.errata.app.gui.task.ManualTasks;
import org.errata.app.services.LibraryService;
import org.errata.app.services.Page;
import org.errata.app.services.ProblemQuery;
import org.errata.app.services.ServiceException;
import org.errata.app.services.StoreLibraryService;
import org.errata.correction.metrics.TraceFilter;
import org.errata.app.services.sample.InMemoryLibrary;
import org.errata.app.services.sample.SampleLibrary;
import org.errata.correction.trace.Dataset;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Sampling;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceStatus;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.correction.metrics.TraceSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryViewModelTest {
    private final List<String> errors = new ArrayList<>();

    @Test
    void loadsRunsSelectsTheNewestAndListsItsTraces() {
        LibraryViewModel vm = new LibraryViewModel(InMemoryLibrary.withSample(), new CurrentThreadTaskExecutor(), errors::add);
        vm.reload();
        assertThat(vm.runs()).extracting(Run::id).containsExactly(SampleLibrary.RUN);
        assertThat(vm.selectedRunProperty().get().id()).isEqualTo(SampleLibrary.RUN);
        assertThat(vm.traces()).hasSize(SampleLibrary.traces().size());
        assertThat(vm.datasetNames()).containsExactly(LibraryViewModel.ANY, SampleLibrary.DATASET);
        assertThat(vm.problems()).hasSize(SampleLibrary.problems().size());
        assertThat(vm.strategies()).containsExactly(LibraryViewModel.ANY, "self-refine");
        assertThat(errors).isEmpty();
    }

    /**
     * At start the choices {@code show} replaces ask for the problems up to three times; they are
     * read once, after the run's first rows (on two cores, beside the listing, they slowed it).
     */
    @Test
    void atStartProblemsAreReadOnceAfterTheRunsFirstRows() {
        List<String> calls = new ArrayList<>();
        LibraryService sample = InMemoryLibrary.withSample();
        LibraryService recording = (LibraryService) java.lang.reflect.Proxy.newProxyInstance(
                LibraryService.class.getClassLoader(), new Class<?>[] {LibraryService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("problems") || method.getName().equals("listing")) calls.add(method.getName());
                    try {
                        return method.invoke(sample, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ManualTasks tasks = new ManualTasks();
        LibraryViewModel vm = new LibraryViewModel(recording, tasks, errors::add);
        vm.reload();
        tasks.drain();
        assertThat(calls).containsExactly("listing", "problems");
        assertThat(vm.traces()).hasSize(SampleLibrary.traces().size());
        assertThat(vm.problems()).hasSize(SampleLibrary.problems().size());

        // later, a search typed faster than it is answered is asked once, for the last text
        calls.clear();
        vm.problemSearchProperty().set("s");
        vm.problemSearchProperty().set("sq");
        vm.problemSearchProperty().set("sqrt");
        assertThat(tasks.queued()).isEqualTo(3);
        tasks.drain();
        assertThat(calls).containsExactly("problems");
        assertThat(vm.problems()).extracting(Problem::key).containsExactly("sqrt");
        assertThat(errors).isEmpty();
    }

    @Test
    void filtersNarrowTheTraceList() {
        LibraryViewModel vm = new LibraryViewModel(InMemoryLibrary.withSample(), new CurrentThreadTaskExecutor(), errors::add);
        vm.reload();
        vm.correctnessProperty().set(TraceFilter.Correctness.WRONG);
        assertThat(vm.traces()).extracting(s -> s.problem().value()).containsExactly("sample/fractions");
        vm.correctnessProperty().set(TraceFilter.Correctness.ANY);
        vm.traceSearchProperty().set("ducks");
        assertThat(vm.traces()).extracting(s -> s.problem().value()).containsExactly("sample/eggs");
        vm.traceSearchProperty().set("");
        vm.verdictProperty().set(LibraryViewModel.VerdictChoice.UNPARSED);
        assertThat(vm.traces()).isEmpty();
        vm.strategyProperty().set("no-such-strategy");
        assertThat(vm.runs()).isEmpty();
        vm.datasetProperty().set(SampleLibrary.DATASET);
        vm.problemSearchProperty().set("sqrt");
        assertThat(vm.problems()).extracting(p -> p.key()).containsExactly("sqrt");
    }

    @Test
    void outcomeFiltersAndSortsWorkOnAnInMemoryLibraryToo() {
        LibraryViewModel vm = new LibraryViewModel(InMemoryLibrary.withSample(), new CurrentThreadTaskExecutor(), errors::add);
        vm.reload();
        vm.outcomeProperty().set(TraceFilter.Outcome.CORRECTED);
        assertThat(vm.traces()).extracting(s -> s.problem().value()).containsExactly("sample/clips", "sample/eggs");
        vm.outcomeProperty().set(TraceFilter.Outcome.VERIFIER_MISSED);
        assertThat(vm.traces()).extracting(s -> s.problem().value()).containsExactly("sample/fractions");
        vm.outcomeProperty().set(TraceFilter.Outcome.ANY);
        vm.sortProperty().set(TraceFilter.Sort.FIRST_ERROR);
        // first errors: fractions step 0 (labelled), clips step 2 (labelled), eggs step 3; sqrt has none
        assertThat(vm.traces()).extracting(s -> s.problem().value())
                .containsExactly("sample/fractions", "sample/clips", "sample/eggs", "sample/sqrt");
        vm.traceSearchProperty().set("48 + 24 = 62");
        assertThat(vm.traces()).extracting(s -> s.problem().value()).containsExactly("sample/clips");
        assertThat(errors).isEmpty();
    }

    @Test
    void aRenamedRunKeepsItsSelectionAndAStartedRunIsOpenedOnceListed() {
        InMemoryLibrary lib = InMemoryLibrary.withSample();
        LibraryViewModel vm = new LibraryViewModel(lib, new CurrentThreadTaskExecutor(), errors::add);
        vm.reload();
        vm.renameSelected("  Clips and eggs, by hand  ");
        assertThat(vm.selectedRunProperty().get().name()).isEqualTo("Clips and eggs, by hand");
        assertThat(vm.runs()).extracting(Run::name).containsExactly("Clips and eggs, by hand");

        RunId fresh = new RunId("fresh");
        vm.strategyProperty().set("self-refine");
        vm.openRun(fresh); // not listed yet: the wish waits for the next load
        assertThat(vm.selectedRunProperty().get().id()).isEqualTo(SampleLibrary.RUN);
        lib.addRun(new Run(fresh, "fresh", "d", "spoc", Map.of(), List.of(), Map.of(), new Sampling(0, 0, 1, 0, 0, 1), false,
                "t", null, Instant.EPOCH, RunStatus.RUNNING), List.of());
        vm.reload();
        assertThat(vm.selectedRunProperty().get().id()).isEqualTo(fresh);
        assertThat(vm.strategyProperty().get()).as("a strategy filter that hid it is cleared").isEqualTo(LibraryViewModel.ANY);
        assertThat(errors).isEmpty();
    }

    @Test
    void aClearedStrategyChoiceMeansAnyAndAReloadKeepsTheChoices() {
        LibraryViewModel vm = new LibraryViewModel(InMemoryLibrary.withSample(), new CurrentThreadTaskExecutor(), errors::add);
        vm.reload();
        vm.strategyProperty().set(null);
        assertThat(vm.runs()).hasSize(1);
        vm.strategyProperty().set("self-refine");
        vm.datasetProperty().set(SampleLibrary.DATASET);
        vm.reload();
        assertThat(vm.strategyProperty().get()).isEqualTo("self-refine");
        assertThat(vm.datasetProperty().get()).isEqualTo(SampleLibrary.DATASET);
        assertThat(vm.traces()).hasSize(SampleLibrary.traces().size());
    }

    @Test
    void longRunsLoadPageByPage() {
        InMemoryLibrary lib = new InMemoryLibrary();
        RunId id = new RunId("big");
        List<Trace> traces = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            traces.add(new Trace(id, ProblemId.of("d", "p" + i), TraceStatus.FINISHED, "1", i % 2 == 0, List.of()));
        }
        lib.addRun(new Run(id, "big", "d", "s", Map.of(), List.of(), Map.of(), new Sampling(0, 0, 1, 0, 0, 1), false,
                "t", null, Instant.EPOCH, RunStatus.FINISHED), traces);
        int[] pages = {0};
        LibraryService counting = new Delegate(lib) {
            @Override
            public Page<TraceSummary> traces(RunId run, TraceFilter filter, int offset, int limit) throws ServiceException {
                pages[0]++;
                return super.traces(run, filter, offset, limit);
            }
        };
        LibraryViewModel vm = new LibraryViewModel(counting, new CurrentThreadTaskExecutor(), errors::add);
        vm.reload();
        // the length at once, the first page read; nothing else until a row is looked at
        assertThat(vm.traces()).hasSize(2_500);
        assertThat(pages[0]).isEqualTo(2);
        assertThat(vm.traces().rowsInMemory()).isEqualTo(PagedTraces.PAGE);
        assertThat(vm.loadingProperty().get()).isFalse();
        assertThat(vm.traces().get(2_499).problem().value()).isEqualTo("d/p2499");
        assertThat(pages[0]).isEqualTo(3);
        assertThat(vm.traces().get(2_400).problem().value()).isEqualTo("d/p2400");
        assertThat(pages[0]).as("the same page again is not read again").isEqualTo(3);
        assertThat(vm.traces().rowsInMemory()).isEqualTo(PagedTraces.PAGE + 100);
    }

    @Test
    void aFailingStoreBecomesAMessage() {
        LibraryService broken = new Delegate(new InMemoryLibrary()) {
            @Override
            public List<Run> runs() throws ServiceException {
                throw new ServiceException("database is locked");
            }
        };
        LibraryViewModel vm = new LibraryViewModel(broken, new CurrentThreadTaskExecutor(), errors::add);
        vm.reload();
        assertThat(errors).containsExactly("Could not load the library: database is locked");
        assertThat(vm.loadingProperty().get()).isFalse();
    }

    @Test
    void describeListsTheFullConfiguration() {
        String text = LibraryViewModel.describe(SampleLibrary.run());
        assertThat(text).contains("strategy: self-refine").contains("max_turns = 3").contains("seed 1234")
                .contains("prompt system: ").contains("model student: " + SampleLibrary.MODEL);
    }

    @Test
    void problemSearchOnTheRealStoreTakesWordsAsTypedUnlessAdvanced(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(dir.resolve("e.db"))) {
            new DatasetStore(db).saveProblems("d", "problems", List.of(
                    Problem.of("d", "sub", "Compute 12-7 now.", "5"),
                    Problem.of("d", "dont", "Why don't you (x + 1) it?", "x"),
                    Problem.of("d", "colon", "The answer: 5 \"abc\".", "5")));
            LibraryViewModel vm = new LibraryViewModel(new StoreLibraryService(db), new CurrentThreadTaskExecutor(), errors::add);
            vm.reload();
            for (String[] typed : new String[][] {{"12-7", "sub"}, {"don't", "dont"}, {"answer: 5", "colon"}, {"\"abc", "colon"}, {"(x", "dont"}}) {
                vm.problemSearchProperty().set(typed[0]);
                assertThat(vm.problems()).as(typed[0]).extracting(Problem::key).containsExactly(typed[1]);
            }
            assertThat(errors).isEmpty();
            vm.problemSearchProperty().set("compute OR why");
            assertThat(vm.problems()).isEmpty();
            vm.advancedSearchProperty().set(true);
            assertThat(vm.problems()).extracting(Problem::key).containsExactlyInAnyOrder("sub", "dont");
            vm.problemSearchProperty().set("(x");
            assertThat(errors).singleElement().asString()
                    .startsWith("Could not search problems: the search '(x' is not valid FTS5 syntax").doesNotContain("\n");
        }
    }

    /** Forwards to another library; tests override single methods. */
    private static class Delegate implements LibraryService {
        private final LibraryService d;
        Delegate(LibraryService d) { this.d = d; }
        @Override public List<Dataset> datasets() throws ServiceException { return d.datasets(); }
        @Override public Page<Problem> problems(ProblemQuery q, int o, int l) throws ServiceException { return d.problems(q, o, l); }
        @Override public java.util.Optional<Problem> problem(ProblemId id) throws ServiceException { return d.problem(id); }
        @Override public List<Run> runs() throws ServiceException { return d.runs(); }
        @Override public Page<TraceSummary> traces(RunId run, TraceFilter filter, int offset, int limit) throws ServiceException {
            return d.traces(run, filter, offset, limit);
        }
        @Override public java.util.Optional<Trace> loadTrace(RunId run, ProblemId p) throws ServiceException { return d.loadTrace(run, p); }
        @Override public void renameRun(RunId run, String name) throws ServiceException { d.renameRun(run, name); }
    }
}
