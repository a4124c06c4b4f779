package org.errata.app.gui.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.errata.app.Version;
import org.errata.app.gui.live.LiveRunModel;
import org.errata.app.gui.live.RunState;
import org.errata.app.gui.task.TaskExecutor;
import org.errata.app.services.ModelSource;
import org.errata.app.services.RunHandle;
import org.errata.app.services.RunRequest;
import org.errata.app.services.RunService;
import org.errata.correction.engine.Knob;
import org.errata.correction.engine.ModelRole;
import org.errata.correction.engine.PromptTemplate;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.recipe.RecipeException;
import org.errata.correction.recipe.RecipeFiles;
import org.errata.correction.recipe.Recipes;
import org.errata.correction.trace.RunId;
import org.jspecify.annotations.Nullable;

/**
 * The run launcher's form and the run it started. The knob fields are generated from the
 * recipe's knob descriptions (name, type, default, range, help) whenever the strategy changes or
 * a recipe file is loaded; a request carries only the fields the user changed. The form also
 * renders a prompt preview for a chosen problem, loads and saves recipe files, and warns when the
 * chosen model does not speak the strategy's format. The form is copied into an immutable
 * {@link RunRequest} on the UI thread; the service starts off it; progress comes from the
 * {@link LiveRunModel} the run streams into.
 */
public final class RunLauncherViewModel {

    public enum ModelKind {
        DEMO("Bundled demo model"), FOLDER("Local model folder"), SERVER("OpenAI-compatible server");
        private final String label;
        ModelKind(String label) { this.label = label; }
        @Override public String toString() { return label; }
    }

    /** The formats the bundled demo model writes: it was trained on the calls of every built-in recipe (its model card). */
    public static final List<String> DEMO_SPEAKS = List.of("spoc", "s2r", "supercorrect", "chat");

    /** The problem a preview shows until one is chosen from the dataset. */
    static final String SAMPLE_PROBLEM = "What is 17 + 25 * 2?";

    private final RunService service;
    private final TaskExecutor tasks;
    private final LiveRunModel live;

    private final ObjectProperty<ModelKind> modelKind = new SimpleObjectProperty<>(this, "modelKind", ModelKind.DEMO);
    private final StringProperty modelFolder = new SimpleStringProperty(this, "modelFolder", "");
    private final StringProperty serverUrl = new SimpleStringProperty(this, "serverUrl", "http://localhost:8000/v1");
    private final StringProperty serverModel = new SimpleStringProperty(this, "serverModel", "");
    private final ObservableList<String> strategies = FXCollections.observableArrayList();
    private final StringProperty strategy = new SimpleStringProperty(this, "strategy", "");
    private final ReadOnlyObjectWrapper<@Nullable Recipe> recipe = new ReadOnlyObjectWrapper<>(this, "recipe");
    private final ReadOnlyObjectWrapper<@Nullable Path> recipeFile = new ReadOnlyObjectWrapper<>(this, "recipeFile");
    private final ObservableList<KnobField> knobs = FXCollections.observableArrayList();
    private final ObservableList<RoleModelChoice> roleModels = FXCollections.observableArrayList();
    /** Each role's choice, kept while the user switches strategies. */
    private final Map<ModelRole, RoleModelChoice> roleChoices = new EnumMap<>(ModelRole.class);
    private final ObservableList<String> templates = FXCollections.observableArrayList();
    private final StringProperty previewTemplate = new SimpleStringProperty(this, "previewTemplate", "");
    private final StringProperty previewProblem = new SimpleStringProperty(this, "previewProblem", SAMPLE_PROBLEM);
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper(this, "preview", "");
    private final ReadOnlyStringWrapper formatWarning = new ReadOnlyStringWrapper(this, "formatWarning", "");
    private final ReadOnlyStringWrapper formMessage = new ReadOnlyStringWrapper(this, "formMessage", "");
    private final StringProperty dataset = new SimpleStringProperty(this, "dataset", org.errata.assets.Assets.DEMO_HELDOUT_DATASET);
    private final IntegerProperty offset = new SimpleIntegerProperty(this, "offset", 0);
    private final IntegerProperty limit = new SimpleIntegerProperty(this, "limit", 10);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final BooleanBinding canStart;
    private final BooleanBinding canStop;
    private final BooleanBinding canResume;

    private @Nullable RunHandle handle;
    private @Nullable RunRequest lastRequest;
    private @Nullable Recipe loaded;

    public RunLauncherViewModel(RunService service, TaskExecutor tasks, LiveRunModel live) {
        this.service = Objects.requireNonNull(service);
        this.tasks = Objects.requireNonNull(tasks);
        this.live = Objects.requireNonNull(live);
        strategies.setAll(service.strategies());
        strategy.addListener((o, a, b) -> {
            if (loaded != null && !loaded.strategy().equals(b)) {
                loaded = null;
                recipeFile.set(null);
            }
            rebuildForm();
        });
        if (!strategies.isEmpty()) strategy.set(strategies.get(0));
        canStart = Bindings.createBooleanBinding(() -> !live.stateProperty().get().active() && !blank(dataset.get())
                && !blank(strategy.get()) && recipe.get() != null, live.stateProperty(), dataset, strategy, recipe);
        canStop = Bindings.createBooleanBinding(() -> live.stateProperty().get() == RunState.RUNNING, live.stateProperty());
        canResume = Bindings.createBooleanBinding(() -> live.stateProperty().get() == RunState.STOPPED
                && live.runProperty().get() != null, live.stateProperty(), live.runProperty());
        Runnable update = () -> progress.set(describeProgress());
        live.doneProperty().addListener(o -> update.run());
        live.totalProperty().addListener(o -> update.run());
        live.tokensProperty().addListener(o -> update.run());
        live.stateProperty().addListener(o -> update.run());
        modelKind.addListener(o -> updateWarning());
        previewTemplate.addListener(o -> updatePreview());
        previewProblem.addListener(o -> updatePreview());
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank();
    }

    // ---- the generated form

    /** Regenerates the fields from the loaded recipe file, else the strategy's recipe. */
    private void rebuildForm() {
        String s = strategy.get();
        Recipe r = null;
        if (!blank(s)) {
            try {
                r = loaded != null ? loaded : service.recipe(s);
                formMessage.set("");
            } catch (RecipeException e) {
                formMessage.set(e.getMessage());
            }
        }
        recipe.set(r);
        if (r == null) {
            knobs.clear();
            templates.clear();
            roleModels.clear();
        } else {
            Recipe base = r;
            knobs.setAll(Recipe.knobs(r.strategy()).stream().map(k -> field(k, base.get(k.name()))).toList());
            templates.setAll(r.strategyInstance().allTemplates());
            roleModels.setAll(r.strategyInstance().roles().stream().filter(role -> role != ModelRole.STUDENT)
                    .map(role -> roleChoices.computeIfAbsent(role, RoleModelChoice::new)).toList());
            previewTemplate.set(templates.isEmpty() ? "" : templates.get(0));
        }
        updateWarning();
        updatePreview();
    }

    private KnobField field(Knob k, Object value) {
        KnobField f = new KnobField(k, value);
        f.textProperty().addListener((Observable o) -> {
            updatePreview();
            updateWarning();
        });
        return f;
    }

    /** The knobs the user changed, by recipe key, in form order; IllegalArgumentException naming a field that holds no value. */
    public Map<String, Object> setKnobs() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (KnobField f : knobs) {
            Object v;
            try {
                v = f.setValue();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(f.key() + ": " + e.getMessage(), e);
            }
            if (v != null) out.put(f.key(), v);
        }
        return out;
    }

    /** The recipe the form describes now: the recipe with the changed fields. */
    public Recipe currentRecipe() {
        Recipe r = recipe.get();
        if (r == null) throw new IllegalStateException("no strategy chosen");
        return r.withAll(setKnobs());
    }

    private void updatePreview() {
        Recipe r = recipe.get();
        String t = previewTemplate.get();
        if (r == null || blank(t)) {
            preview.set("");
            return;
        }
        String text = null;
        for (KnobField f : knobs) if (f.key().equals(Recipe.PROMPTS + t)) text = f.textProperty().get();
        if (text == null) text = r.prompts().getOrDefault(t, "");
        PromptTemplate template = new PromptTemplate(t, text);
        Map<String, String> values = new LinkedHashMap<>();
        for (String v : template.variables()) values.put(v, "‹" + v + "›");
        values.put("problem", previewProblem.get());
        preview.set(template.render(values));
    }

    private void updateWarning() {
        Recipe r = recipe.get();
        if (r == null) {
            formatWarning.set("");
            return;
        }
        String format = r.strategyInstance().format();
        if (modelKind.get() == ModelKind.DEMO) {
            formatWarning.set(DEMO_SPEAKS.contains(format) ? "" : "The bundled demo model writes only the "
                    + String.join(", ", DEMO_SPEAKS) + " format; " + r.strategy() + " asks for " + format
                    + ", so expect unparsed verdicts and wrong answers.");
            return;
        }
        List<?> speaks;
        try {
            Object v = Recipe.knobs(r.strategy()).stream().filter(k -> k.name().equals("profile.speaks")).findFirst()
                    .map(k -> fieldValue("profile.speaks", k)).orElse(List.of());
            speaks = v instanceof List<?> l ? l : List.of();
        } catch (IllegalArgumentException e) {
            speaks = List.of();
        }
        formatWarning.set(speaks.isEmpty() || speaks.contains(format) ? "" : "The model profile says this model writes "
                + String.join(", ", speaks.stream().map(String::valueOf).toList()) + "; " + r.strategy() + " asks for " + format + ".");
    }

    private Object fieldValue(String key, Knob k) {
        for (KnobField f : knobs) if (f.key().equals(key)) return k.coerce(f.textProperty().get());
        return k.defaultValue();
    }

    /** Shows problem {@code offset} of the chosen dataset in the preview (read off the UI thread). */
    public void previewChosenProblem() {
        String d = dataset.get();
        int k = offset.get();
        tasks.execute(() -> service.problemText(d, k), text -> text.ifPresentOrElse(previewProblem::set,
                () -> formMessage.set("Dataset " + d + " has no problem " + (k + 1) + ".")),
                e -> formMessage.set("Could not read the problem: " + e.getMessage()));
    }

    // ---- recipe files

    /** Loads a recipe file: its strategy is chosen and the form shows its values. */
    public void load(Path file) {
        Recipe r;
        try {
            r = RecipeFiles.read(file, Recipes::builtin);
        } catch (RecipeException e) {
            formMessage.set(e.getMessage());
            return;
        }
        loaded = r;
        recipeFile.set(file);
        if (r.strategy().equals(strategy.get())) {
            rebuildForm();
        } else {
            strategy.set(r.strategy());
        }
        formMessage.set("Loaded " + file.getFileName() + ".");
    }

    /** Writes the form's recipe (every knob, every prompt) to {@code file}. */
    public void save(Path file) {
        try {
            Files.writeString(file, RecipeFiles.write(currentRecipe(), Version.version()), StandardCharsets.UTF_8);
            recipeFile.set(file);
            formMessage.set("Saved " + file.getFileName() + ".");
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            formMessage.set("Could not save the recipe: " + e.getMessage());
        }
    }

    // ---- runs

    /**
     * The form as an immutable request: the loaded recipe file (if any), only the knobs the user
     * changed, and a model for each role of the strategy the user gave one of its own.
     */
    public RunRequest request() {
        ModelSource model = switch (modelKind.get()) {
            case DEMO -> new ModelSource.BundledDemo();
            case FOLDER -> new ModelSource.LocalFolder(Path.of(modelFolder.get().strip()));
            case SERVER -> new ModelSource.OpenAiServer(URI.create(serverUrl.get().strip()), serverModel.get().strip());
        };
        Map<String, Object> set = setKnobs();
        if (recipe.get() != null) recipe.get().withAll(set);   // refuses a bad combination before the run starts
        Map<ModelRole, ModelSource> roles = new EnumMap<>(ModelRole.class);
        for (RoleModelChoice c : roleModels) {
            ModelSource own = c.source();
            if (own != null) roles.put(c.role(), own);
        }
        return new RunRequest(model, strategy.get(), loaded, set, dataset.get(), offset.get(), limit.get(), null, roles);
    }

    public void start() {
        RunRequest r;
        try {
            r = request();
        } catch (IllegalArgumentException e) {
            live.failed("Check the launcher form: " + e.getMessage());
            return;
        }
        launch(r);
    }

    public void resume() {
        RunId run = live.runProperty().get();
        if (lastRequest == null || run == null) return;
        launch(lastRequest.resuming(run));
    }

    private void launch(RunRequest r) {
        lastRequest = r;
        live.begin(r.limit(), service.usesGold(r.strategy()));
        live.stateProperty().set(RunState.STARTING);
        tasks.execute(() -> service.start(r, live), h -> {
            handle = h;
            live.totalProperty().set(h.problems());
            if (live.stateProperty().get() == RunState.STARTING) live.stateProperty().set(RunState.RUNNING);
        }, e -> live.failed("Could not start the run: " + e.getMessage()));
    }

    public void stop() {
        RunHandle h = handle;
        if (h != null) {
            live.stopping();
            h.cancel();
        }
    }

    /** The handle of the run this launcher started last, if any. */
    public @Nullable RunHandle handle() {
        return handle;
    }

    String describeProgress() {
        RunState s = live.stateProperty().get();
        if (s == RunState.IDLE) return "";
        StringBuilder b = new StringBuilder(s.name().toLowerCase(Locale.ROOT));
        b.append(String.format(Locale.ROOT, "  %d/%d", live.doneProperty().get(), live.totalProperty().get()));
        double acc = live.accuracy();
        b.append(Double.isNaN(acc) ? "  acc -" : String.format(Locale.ROOT, "  acc %.1f%%", 100 * acc));
        b.append(String.format(Locale.ROOT, "  %.1f tok/s", live.tokensPerSecond()));
        Duration eta = live.eta();
        if (eta != null && s.active()) {
            b.append(String.format(Locale.ROOT, "  ETA %d:%02d", eta.toMinutes(), eta.toSecondsPart()));
        }
        return b.toString();
    }

    /** The field of {@code key}, if the form has one. */
    public @Nullable KnobField knob(String key) {
        for (KnobField f : knobs) if (f.key().equals(key)) return f;
        return null;
    }

    public LiveRunModel live() { return live; }
    public ObjectProperty<ModelKind> modelKindProperty() { return modelKind; }
    public StringProperty modelFolderProperty() { return modelFolder; }
    public StringProperty serverUrlProperty() { return serverUrl; }
    public StringProperty serverModelProperty() { return serverModel; }
    public ObservableList<String> strategies() { return strategies; }
    public StringProperty strategyProperty() { return strategy; }
    /** The recipe the form starts from (the loaded file, else the strategy's); null when it cannot be read. */
    public ReadOnlyObjectProperty<@Nullable Recipe> recipeProperty() { return recipe.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<@Nullable Path> recipeFileProperty() { return recipeFile.getReadOnlyProperty(); }
    /** One field per knob of the recipe, in file order. */
    public ObservableList<KnobField> knobs() { return knobs; }
    public ObservableList<String> templates() { return templates; }
    /** A model choice for each role of the strategy besides the student (none for most strategies). */
    public ObservableList<RoleModelChoice> roleModels() { return roleModels; }
    public StringProperty previewTemplateProperty() { return previewTemplate; }
    public StringProperty previewProblemProperty() { return previewProblem; }
    /** The chosen template rendered for the preview problem with the form's text. */
    public ReadOnlyStringProperty previewProperty() { return preview.getReadOnlyProperty(); }
    /** Empty, or why the chosen model will not follow the strategy's format. */
    public ReadOnlyStringProperty formatWarningProperty() { return formatWarning.getReadOnlyProperty(); }
    /** The last load, save or form problem, for the status line. */
    public ReadOnlyStringProperty formMessageProperty() { return formMessage.getReadOnlyProperty(); }
    public StringProperty datasetProperty() { return dataset; }
    public IntegerProperty offsetProperty() { return offset; }
    public IntegerProperty limitProperty() { return limit; }
    /** "running 3/10  acc 66.7%  42.0 tok/s  ETA 0:12". */
    public ReadOnlyStringProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public BooleanBinding canStart() { return canStart; }
    public BooleanBinding canStop() { return canStop; }
    public BooleanBinding canResume() { return canResume; }
}
