package org.errata.app.services;

import org.errata.correction.metrics.TraceFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.errata.app.services.sample.TraceBuilder;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.AggregateKind;
import org.errata.correction.trace.Dataset;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verdict;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.FullTextQuery;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.trace.RunListing;
import org.errata.persistence.trace.RunSummary;
import org.errata.persistence.trace.TraceJson;
import org.errata.persistence.trace.TraceStore;
import org.errata.correction.metrics.TraceSummary;

/**
 * The library over the SQLite store. Trace rows, with their outcomes, filters, sort and search,
 * come from one query of the store; no tree is loaded to list them.
 */
public final class StoreLibraryService implements LibraryService {
    private final TraceStore traces;
    private final DatasetStore datasets;
    private final Database db;
    private final List<java.util.function.Consumer<RunId>> labelListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public StoreLibraryService(Database db) {
        this.traces = new TraceStore(db);
        this.datasets = new DatasetStore(db);
        this.db = db;
    }

    /** The database under the library. */
    public Database database() {
        return db;
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public void saveLabel(RunId run, ProblemId problem, HumanLabel label) throws ServiceException {
        try {
            traces.saveLabel(run, problem, label);
        } catch (PersistenceException e) {
            throw new ServiceException("could not save the label: " + e.getMessage(), e);
        }
        labelsChanged(run);
    }

    @Override
    public void deleteLabel(RunId run, ProblemId problem, NodeId parent, String annotator, String segmenter)
            throws ServiceException {
        try {
            traces.deleteLabel(run, problem, parent, annotator, segmenter);
        } catch (PersistenceException e) {
            throw new ServiceException("could not remove the label: " + e.getMessage(), e);
        }
        labelsChanged(run);
    }

    @Override
    public void addLabelListener(java.util.function.Consumer<RunId> listener) {
        labelListeners.add(java.util.Objects.requireNonNull(listener));
    }

    private void labelsChanged(RunId run) {
        for (var l : labelListeners) {
            try {
                l.accept(run);
            } catch (RuntimeException e) {
                // The label is stored; a failing listener must not make the save look failed. Logged here, once.
                System.getLogger(StoreLibraryService.class.getName()).log(System.Logger.Level.WARNING,
                        "a label listener failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public int addTypedProblem(String dataset, Problem problem) throws ServiceException {
        try {
            int offset = datasets.dataset(dataset).isPresent() ? datasets.problemCount(dataset) : 0;
            datasets.saveProblems(dataset, "typed", List.of(problem));
            return offset;
        } catch (PersistenceException e) {
            throw new ServiceException("could not save the typed problem: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Dataset> datasets() throws ServiceException {
        try {
            return datasets.datasets();
        } catch (PersistenceException e) {
            throw new ServiceException("could not list datasets: " + e.getMessage(), e);
        }
    }

    @Override
    public Page<Problem> problems(ProblemQuery query, int offset, int limit) throws ServiceException {
        try {
            if (!query.text().isEmpty()) {
                List<Problem> hits = search(new FullTextQuery(query.text(), query.advanced()), Math.max(offset + limit, limit));
                if (query.dataset() != null) hits = hits.stream().filter(p -> p.dataset().equals(query.dataset())).toList();
                return Page.of(hits, offset, limit);
            }
            if (query.dataset() != null) {
                int total = datasets.problemCount(query.dataset());
                return new Page<>(datasets.problems(query.dataset(), offset, limit), Math.min(offset, total), total);
            }
            List<Problem> all = new ArrayList<>();
            int total = 0;
            for (Dataset d : datasets.datasets()) {
                int n = datasets.problemCount(d.name());
                int from = Math.max(0, offset - total);
                if (all.size() < limit && from < n) all.addAll(datasets.problems(d.name(), from, limit - all.size()));
                total += n;
            }
            return new Page<>(all, Math.min(offset, total), total);
        } catch (PersistenceException e) {
            throw new ServiceException("could not search problems: " + e.getMessage(), e);
        }
    }

    /** The search's own message (it names the query) when it fails. */
    private List<Problem> search(FullTextQuery query, int limit) throws ServiceException {
        try {
            return datasets.searchProblems(query, limit);
        } catch (PersistenceException e) {
            throw new ServiceException(e.getMessage(), e);
        }
    }

    @Override
    public Optional<Problem> problem(ProblemId id) throws ServiceException {
        try {
            return datasets.problem(id);
        } catch (PersistenceException e) {
            throw new ServiceException("could not read problem " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Run> runs() throws ServiceException {
        try {
            List<Run> out = new ArrayList<>();
            for (RunSummary s : traces.runs()) traces.run(s.id()).ifPresent(out::add);
            return out;
        } catch (PersistenceException e) {
            throw new ServiceException("could not list runs: " + e.getMessage(), e);
        }
    }

    /** The keys of the last (run, filter) listed: later pages of the same listing are read by key. */
    private record Listing(RunId run, TraceFilter filter, TraceListing listing) {}

    private @org.jspecify.annotations.Nullable Listing last;

    /**
     * Rows in the filter's order. Offset 0 reads the keys of the whole listing; later pages of the
     * same run and filter read only their own rows by key.
     */
    @Override
    public synchronized Page<TraceSummary> traces(RunId run, TraceFilter filter, int offset, int limit) throws ServiceException {
        Listing l = last;
        if (offset == 0 || l == null || !l.run().equals(run) || !l.filter().equals(filter)) {
            l = new Listing(run, filter, listing(run, filter));
            last = l;
        }
        int total = l.listing().size();
        int from = Math.min(Math.max(offset, 0), total);
        return new Page<>(l.listing().rows(from, Math.min(total, from + Math.max(limit, 0))), from, total);
    }

    /**
     * The keys of every trace that passes the filter (one query over the run's trace rows, a few
     * bytes each), and rows read by key a stretch at a time.
     */
    @Override
    public TraceListing listing(RunId run, TraceFilter filter) throws ServiceException {
        long[] keys;
        try {
            RunListing held = filter.text().isEmpty() ? current(run) : null;
            keys = held != null ? held.keys(filter) : traces.traceKeys(run, filter);
        } catch (PersistenceException e) {
            throw new ServiceException("could not list the traces of run " + run + ": " + e.getMessage(), e);
        }
        return new TraceListing() {
            @Override public int size() { return keys.length; }
            @Override public List<TraceSummary> rows(int from, int to) throws ServiceException {
                if (from >= to) return List.of();
                try {
                    return traces.traceRows(run, java.util.Arrays.copyOfRange(keys, from, to));
                } catch (PersistenceException e) {
                    throw new ServiceException("could not read the traces of run " + run + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** The run's listing held in memory ({@link #prepareListing}), while nothing has changed the store's traces since it was read. */
    private @org.jspecify.annotations.Nullable RunListing current(RunId run) throws PersistenceException {
        RunListing held = heldListing;
        return held != null && held.run().equals(run) && held.version() == traces.listVersion() ? held : null;
    }

    /** Whether {@link #listing} answers the run's filters without text from memory now. */
    boolean answersFromMemory(RunId run) throws PersistenceException {
        return current(run) != null;
    }

    private volatile @org.jspecify.annotations.Nullable RunListing heldListing;
    /** When the held listing was last read ({@link System#nanoTime}). */
    private volatile long heldAt;

    /**
     * Reads the run's listing into memory, so that its filters and orders without text are answered
     * without a query until the store's traces change. A run whose traces changed within the last
     * ten seconds since its listing was read (a run being written) is not read again yet.
     */
    @Override
    public void prepareListing(RunId run) throws ServiceException {
        try {
            RunListing held = heldListing;
            if (held != null && held.run().equals(run)) {
                if (held.version() == traces.listVersion() || System.nanoTime() - heldAt < 10_000_000_000L) return;
            }
            heldListing = traces.runListing(run);
            heldAt = System.nanoTime();
        } catch (PersistenceException e) {
            throw new ServiceException("could not read the traces of run " + run + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void renameRun(RunId run, String name) throws ServiceException {
        try {
            traces.renameRun(run, name);
        } catch (PersistenceException e) {
            throw new ServiceException("could not rename run " + run + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Trace> loadTrace(RunId run, ProblemId problem) throws ServiceException {
        try {
            return traces.trace(run, problem);
        } catch (PersistenceException e) {
            throw new ServiceException("could not load the trace of " + problem + ": " + e.getMessage(), e);
        }
    }

    /**
     * Round-trips a tree with every kind of node through the store's JSON, so that a tree of any
     * kinds finds its readers built (a tree's first read builds those of its kinds: 90-150 ms on 2
     * cores for the first tree, 2-5 ms for later ones).
     */
    @Override
    public void warmUp() throws ServiceException {
        TraceBuilder b = new TraceBuilder(new RunId("warm-up"), ProblemId.of("warm-up", "0"), "warm-up");
        var a1 = b.attempt(null, 1, "p", "We add 1 and 1.\nSo the answer is 3.", "3", false, true);
        var v = b.verify(a1, "Step 2 is wrong. No", Verdict.INCORRECT, 0.1, 1);
        var c = b.correct(b.locate(v, 1, "1 + 1 is 2", "calculation"), "Redo the sum.", null);
        var a2 = b.attempt(c.id(), 2, "p", "We add 1 and 1.\nSo the answer is 2.", "2", true, false);
        b.label(a2, "warm-up", -1, List.of(1, 1), "none");
        List<TraceNode> nodes = new java.util.ArrayList<>(b.finish("2", true).nodes());
        nodes.add(new Aggregate(new NodeId("warm-up#aggregate"), null, nodes.size(), AggregateKind.VOTE,
                List.of(a1.id(), a2.id()), "2", a2.id(), true, java.util.Map.of(), "2 of 2"));
        try {
            TraceJson.warmUp(nodes);
        } catch (java.io.IOException e) {
            throw new ServiceException("could not read a tree back: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Trace> runTraces(RunId run) throws ServiceException {
        try {
            return traces.traces(run);
        } catch (PersistenceException e) {
            throw new ServiceException("could not load the traces of run " + run + ": " + e.getMessage(), e);
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
