package org.errata.correction.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.jspecify.annotations.Nullable;

/**
 * A listener that folds a run's events into {@link Trace}s in memory (for tests, the CLI and
 * previews) and keeps every event it saw. A TraceStarted voids what an earlier attempt at the
 * same problem left, as the store does. Thread-safe.
 */
public final class TraceCollector implements LoopListener {

    private final List<LoopEvent> events = new ArrayList<>();
    private final Map<ProblemId, List<TraceNode>> nodes = new LinkedHashMap<>();
    private final Map<ProblemId, LoopEvent.TraceFinished> finished = new LinkedHashMap<>();
    private @Nullable RunId run;

    @Override
    public synchronized void on(LoopEvent event) {
        events.add(event);
        switch (event) {
            case LoopEvent.RunStarted e -> run = e.run();
            case LoopEvent.TraceStarted e -> {
                nodes.put(e.problem(), new ArrayList<>());
                finished.remove(e.problem());
            }
            case LoopEvent.NodeAdded e -> nodes.computeIfAbsent(e.problem(), k -> new ArrayList<>()).add(e.node());
            case LoopEvent.TraceFinished e -> finished.put(e.problem(), e);
            case LoopEvent.NodeStarted e -> { }
            case LoopEvent.TokenDelta e -> { }
            case LoopEvent.RunEnded e -> { }
        }
    }

    public synchronized List<LoopEvent> events() {
        return List.copyOf(events);
    }

    /** Events of one type, in order. */
    public synchronized <T extends LoopEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The finished problems, in the order they finished. */
    public synchronized List<ProblemId> finishedProblems() {
        return List.copyOf(finished.keySet());
    }

    /** The tree of a problem: finished (with its status and answer) or, if not, RUNNING so far. */
    public synchronized Optional<Trace> trace(ProblemId problem) {
        List<TraceNode> list = nodes.get(problem);
        if (list == null || run == null) return Optional.empty();
        LoopEvent.TraceFinished f = finished.get(problem);
        return Optional.of(f == null
                ? new Trace(run, problem, TraceStatus.RUNNING, null, null, list)
                : new Trace(run, problem, f.status(), f.finalAnswer(), f.correct(), list));
    }
}
