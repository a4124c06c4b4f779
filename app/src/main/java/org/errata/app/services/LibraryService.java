package org.errata.app.services;

import org.errata.correction.metrics.TraceFilter;
import java.util.List;
import java.util.Optional;
import org.errata.correction.trace.Dataset;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.metrics.TraceSummary;

/**
 * Reads the library: datasets and their problems, runs with their full configuration, and the
 * traces of a run. Every method may block (a database query): call it off the FX thread.
 */
public interface LibraryService {

    List<Dataset> datasets() throws ServiceException;

    /** Problems matching the query, in dataset order, one page. */
    Page<Problem> problems(ProblemQuery query, int offset, int limit) throws ServiceException;

    Optional<Problem> problem(ProblemId id) throws ServiceException;

    /** All runs, newest first. */
    List<Run> runs() throws ServiceException;

    /** Gives a run a new name. */
    void renameRun(RunId run, String name) throws ServiceException;

    /** Summaries of a run's traces that pass the filter, in problem order, one page. */
    Page<TraceSummary> traces(RunId run, TraceFilter filter, int offset, int limit) throws ServiceException;

    /**
     * The run's traces that pass the filter, as a listing whose rows are read a stretch at a time.
     * The default asks {@link #traces} for the total and then for each stretch; a store answers
     * with the traces' keys only.
     */
    default TraceListing listing(RunId run, TraceFilter filter) throws ServiceException {
        int total = traces(run, filter, 0, 0).total();
        return new TraceListing() {
            @Override public int size() { return total; }
            @Override public List<TraceSummary> rows(int from, int to) throws ServiceException {
                return traces(run, filter, from, Math.max(0, to - from)).items();
            }
        };
    }

    /**
     * Readies {@link #listing} to answer the run's filters and orders quickly (a store holds the
     * run's outcomes in memory); called off the UI thread once the run's rows are shown. The
     * default does nothing.
     */
    default void prepareListing(RunId run) throws ServiceException {
    }

    /** The full tree of one (run, problem), if the run has one. */
    Optional<Trace> loadTrace(RunId run, ProblemId problem) throws ServiceException;

    /** Readies reading trees with every kind of node, ahead of the first such tree. The default does nothing. */
    default void warmUp() throws ServiceException {
    }

    /** Every tree of a run, for metrics. The default loads them one by one; stores do it in one query. */
    default List<Trace> runTraces(RunId run) throws ServiceException {
        List<Trace> out = new java.util.ArrayList<>();
        int offset = 0;
        while (true) {
            Page<TraceSummary> page = traces(run, TraceFilter.ALL, offset, 1000);
            for (TraceSummary s : page.items()) loadTrace(run, s.problem()).ifPresent(out::add);
            offset += page.items().size();
            if (!page.hasMore() || page.items().isEmpty()) return out;
        }
    }

    /**
     * The traces of one problem across every run that has it, newest run first. The default asks each run
     * (runs are few, a trace is one query); a store may do it in one query.
     */
    default List<TraceSummary> tracesOf(Problem problem) throws ServiceException {
        List<TraceSummary> out = new java.util.ArrayList<>();
        for (Run r : runs()) loadTrace(r.id(), problem.id()).ifPresent(t -> out.add(TraceSummary.of(t, problem.text())));
        return out;
    }

    /** Where a problem stands in its dataset's order (the offset a run of that one problem starts at), or -1. */
    default int indexOf(Problem problem) throws ServiceException {
        int offset = 0;
        while (true) {
            Page<Problem> page = problems(new ProblemQuery(problem.dataset(), ""), offset, 1000);
            for (int i = 0; i < page.items().size(); i++) {
                if (page.items().get(i).id().equals(problem.id())) return offset + i;
            }
            offset += page.items().size();
            if (!page.hasMore() || page.items().isEmpty()) return -1;
        }
    }

    // ---- the workbench's own writes: labels, and problems typed in presentation -------------------

    /** Whether labels and typed problems can be saved (a database is open, not the built-in sample). */
    default boolean writable() {
        return false;
    }

    /** Saves {@code label}, replacing the same annotator's label on that node and segmenter. */
    default void saveLabel(RunId run, ProblemId problem, HumanLabel label) throws ServiceException {
        throw new ServiceException(READ_ONLY);
    }

    /** Removes the annotator's label on that node and segmenter, if there is one. */
    default void deleteLabel(RunId run, ProblemId problem, NodeId parent, String annotator, String segmenter)
            throws ServiceException {
        throw new ServiceException(READ_ONLY);
    }

    /**
     * Appends a typed problem to {@code dataset} (made when missing) and returns its position
     * there: the offset a run of just that problem starts at.
     */
    default int addTypedProblem(String dataset, Problem problem) throws ServiceException {
        throw new ServiceException(READ_ONLY);
    }

    /**
     * Calls {@code listener} with the run whose labels changed through this library (a label saved
     * or removed), on the thread that wrote it, once the write is committed. Views that show
     * figures over labels refresh from it; a library that cannot write labels never calls it.
     */
    default void addLabelListener(java.util.function.Consumer<RunId> listener) {}

    /** Why a write is refused where there is no database. */
    String READ_ONLY = "This needs the database; this window shows the built-in sample only.";
}
