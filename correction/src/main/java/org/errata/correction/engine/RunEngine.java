package org.errata.correction.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.errata.correction.engine.LoopEvent.RunOutcome;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.TraceStatus;
import org.errata.runtime.api.Cancellation;

/**
 * Runs a strategy over a list of problems. Emits {@link LoopEvent.RunStarted}; then, for each
 * problem not already finished, {@link LoopEvent.TraceStarted}, the nodes, and
 * {@link LoopEvent.TraceFinished}; then {@link LoopEvent.RunEnded}. Up to {@code concurrency}
 * problems decode at once on a pool of worker threads, so a batching backend sees their calls
 * together. Cancelling stops every in-flight call; the problems that did not finish get no
 * TraceFinished and are redone on resume. A failed problem does not stop the run, but the run
 * then ends {@link RunOutcome#FAILED} (resumable: a resume retries the failed problems).
 * <p>
 * The listener is called from the workers but never concurrently (calls are serialised), and a
 * listener that throws is logged and otherwise ignored.
 */
public final class RunEngine {

    private static final System.Logger LOG = System.getLogger(RunEngine.class.getName());
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Strategy strategy;
    private final ModelSet models;
    private final RunOptions options;
    private final Map<ProblemId, Trace> given;

    public RunEngine(Strategy strategy, ModelSet models, RunOptions options) {
        this(strategy, models, options, Map.of());
    }

    /**
     * A run over given solutions: each problem's session sees its trace from {@code given} (the
     * solutions of another run, such as an imported ProcessBench set) and a strategy that
     * {@linkplain Strategy#judgesGivenSolutions() judges given solutions} judges those instead of
     * writing its own.
     *
     * @throws IllegalArgumentException when solutions are given to a strategy that cannot judge them
     */
    public RunEngine(Strategy strategy, ModelSet models, RunOptions options, Map<ProblemId, Trace> given) {
        this.strategy = Objects.requireNonNull(strategy);
        this.models = Objects.requireNonNull(models);
        this.options = Objects.requireNonNull(options);
        this.given = Map.copyOf(given);
        if (!given.isEmpty() && !strategy.judgesGivenSolutions()) {
            throw new IllegalArgumentException("strategy " + strategy.id() + " cannot judge given solutions");
        }
    }

    /** How a run ended and each decoded problem's outcome, in problem order. */
    public record RunSummary(RunOutcome outcome, Map<ProblemId, LoopOutcome> outcomes, int skipped) {
        public RunSummary {
            outcomes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        }
    }

    /**
     * Decodes {@code problems} except those in {@code finished} (a resumed run's done ones).
     * Blocks until every problem has ended or the run is cancelled. Interrupting the calling
     * thread cancels the run.
     */
    public RunSummary run(Run run, List<Problem> problems, Set<ProblemId> finished, LoopListener listener,
                          Cancellation cancellation) {
        Consumer<LoopEvent> emit = safe(listener);
        emit.accept(new LoopEvent.RunStarted(run.withStatus(RunStatus.RUNNING)));
        Set<ProblemId> seen = new LinkedHashSet<>();
        List<Problem> todo = new ArrayList<>();
        for (Problem p : problems) {
            if (!finished.contains(p.id()) && seen.add(p.id())) todo.add(p);
        }
        int skipped = problems.size() - todo.size();
        Map<ProblemId, LoopOutcome> outcomes = new LinkedHashMap<>();
        int threads = Math.max(1, Math.min(options.concurrency(), todo.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        boolean interrupted = false;
        try {
            List<Future<LoopOutcome>> futures = new ArrayList<>(todo.size());
            for (Problem p : todo) futures.add(pool.submit(() -> runOne(run, p, emit, cancellation)));
            for (int i = 0; i < todo.size(); i++) {
                LoopOutcome outcome;
                while (true) {
                    try {
                        outcome = futures.get(i).get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                        cancellation.cancel();
                    } catch (ExecutionException e) {
                        LOG.log(System.Logger.Level.ERROR, "problem " + todo.get(i).id() + " crashed", e.getCause());
                        outcome = new LoopOutcome.Failed("crashed: " + e.getCause(), null, null);
                        break;
                    }
                }
                outcomes.put(todo.get(i).id(), outcome);
            }
        } finally {
            pool.shutdownNow();
            if (interrupted) Thread.currentThread().interrupt();
        }
        long failed = outcomes.values().stream().filter(o -> o instanceof LoopOutcome.Failed).count();
        // A run with failed problems is not finished: they are retried on resume.
        RunOutcome end = cancellation.isCancelled() ? RunOutcome.CANCELLED
                : failed > 0 ? RunOutcome.FAILED : RunOutcome.FINISHED;
        long done = outcomes.values().stream().filter(o -> o.traceStatus().isPresent()).count();
        emit.accept(new LoopEvent.RunEnded(run.id(), end,
                done + " of " + todo.size() + " problems finished, " + failed + " failed, " + skipped + " skipped"));
        return new RunSummary(end, outcomes, skipped);
    }

    /** Decodes one problem (on the calling thread); emits TraceStarted ... TraceFinished. */
    public LoopOutcome runOne(Run run, Problem problem, LoopListener listener, Cancellation cancellation) {
        return runOne(run, problem, safe(listener), cancellation);
    }

    private LoopOutcome runOne(Run run, Problem problem, Consumer<LoopEvent> emit, Cancellation cancellation) {
        if (cancellation.isCancelled()) return new LoopOutcome.Cancelled();
        emit.accept(new LoopEvent.TraceStarted(run.id(), problem.id()));
        Deadline deadline = Deadline.after(options.timeout());
        ModelCalls calls = new StreamingModelCalls(run.id(), problem.id(), models, options.sampling(), emit,
                cancellation, deadline, options.parsing().profile());
        ProblemSession session = new ProblemSession(run.id(), problem, strategy, options, calls, emit, cancellation,
                deadline, given.get(problem.id()));
        LoopOutcome outcome = session.run(strategy);
        if (outcome instanceof LoopOutcome.Failed f) {
            LOG.log(System.Logger.Level.WARNING, "run " + run.id() + ": problem " + problem.id() + " failed: " + f.error());
        }
        outcome.traceStatus().ifPresent((TraceStatus status) -> emit.accept(new LoopEvent.TraceFinished(
                run.id(), problem.id(), status, outcome.finalAnswer(), outcome.correct())));
        return outcome;
    }

    private static Consumer<LoopEvent> safe(LoopListener listener) {
        Object lock = new Object();
        return event -> {
            synchronized (lock) {
                try {
                    listener.on(event);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a run listener failed on " + event.getClass().getSimpleName()
                            + "; the run goes on", e);
                }
            }
        };
    }

    private static ThreadFactory daemonThreads() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "errata-run-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
