package org.errata.app.services;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.engine.LoopEvent.RunOutcome;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.engine.ModelRole;
import org.errata.correction.engine.StrategyRegistry;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.recipe.RecipeException;
import org.errata.correction.trace.RunId;
import org.errata.runtime.api.Cancellation;

/**
 * Runs through the engine and the store ({@link RunLauncher}): {@link #start} prepares the run
 * (opening the model, which may take a while: call it off the UI thread), then decodes on its
 * own thread. Every event is written to the store and also handed to the listener.
 */
public final class EngineRunService implements RunService {
    private final RunLauncher launcher;
    private final RecipeLibrary recipes;

    public EngineRunService(RunLauncher launcher) {
        this(launcher, RecipeLibrary.standard());
    }

    public EngineRunService(RunLauncher launcher, RecipeLibrary recipes) {
        this.launcher = launcher;
        this.recipes = recipes;
    }

    @Override
    public Recipe recipe(String strategy) throws RecipeException {
        return recipes.forStrategy(strategy);
    }

    @Override
    public Optional<String> problemText(String dataset, int index) throws ServiceException {
        return launcher.problems(dataset, index, 1, null).stream().findFirst().map(p -> p.text());
    }

    /**
     * The plan for a new run: the request's recipe (else the strategy's) with only the knobs the
     * user set, the student's model and the models of the roles the user gave one; one problem
     * decodes at a time.
     */
    public RunPlan plan(RunRequest request) throws ServiceException {
        Recipe recipe;
        try {
            recipe = recipes.base(request.recipe(), request.strategy()).withAll(request.knobs());
        } catch (RecipeException | IllegalArgumentException e) {
            throw new ServiceException(e.getMessage(), e);
        }
        Map<ModelRole, String> models = new EnumMap<>(ModelRole.class);
        models.put(ModelRole.STUDENT, spec(request.model()));
        request.roleModels().forEach((role, source) -> models.put(role, spec(source)));
        return new RunPlan(request.dataset(), recipe, models, 1, request.offset(), request.limit(), null, null);
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
            prepared = launcher.prepare(plan(request));
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
