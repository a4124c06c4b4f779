package org.errata.app.services;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.errata.app.Version;
import org.errata.assets.AssetException;
import org.errata.assets.Assets;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.engine.ModelRole;
import org.errata.correction.engine.ModelSet;
import org.errata.correction.engine.RunEngine;
import org.errata.correction.engine.RunOptions;
import org.errata.correction.engine.RunRecords;
import org.errata.correction.engine.Strategy;
import org.errata.correction.engine.Knob;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.recipe.RecipeException;
import org.errata.correction.recipe.RecipeFiles;
import org.errata.correction.recipe.Recipes;
import org.errata.correction.trace.ModelRef;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Sampling;
import org.errata.correction.trace.Trace;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.io.ImportOptions;
import org.errata.persistence.io.Importer;
import org.errata.persistence.trace.RunLease;
import org.errata.persistence.trace.TraceStore;
import org.errata.persistence.trace.TraceWriter;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.ModelLoadException;
import org.errata.runtime.api.RuntimeOptions;
import org.jspecify.annotations.Nullable;

/**
 * Prepares and executes runs against one database: a new run from a {@link RunPlan} (its recipe
 * is stored with the run), or the resumption of a stopped or killed one from its stored record
 * (the stored recipe and models). Every event goes to the store's {@link TraceWriter}; a killed
 * run leaves only whole batches behind, and a resume redoes exactly the unfinished problems.
 */
public final class RunLauncher {

    private final Database db;
    private final RuntimeOptions machine;

    /**
     * {@code machine}: where and with how many threads embedded models run on this machine; how
     * they decode (CopySpec) is the recipe's ({@link Recipe#runtimeOptions}), never this.
     */
    public RunLauncher(Database db, RuntimeOptions machine) {
        this.db = db;
        this.machine = machine;
    }

    /**
     * A run ready to execute; owns its open models and the run's lease (this process is its one
     * writer). {@code runtime}: how its embedded models were opened (the machine's device and
     * threads, the recipe's decoding knobs). {@code given} holds, for a run over another run's
     * solutions, each problem's trace there (empty otherwise).
     */
    public record Prepared(Run run, List<Problem> problems, Set<ProblemId> finished, Strategy strategy,
                           ModelSet models, RunOptions options, RuntimeOptions runtime, List<LanguageModel> opened,
                           RunLease lease, Map<ProblemId, Trace> given)
            implements AutoCloseable {
        public Prepared {
            given = Map.copyOf(given);
        }

        public int remaining() {
            return (int) problems.stream().filter(p -> !finished.contains(p.id())).count();
        }

        @Override
        public void close() {
            for (LanguageModel m : opened) m.close();
            try {
                lease.close();
            } catch (PersistenceException e) {
                // The row stays behind; the next resume sees this process gone and takes the run over.
                System.getLogger(RunLauncher.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot release the lease of run " + run.id() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Takes the run's lease before anything of it is written: a second writer is refused, naming the owner. */
    private RunLease lease(RunId id) throws ServiceException {
        try {
            return RunLease.acquire(db, id);
        } catch (PersistenceException e) {
            throw new ServiceException(e.getMessage(), e);
        }
    }

    private static void release(RunLease lease, Throwable failure) {
        try {
            lease.close();
        } catch (PersistenceException e) {
            failure.addSuppressed(e);
        }
    }

    public Prepared prepare(RunPlan plan) throws ServiceException {
        return prepare(plan, null);
    }

    /**
     * A run that judges the solutions of run {@code over} instead of writing its own (a critic
     * over an imported ProcessBench or PRM800K set): its problems are those of the plan's dataset
     * that have a trace in {@code over} (then offset, limit and shard), and the run records
     * {@code over} so a resume judges the same solutions.
     */
    public Prepared prepareOver(RunPlan plan, RunId over) throws ServiceException {
        return prepare(plan, over);
    }

    private Prepared prepare(RunPlan plan, @Nullable RunId over) throws ServiceException {
        Recipe recipe = plan.recipe();
        Strategy strategy = recipe.strategyInstance();
        RunOptions options = recipe.runOptions(plan.concurrency());
        Map<ProblemId, Trace> given = over == null ? Map.of() : given(strategy, over);
        List<Problem> problems = problems(plan.dataset(), plan.offset(), plan.limit(), plan.shard(), given);
        if (over != null && problems.isEmpty()) {
            throw new ServiceException("run " + over + " holds no solutions of dataset '" + plan.dataset() + "' to judge");
        }
        RuntimeOptions runtime = recipe.runtimeOptions(machine);
        OpenModels open = openModels(plan.models(), runtime);
        try {
            String name = plan.name() != null ? plan.name()
                    : recipe.name() + (over != null ? " over " + over : "") + " on " + plan.dataset()
                    + (plan.shard() != null ? " shard " + plan.shard() : "");
            Run run = RunRecords.create(name, plan.dataset(), strategy, open.set, options, Version.version(), null,
                    RecipeFiles.write(recipe, Version.version()));
            Map<String, Object> parameters = new LinkedHashMap<>(run.parameters());
            parameters.put("offset", plan.offset());
            parameters.put("limit", plan.limit());
            if (plan.shard() != null) parameters.put("shard", plan.shard().toString());
            if (over != null) parameters.put(OVER, over.value());
            run = new Run(run.id(), run.name(), run.dataset(), run.strategy(), parameters,
                    withLocations(run.models(), plan.models()), run.prompts(), run.sampling(), run.usesGold(),
                    run.erratVersion(), run.gitCommit(), run.createdAt(), run.status(), run.recipe());
            if (plan.name() == null) {
                run = run.withName(RunNames.of(run, plan.shard() == null ? null : plan.shard().toString(),
                        java.time.ZoneId.systemDefault()));
            }
            return new Prepared(run, problems, Set.of(), strategy, open.set, options, runtime, open.opened, lease(run.id()),
                    given);
        } catch (ServiceException | RuntimeException e) {
            open.close();
            throw e;
        }
    }

    /**
     * Resumes a stored run with the recipe stored with it, never this build's defaults.
     * {@code modelOverride}, when given, replaces the student's model spec (for a run recorded on
     * another machine, where the folder lives elsewhere).
     */
    public Prepared prepareResume(RunId id, @Nullable String modelOverride) throws ServiceException {
        RunLease lease = lease(id);
        try {
            return prepareResume(id, modelOverride, lease);
        } catch (ServiceException | RuntimeException e) {
            release(lease, e);
            throw e;
        }
    }

    private Prepared prepareResume(RunId id, @Nullable String modelOverride, RunLease lease) throws ServiceException {
        TraceStore store = new TraceStore(db);
        Run run;
        Set<ProblemId> finished;
        try {
            run = store.run(id).orElseThrow(() -> new ServiceException("no run " + id + " in " + db.file()));
            finished = store.finishedProblems(id);
        } catch (PersistenceException e) {
            throw new ServiceException(e.getMessage(), e);
        }
        Map<String, Object> p = run.parameters();
        Recipe recipe = storedRecipe(run);
        Strategy strategy = recipe.strategyInstance();
        RunOptions options = recipe.runOptions(intParam(p, "concurrency", 1));
        Map<ModelRole, String> specs = new EnumMap<>(ModelRole.class);
        for (ModelRef ref : run.models()) {
            ModelRole role = ModelRole.valueOf(ref.role().toUpperCase(java.util.Locale.ROOT));
            String spec = ref.location();
            if (role == ModelRole.STUDENT && modelOverride != null) spec = modelOverride;
            if (spec == null) {
                throw new ServiceException("run " + id + " does not record where its " + ref.role()
                        + " model lives; pass --model");
            }
            specs.put(role, spec);
        }
        if (!specs.containsKey(ModelRole.STUDENT)) {
            if (modelOverride == null) throw new ServiceException("run " + id + " records no student model; pass --model");
            specs.put(ModelRole.STUDENT, modelOverride);
        }
        RunPlan.Shard shard = p.get("shard") instanceof String sh ? RunPlan.Shard.parse(sh) : null;
        Map<ProblemId, Trace> given = p.get(OVER) instanceof String o ? given(strategy, new RunId(o)) : Map.of();
        List<Problem> problems = problems(run.dataset(), intParam(p, "offset", 0), intParam(p, "limit", Integer.MAX_VALUE),
                shard, given);
        RuntimeOptions runtime = recipe.runtimeOptions(machine);
        OpenModels open = openModels(specs, runtime);
        return new Prepared(run, problems, finished, strategy, open.set, options, runtime, open.opened, lease, given);
    }

    /**
     * The recipe a run was started with: the stored recipe file; for a run recorded before
     * recipes, its strategy's built-in recipe with every recorded knob, prompt and sampling value.
     */
    public static Recipe storedRecipe(Run run) throws ServiceException {
        try {
            if (run.recipe() != null) {
                return RecipeFiles.read(run.recipe(), "the recipe of run " + run.id(), Recipes::builtin);
            }
            Recipe r = Recipes.builtin(run.strategy());
            Map<String, Object> p = run.parameters();
            for (Knob k : r.strategyInstance().knobs()) {
                if (p.get(k.name()) != null) r = r.with(k.name(), p.get(k.name()));
            }
            for (Map.Entry<String, String> t : run.prompts().entrySet()) r = r.with(Recipe.PROMPTS + t.getKey(), t.getValue());
            Sampling s = run.sampling();
            r = r.with("sampling.temperature", s.temperature()).with("sampling.top_k", s.topK())
                    .with("sampling.top_p", s.topP()).with("sampling.min_p", s.minP())
                    .with("sampling.seed", String.valueOf(s.seed())).with("budgets.tokens_per_call", s.maxTokensPerCall());
            Object budget = p.getOrDefault("tokens_per_problem", p.get("token_budget_per_problem"));
            if (budget instanceof Number n) r = r.with("budgets.tokens_per_problem", n.intValue());
            if (p.get("timeout_ms") instanceof Number n) r = r.with("budgets.timeout_seconds", (int) (n.longValue() / 1000));
            if (p.get("segmenter") instanceof String seg) r = r.with("profile.segmenter", seg);
            if (p.get("verdict_parser") instanceof String vp) r = r.with("profile.verdict_parser", vp);
            if (p.get("spoc_marker") instanceof String marker) r = r.with("profile.verdict_marker", marker);
            if (p.get("grading") instanceof Map<?, ?> g && g.get("relative_tolerance") instanceof Number tol) {
                r = r.with(Recipe.RELATIVE_TOLERANCE.name(), tol.doubleValue());
            }
            return r;
        } catch (RecipeException | IllegalArgumentException e) {
            throw new ServiceException("run " + run.id() + " cannot be resumed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs a prepared run to its end (or until cancelled), writing everything to the store.
     * Blocks; the extra listener sees every event too (progress bars, live views).
     */
    public RunEngine.RunSummary execute(Prepared prepared, LoopListener extra, Cancellation cancellation)
            throws ServiceException {
        // The run record is committed before any model is called: a run killed from its first token on
        // can be resumed by the id it printed (the writer thread would otherwise store it with its first batch).
        try {
            new TraceStore(db).saveRun(
                    prepared.run().withStatus(org.errata.correction.trace.RunStatus.RUNNING));
        } catch (PersistenceException e) {
            throw new ServiceException("could not save run " + prepared.run().id() + ": " + e.getMessage(), e);
        }
        TraceWriter writer = new TraceWriter(db);
        RunEngine.RunSummary summary;
        try {
            RunEngine engine = new RunEngine(prepared.strategy(), prepared.models(), prepared.options(), prepared.given());
            // A store that cannot write (a full disk) ends the run: decoding on would only be lost.
            LoopListener stopWhenStoreFails = event -> {
                if (writer.failure().isPresent()) cancellation.cancel();
            };
            summary = engine.run(prepared.run(), prepared.problems(), prepared.finished(),
                    LoopListener.all(writer, extra, stopWhenStoreFails), cancellation);
        } finally {
            try {
                writer.close();
            } catch (PersistenceException e) {
                throw new ServiceException("the run's traces could not all be saved: " + e.getMessage(), e);
            }
        }
        return summary;
    }

    /** The run parameter naming the run whose solutions a judging run judges. */
    public static final String OVER = "over";

    /** Each problem's trace in run {@code over}, for a strategy that judges given solutions. */
    private Map<ProblemId, Trace> given(Strategy strategy, RunId over) throws ServiceException {
        if (!strategy.judgesGivenSolutions()) {
            throw new ServiceException("strategy " + strategy.id() + " writes its own solutions; only a judging "
                    + "strategy (critic) runs over another run's solutions");
        }
        try {
            TraceStore store = new TraceStore(db);
            if (store.run(over).isEmpty()) throw new ServiceException("no run " + over + " in " + db.file());
            Map<ProblemId, Trace> given = new LinkedHashMap<>();
            for (Trace t : store.traces(over)) given.put(t.problem(), t);
            return given;
        } catch (PersistenceException e) {
            throw new ServiceException(e.getMessage(), e);
        }
    }

    /** The problems of a dataset, importing the bundled held-out set on first use. */
    public List<Problem> problems(String dataset, int offset, int limit, RunPlan.@Nullable Shard shard)
            throws ServiceException {
        return problems(dataset, offset, limit, shard, Map.of());
    }

    /** As {@link #problems(String, int, int, RunPlan.Shard)}; when {@code given} is not empty, only its problems. */
    private List<Problem> problems(String dataset, int offset, int limit, RunPlan.@Nullable Shard shard,
                                   Map<ProblemId, Trace> given) throws ServiceException {
        try {
            DatasetStore datasets = new DatasetStore(db);
            if (datasets.dataset(dataset).isEmpty() && dataset.equals(Assets.DEMO_HELDOUT_DATASET)) {
                ensureDemoDataset();
            }
            if (datasets.dataset(dataset).isEmpty()) {
                List<String> known = datasets.datasets().stream().map(d -> d.name()).toList();
                throw new ServiceException("no dataset '" + dataset + "' in " + db.file() + (known.isEmpty()
                        ? "; import one with 'errata import FILE'" : "; known: " + String.join(", ", known)));
            }
            int count = datasets.problemCount(dataset);
            List<Problem> all = datasets.problems(dataset, 0, count);
            if (!given.isEmpty()) all = all.stream().filter(p -> given.containsKey(p.id())).toList();
            List<Problem> picked = new ArrayList<>();
            for (int k = 0; k < all.size(); k++) {
                if (shard == null || shard.contains(k)) picked.add(all.get(k));
            }
            int from = Math.min(offset, picked.size());
            int to = (int) Math.min((long) from + limit, picked.size());
            return List.copyOf(picked.subList(from, to));
        } catch (PersistenceException e) {
            throw new ServiceException(e.getMessage(), e);
        }
    }

    /** Imports the demo model's held-out problems as {@code demo-heldout} if the database lacks them. */
    public void ensureDemoDataset() throws ServiceException {
        try {
            if (new DatasetStore(db).dataset(Assets.DEMO_HELDOUT_DATASET).isPresent()) return;
            Path file = Assets.standard().demoHeldOut();
            new Importer(db).importFile(file, new ImportOptions(Assets.DEMO_HELDOUT_DATASET, null, false, Version.version()));
        } catch (AssetException | PersistenceException e) {
            throw new ServiceException("cannot import the bundled held-out problems: " + e.getMessage(), e);
        }
    }

    private record OpenModels(ModelSet set, List<LanguageModel> opened) implements AutoCloseable {
        @Override
        public void close() {
            for (LanguageModel m : opened) m.close();
        }
    }

    /** Opens each distinct spec once; roles sharing a spec share the model. */
    private static OpenModels openModels(Map<ModelRole, String> specs, RuntimeOptions runtime) throws ServiceException {
        Map<String, LanguageModel> bySpec = new HashMap<>();
        List<LanguageModel> opened = new ArrayList<>();
        try {
            Map<ModelRole, LanguageModel> byRole = new EnumMap<>(ModelRole.class);
            for (Map.Entry<ModelRole, String> e : specs.entrySet()) {
                LanguageModel m = bySpec.get(e.getValue());
                if (m == null) {
                    m = ModelSpecs.open(e.getValue(), runtime);
                    bySpec.put(e.getValue(), m);
                    opened.add(m);
                }
                byRole.put(e.getKey(), m);
            }
            ModelSet set = ModelSet.of(byRole.get(ModelRole.STUDENT))
                    .withTeacher(byRole.get(ModelRole.TEACHER))
                    .withInspector(byRole.get(ModelRole.INSPECTOR))
                    .withCritic(byRole.get(ModelRole.CRITIC));
            return new OpenModels(set, opened);
        } catch (ModelLoadException e) {
            for (LanguageModel m : opened) m.close();
            throw new ServiceException(e.getMessage(), e);
        }
    }

    private static List<ModelRef> withLocations(List<ModelRef> refs, Map<ModelRole, String> specs) {
        List<ModelRef> out = new ArrayList<>();
        for (ModelRef r : refs) {
            String spec = specs.get(ModelRole.valueOf(r.role().toUpperCase(java.util.Locale.ROOT)));
            out.add(new ModelRef(r.role(), r.id(), r.backend(), r.weightsHash(), spec, r.engineVersion()));
        }
        return out;
    }

    private static int intParam(Map<String, Object> p, String key, int fallback) {
        return p.get(key) instanceof Number n ? n.intValue() : fallback;
    }
}
