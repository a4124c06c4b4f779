package org.errata.app.gui.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.errata.app.gui.live.LiveRunModel;
import org.errata.app.gui.live.RunState;
import org.errata.app.gui.task.TaskExecutor;
import org.errata.app.services.ModelSource;
import org.errata.app.services.RunHandle;
import org.errata.app.services.RunRequest;
import org.errata.app.services.RunService;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Sampling;
import org.jspecify.annotations.Nullable;

/**
 * The run launcher's form and the run it started: the form is copied into an immutable
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

    private final RunService service;
    private final TaskExecutor tasks;
    private final LiveRunModel live;

    private final ObjectProperty<ModelKind> modelKind = new SimpleObjectProperty<>(this, "modelKind", ModelKind.DEMO);
    private final StringProperty modelFolder = new SimpleStringProperty(this, "modelFolder", "");
    private final StringProperty serverUrl = new SimpleStringProperty(this, "serverUrl", "http://localhost:8000/v1");
    private final StringProperty serverModel = new SimpleStringProperty(this, "serverModel", "");
    private final ObservableList<String> strategies = FXCollections.observableArrayList();
    private final StringProperty strategy = new SimpleStringProperty(this, "strategy", "");
    private final IntegerProperty maxTurns = new SimpleIntegerProperty(this, "maxTurns", 3);
    private final DoubleProperty temperature = new SimpleDoubleProperty(this, "temperature", 0.7);
    private final IntegerProperty maxTokens = new SimpleIntegerProperty(this, "maxTokens", 512);
    private final IntegerProperty seed = new SimpleIntegerProperty(this, "seed", 1234);
    private final StringProperty dataset = new SimpleStringProperty(this, "dataset", org.errata.assets.Assets.DEMO_HELDOUT_DATASET);
    private final IntegerProperty offset = new SimpleIntegerProperty(this, "offset", 0);
    private final IntegerProperty limit = new SimpleIntegerProperty(this, "limit", 10);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final BooleanBinding canStart;
    private final BooleanBinding canStop;
    private final BooleanBinding canResume;

    private @Nullable RunHandle handle;
    private @Nullable RunRequest lastRequest;

    public RunLauncherViewModel(RunService service, TaskExecutor tasks, LiveRunModel live) {
        this.service = Objects.requireNonNull(service);
        this.tasks = Objects.requireNonNull(tasks);
        this.live = Objects.requireNonNull(live);
        strategies.setAll(service.strategies());
        if (!strategies.isEmpty()) strategy.set(strategies.get(0));
        canStart = Bindings.createBooleanBinding(() -> !live.stateProperty().get().active() && !blank(dataset.get())
                && !blank(strategy.get()), live.stateProperty(), dataset, strategy);
        canStop = Bindings.createBooleanBinding(() -> live.stateProperty().get() == RunState.RUNNING, live.stateProperty());
        canResume = Bindings.createBooleanBinding(() -> live.stateProperty().get() == RunState.STOPPED
                && live.runProperty().get() != null, live.stateProperty(), live.runProperty());
        Runnable update = () -> progress.set(describeProgress());
        live.doneProperty().addListener(o -> update.run());
        live.totalProperty().addListener(o -> update.run());
        live.tokensProperty().addListener(o -> update.run());
        live.stateProperty().addListener(o -> update.run());
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank();
    }

    /** The form as an immutable request. */
    public RunRequest request() {
        ModelSource model = switch (modelKind.get()) {
            case DEMO -> new ModelSource.BundledDemo();
            case FOLDER -> new ModelSource.LocalFolder(Path.of(modelFolder.get().strip()));
            case SERVER -> new ModelSource.OpenAiServer(URI.create(serverUrl.get().strip()), serverModel.get().strip());
        };
        Sampling sampling = new Sampling(temperature.get(), 0, 1.0, 0.0, seed.get(), maxTokens.get());
        return new RunRequest(model, strategy.get(), Map.of("max_turns", maxTurns.get()), dataset.get(),
                offset.get(), limit.get(), sampling, null);
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

    public LiveRunModel live() { return live; }
    public ObjectProperty<ModelKind> modelKindProperty() { return modelKind; }
    public StringProperty modelFolderProperty() { return modelFolder; }
    public StringProperty serverUrlProperty() { return serverUrl; }
    public StringProperty serverModelProperty() { return serverModel; }
    public ObservableList<String> strategies() { return strategies; }
    public StringProperty strategyProperty() { return strategy; }
    public IntegerProperty maxTurnsProperty() { return maxTurns; }
    public DoubleProperty temperatureProperty() { return temperature; }
    public IntegerProperty maxTokensProperty() { return maxTokens; }
    public IntegerProperty seedProperty() { return seed; }
    public StringProperty datasetProperty() { return dataset; }
    public IntegerProperty offsetProperty() { return offset; }
    public IntegerProperty limitProperty() { return limit; }
    /** "running 3/10  acc 66.7%  42.0 tok/s  ETA 0:12". */
    public ReadOnlyStringProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public BooleanBinding canStart() { return canStart; }
    public BooleanBinding canStop() { return canStop; }
    public BooleanBinding canResume() { return canResume; }
}
