package org.errata.app.services.sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.errata.app.services.LibraryService;
import org.errata.app.services.Page;
import org.errata.app.services.ProblemQuery;
import org.errata.correction.metrics.TraceFilter;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.trace.Dataset;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.metrics.TraceSummary;

/**
 * A library kept in memory: what the workbench shows when no database is open, and a
 * {@link LoopListener} that records the runs started in this session. Thread-safe.
 */
public final class InMemoryLibrary implements LibraryService, LoopListener {

    private final Map<String, Dataset> datasets = new LinkedHashMap<>();
    private final Map<ProblemId, Problem> problems = new LinkedHashMap<>();
    private final Map<RunId, Run> runs = new LinkedHashMap<>();
    private final Map<RunId, Map<ProblemId, Trace>> traces = new LinkedHashMap<>();
    private final Map<RunId, Map<ProblemId, List<TraceNode>>> pending = new LinkedHashMap<>();

    /** The built-in sample: one dataset, one run, its traces. */
    public static InMemoryLibrary withSample() {
        InMemoryLibrary lib = new InMemoryLibrary();
        lib.addDataset(SampleLibrary.dataset(), SampleLibrary.problems());
        lib.addRun(SampleLibrary.run(), SampleLibrary.traces());
        return lib;
    }

    public synchronized void addDataset(Dataset dataset, List<Problem> ps) {
        datasets.put(dataset.name(), dataset);
        for (Problem p : ps) problems.put(p.id(), p);
    }

    public synchronized void addRun(Run run, List<Trace> ts) {
        runs.put(run.id(), run);
        Map<ProblemId, Trace> byProblem = traces.computeIfAbsent(run.id(), r -> new LinkedHashMap<>());
        for (Trace t : ts) byProblem.put(t.problem(), t);
    }

    @Override
    public synchronized List<Dataset> datasets() {
        return List.copyOf(datasets.values());
    }

    @Override
    public synchronized Page<Problem> problems(ProblemQuery query, int offset, int limit) {
        String needle = query.text().toLowerCase(Locale.ROOT);
        List<Problem> hits = problems.values().stream()
                .filter(p -> query.dataset() == null || p.dataset().equals(query.dataset()))
                .filter(p -> needle.isEmpty() || p.text().toLowerCase(Locale.ROOT).contains(needle)
                        || p.key().toLowerCase(Locale.ROOT).contains(needle))
                .toList();
        return Page.of(hits, offset, limit);
    }

    @Override
    public synchronized Optional<Problem> problem(ProblemId id) {
        return Optional.ofNullable(problems.get(id));
    }

    @Override
    public synchronized List<Run> runs() {
        List<Run> all = new ArrayList<>(runs.values());
        all.sort(Comparator.comparing(Run::createdAt).reversed());
        return all;
    }

    @Override
    public synchronized Page<TraceSummary> traces(RunId run, TraceFilter filter, int offset, int limit) {
        List<TraceSummary> hits = traces.getOrDefault(run, Map.of()).values().stream()
                .filter(t -> filter.accepts(TraceSummary.of(t, problemText(t.problem())),
                        t.attempts().stream().map(org.errata.correction.trace.Attempt::text).toList()))
                .map(t -> TraceSummary.of(t, problemText(t.problem())))
                .sorted(filter.order())
                .toList();
        return Page.of(hits, offset, limit);
    }

    private String problemText(ProblemId id) {
        Problem p = problems.get(id);
        return p == null ? id.value() : p.text();
    }

    @Override
    public synchronized void renameRun(RunId run, String name) throws org.errata.app.services.ServiceException {
        Run r = runs.get(run);
        if (r == null) throw new org.errata.app.services.ServiceException("no run " + run);
        if (name.isBlank()) throw new org.errata.app.services.ServiceException("a run's name cannot be blank");
        runs.put(run, r.withName(name.strip()));
    }

    @Override
    public synchronized Optional<Trace> loadTrace(RunId run, ProblemId problem) {
        return Optional.ofNullable(traces.getOrDefault(run, Map.of()).get(problem));
    }

    /** Records a run's events as the store would: finished trees become traces of the run. */
    @Override
    public synchronized void on(LoopEvent event) {
        switch (event) {
            case LoopEvent.RunStarted s -> {
                runs.put(s.run(), s.record());
                traces.computeIfAbsent(s.run(), r -> new LinkedHashMap<>());
            }
            case LoopEvent.TraceStarted s ->
                    pending.computeIfAbsent(s.run(), r -> new LinkedHashMap<>()).put(s.problem(), new ArrayList<>());
            case LoopEvent.NodeAdded a ->
                    pending.computeIfAbsent(a.run(), r -> new LinkedHashMap<>())
                            .computeIfAbsent(a.problem(), p -> new ArrayList<>()).add(a.node());
            case LoopEvent.TraceFinished f -> {
                List<TraceNode> nodes = pending.getOrDefault(f.run(), Map.of()).getOrDefault(f.problem(), List.of());
                traces.computeIfAbsent(f.run(), r -> new LinkedHashMap<>())
                        .put(f.problem(), new Trace(f.run(), f.problem(), f.status(), f.finalAnswer(), f.correct(), nodes));
                pending.getOrDefault(f.run(), new LinkedHashMap<>()).remove(f.problem());
            }
            case LoopEvent.RunEnded e -> {
                Run r = runs.get(e.run());
                if (r != null) {
                    runs.put(e.run(), r.withStatus(e.outcome() == LoopEvent.RunOutcome.FINISHED
                            ? RunStatus.FINISHED : RunStatus.STOPPED));
                }
            }
            case LoopEvent.NodeStarted n -> { /* previews are not stored */ }
            case LoopEvent.TokenDelta d -> { /* previews are not stored */ }
        }
    }
}
