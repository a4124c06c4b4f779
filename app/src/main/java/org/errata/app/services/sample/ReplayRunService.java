package org.errata.app.services.sample;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errata.app.services.LibraryService;
import org.errata.app.services.ModelSource;
import org.errata.app.services.Page;
import org.errata.app.services.ProblemQuery;
import org.errata.app.services.RunHandle;
import org.errata.app.services.RunRequest;
import org.errata.app.services.RunService;
import org.errata.app.services.ServiceException;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.engine.LoopEvent.RunOutcome;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verification;

/**
 * Replays the recorded traces of a source run as a new run, streaming each attempt and verifier
 * text word by word at {@code tokensPerSecond} (0: as fast as possible). It stands in for the
 * engine when no model can run, and drives the live view in demos. Only the bundled demo model
 * can be "run" this way: other model sources need the engine.
 */
public final class ReplayRunService implements RunService {
    private static final Pattern TOKEN = Pattern.compile("\\s*\\S+|\\s+");

    private final LibraryService library;
    private final RunId source;
    private final double tokensPerSecond;
    private final Clock clock;

    public ReplayRunService(LibraryService library, RunId source, double tokensPerSecond, Clock clock) {
        this.library = library;
        this.source = source;
        this.tokensPerSecond = tokensPerSecond;
        this.clock = clock;
    }

    @Override
    public List<String> strategies() {
        return List.of("self-refine");
    }

    @Override
    public boolean usesGold(String strategy) {
        return false;
    }

    @Override
    public RunHandle start(RunRequest request, LoopListener listener) throws ServiceException {
        if (!(request.model() instanceof ModelSource.BundledDemo)) {
            throw new ServiceException("Only the bundled demo model can run in this build; "
                    + request.model().describe() + " needs the model runtime.");
        }
        Run template = library.runs().stream().filter(r -> r.id().equals(source)).findFirst()
                .orElseThrow(() -> new ServiceException("No recorded run " + source + " to replay."));
        Page<Problem> page = library.problems(new ProblemQuery(request.dataset(), ""), request.offset(), request.limit());
        Map<Problem, Trace> plan = new LinkedHashMap<>();
        for (Problem p : page.items()) {
            Optional<Trace> t = library.loadTrace(source, p.id());
            t.ifPresent(trace -> plan.put(p, trace));
        }
        if (plan.isEmpty()) {
            throw new ServiceException("The demo model has no recording for problems of dataset " + request.dataset() + ".");
        }
        RunId id = request.resume() != null ? request.resume() : RunId.random();
        Map<String, Object> params = new LinkedHashMap<>(template.parameters());
        params.putAll(request.knobs());
        Run run = new Run(id, template.strategy() + " on " + request.dataset() + " (replay of the recorded sample)",
                request.dataset(), template.strategy(), params, template.models(), template.prompts(), template.sampling(), false,
                template.erratVersion(), null, clock.instant(), RunStatus.RUNNING);
        Replay replay = new Replay(run, new ArrayList<>(plan.values()), listener);
        Thread t = new Thread(replay::play, "errata-replay-" + id);
        t.setDaemon(true);
        t.start();
        return replay;
    }

    private final class Replay implements RunHandle {
        private final Run run;
        private final List<Trace> traces;
        private final LoopListener listener;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final CompletableFuture<RunOutcome> outcome = new CompletableFuture<>();

        Replay(Run run, List<Trace> traces, LoopListener listener) {
            this.run = run;
            this.traces = traces;
            this.listener = listener;
        }

        @Override public RunId run() { return run.id(); }
        @Override public int problems() { return traces.size(); }
        @Override public void cancel() { cancelled.set(true); }
        @Override public CompletionStage<RunOutcome> outcome() { return outcome; }

        void play() {
            try {
                listener.on(new LoopEvent.RunStarted(run));
                for (Trace t : traces) {
                    if (cancelled.get()) break;
                    listener.on(new LoopEvent.TraceStarted(run.id(), t.problem()));
                    boolean complete = true;
                    for (TraceNode recorded : t.nodes()) {
                        TraceNode n = NodeIds.prefixed(recorded, run.id().value() + ":");
                        if (!stream(t, n)) { complete = false; break; }
                        listener.on(new LoopEvent.NodeAdded(run.id(), t.problem(), n));
                    }
                    if (!complete) break;
                    listener.on(new LoopEvent.TraceFinished(run.id(), t.problem(), t.status(), t.finalAnswer(), t.correct()));
                }
                RunOutcome o = cancelled.get() ? RunOutcome.CANCELLED : RunOutcome.FINISHED;
                listener.on(new LoopEvent.RunEnded(run.id(), o, null));
                outcome.complete(o);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                listener.on(new LoopEvent.RunEnded(run.id(), RunOutcome.CANCELLED, "interrupted"));
                outcome.complete(RunOutcome.CANCELLED);
            } catch (RuntimeException e) {
                listener.on(new LoopEvent.RunEnded(run.id(), RunOutcome.FAILED, e.toString()));
                outcome.completeExceptionally(e);
            }
        }

        /** Streams a text node token by token; false when cancelled on the way. */
        private boolean stream(Trace t, TraceNode n) throws InterruptedException {
            String text;
            String kind;
            String label;
            switch (n) {
                case Attempt a -> { text = a.text(); kind = "attempt"; label = "Attempt " + a.turn(); }
                case Verification v -> { text = v.rawText(); kind = "verification"; label = "Verification"; }
                default -> { return !cancelled.get(); }
            }
            listener.on(new LoopEvent.NodeStarted(run.id(), t.problem(), n.id(), n.parent(), kind, label));
            Matcher m = TOKEN.matcher(text);
            long pauseNanos = tokensPerSecond > 0 ? (long) (1e9 / tokensPerSecond) : 0;
            while (m.find()) {
                if (cancelled.get()) return false;
                listener.on(new LoopEvent.TokenDelta(run.id(), t.problem(), n.id(), m.group()));
                if (pauseNanos > 0) Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
            }
            return true;
        }
    }
}
