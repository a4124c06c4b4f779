package org.errata.app.services;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.engine.LoopEvent.RunOutcome;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.engine.ModelRole;
import org.errata.correction.engine.RunOptions;
import org.errata.correction.engine.StrategyParams;
import org.errata.correction.engine.StrategyRegistry;
import org.errata.correction.trace.RunId;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.SamplingConfig;

/**
 * Runs through the engine and the store ({@link RunLauncher}): {@link #start} prepares the run
 * (opening the model, which may take a while: call it off the UI thread), then decodes on its
 * own thread. Every event is written to the store and also handed to the listener.
 */
public final class EngineRunService implements RunService {
    private final RunLauncher launcher;

    public EngineRunService(RunLauncher launcher) {
        this.launcher = launcher;
    }

    @Override
    public List<String> strategies() {
        return StrategyRegistry.ids();
    }

    @Override
    public boolean usesGold(String strategy) {
        return StrategyRegistry.usesGold(strategy);
    }

    /** The model spec RunLauncher understands: {@code demo}, a folder, or {@code URL#model}. */
    static String spec(ModelSource source) {
        return switch (source) {
            case ModelSource.BundledDemo d -> ModelSpecs.DEMO;
            case ModelSource.LocalFolder f -> f.folder().toString();
            case ModelSource.OpenAiServer s -> s.model().isBlank() ? s.baseUrl().toString() : s.baseUrl() + "#" + s.model();
        };
    }

    @Override
    public RunHandle start(RunRequest request, LoopListener listener) throws ServiceException {
        RunLauncher.Prepared prepared;
        if (request.resume() != null) {
            prepared = launcher.prepareResume(request.resume(), spec(request.model()));
        } else {
            StrategyParams params = StrategyRegistry.defaults(request.strategy())
                    .orElseThrow(() -> new ServiceException("unknown strategy '" + request.strategy() + "'"));
            if (request.knobs().get("max_turns") instanceof Number n) params = params.withMaxTurns(n.intValue());
            if (request.knobs().get("samples") instanceof Number n) params = params.withSamples(n.intValue());
            var s = request.sampling();
            RunOptions options = RunOptions.defaults()
                    .withSampling(new SamplingConfig(s.temperature(), s.topK(), s.topP(), s.minP(), s.seed()))
                    .withMaxTokensPerCall(s.maxTokensPerCall());
            RunPlan plan = new RunPlan(request.dataset(), request.strategy(), Map.of(ModelRole.STUDENT, spec(request.model())),
                    params, options, request.offset(), request.limit(), null, null);
            prepared = launcher.prepare(plan);
        }
        return new EngineHandle(prepared, listener);
    }

    private final class EngineHandle implements RunHandle {
        private final RunLauncher.Prepared prepared;
        private final Cancellation cancellation = new Cancellation();
        private final CompletableFuture<RunOutcome> outcome = new CompletableFuture<>();

        EngineHandle(RunLauncher.Prepared prepared, LoopListener listener) {
            this.prepared = prepared;
            Thread t = new Thread(() -> execute(listener), "errata-run-" + prepared.run().id());
            t.setDaemon(true);
            t.start();
        }

        private void execute(LoopListener listener) {
            try (RunLauncher.Prepared p = prepared) {
                outcome.complete(launcher.execute(p, listener, cancellation).outcome());
            } catch (ServiceException | RuntimeException e) {
                listener.on(new LoopEvent.RunEnded(prepared.run().id(), RunOutcome.FAILED, e.getMessage()));
                outcome.complete(RunOutcome.FAILED);
            }
        }

        @Override public RunId run() { return prepared.run().id(); }
        @Override public int problems() { return prepared.remaining(); }
        @Override public void cancel() { cancellation.cancel(); }
        @Override public CompletionStage<RunOutcome> outcome() { return outcome; }
    }
}
