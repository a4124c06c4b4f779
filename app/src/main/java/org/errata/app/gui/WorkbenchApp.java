package org.errata.app.gui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.util.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.errata.app.StartupTimeline;
import org.errata.app.gui.compare.CompareFilter;
import org.errata.app.gui.task.FxFrameScheduler;
import org.errata.app.gui.task.FxTaskExecutor;
import org.errata.app.services.LibraryService;
import org.errata.app.services.RunService;
import org.errata.correction.metrics.TraceSummary;
import org.jspecify.annotations.Nullable;

/** The JavaFX application: wires the main view model to the services it is given and shows the window. */
public final class WorkbenchApp extends Application {
    private static final System.Logger LOG = System.getLogger(WorkbenchApp.class.getName());

    /**
     * What the window needs from the outside; {@code screenshot}: write a PNG of the window and quit;
     * {@code transfers}: import and export, null where there is no database; {@code firstListing}:
     * the library's runs and datasets when already read (null: the workbench reads them).
     */
    public record Config(LibraryService library, RunService runs, Preferences prefs, @Nullable Path screenshot,
                         @Nullable Boolean dark, org.errata.app.services.@Nullable FileTransfers transfers,
                         org.errata.app.gui.library.LibraryViewModel.@Nullable Loaded firstListing) {
        /** The library's runs and datasets are read when the workbench starts. */
        public Config(LibraryService library, RunService runs, Preferences prefs, @Nullable Path screenshot,
                      @Nullable Boolean dark, org.errata.app.services.@Nullable FileTransfers transfers) {
            this(library, runs, prefs, screenshot, dark, transfers, null);
        }

        /** Without import and export. */
        public Config(LibraryService library, RunService runs, Preferences prefs, @Nullable Path screenshot, @Nullable Boolean dark) {
            this(library, runs, prefs, screenshot, dark, null);
        }
    }

    /** What {@link #launch} hands to the instance {@link Application#launch} makes. */
    private record Bootstrap(Preferences prefs, CompletableFuture<Config> config) {}

    private static volatile @Nullable Bootstrap bootstrap;
    /** Why the configuration could not be made, when it could not; {@link #launch} throws it. */
    private static final AtomicReference<@Nullable RuntimeException> FAILED = new AtomicReference<>();

    private final Preferences prefs;
    private final CompletableFuture<Config> pending;
    /** Whether the window shows its progress for a frame even when the configuration is ready (a real start). */
    private final boolean progressFirst;
    private @Nullable Config config;
    private @Nullable FxTaskExecutor tasks;
    private @Nullable FxFrameScheduler frames;
    private @Nullable MainViewModel vm;
    private @Nullable MainView view;
    private @Nullable Stage stage;

    /** Used by {@link Application#launch}: takes what {@link #launch} was given. */
    public WorkbenchApp() {
        Bootstrap b = Objects.requireNonNull(bootstrap, "WorkbenchApp.launch(config) sets the configuration");
        this.prefs = b.prefs();
        this.pending = b.config();
        this.progressFirst = true;
    }

    /** The workbench on services that are open: built before the window is shown. */
    public WorkbenchApp(Config config) {
        this.prefs = config.prefs();
        this.pending = CompletableFuture.completedFuture(config);
        this.progressFirst = false;
    }

    /**
     * A window that opens at once, showing progress until {@code config} (the services, still opening
     * on another thread) is ready; {@code prefs} is where the window's layout is kept.
     */
    public WorkbenchApp(Preferences prefs, CompletableFuture<Config> config) {
        this.prefs = prefs;
        this.pending = config;
        this.progressFirst = true;
    }

    /** Blocks until the window closes. */
    public static void launch(Config config) {
        launch(config.prefs(), CompletableFuture.completedFuture(config));
    }

    /**
     * Blocks until the window closes. The configuration may still be in the making (the database
     * opening on another thread): the window opens at once with a progress indication, and its
     * content is built once the configuration is ready. A configuration that fails closes the
     * window and is thrown from here.
     */
    public static void launch(Preferences prefs, CompletableFuture<Config> config) {
        bootstrap = new Bootstrap(prefs, config);
        FAILED.set(null);
        Application.launch(WorkbenchApp.class);
        RuntimeException failed = FAILED.getAndSet(null);
        if (failed != null) throw failed;
    }

    @Override
    public void init() {
        StartupTimeline.mark("toolkit");
    }

    /**
     * Shows the window at once, in the saved layout, saying what it waits for; the workbench replaces
     * that content as soon as the services are open (they open while the toolkit starts).
     */
    @Override
    public void start(Stage primary) {
        StartupTimeline.mark("start");
        this.stage = primary;
        WindowLayout layout = fitToScreen(WindowLayout.load(prefs));
        applyTheme(layout.dark());
        Scene scene = new Scene(OpeningView.create(), layout.width(), layout.height());
        scene.getStylesheets().add(Objects.requireNonNull(
                WorkbenchApp.class.getResource("workbench.css"), "workbench.css").toExternalForm());
        primary.setTitle("Errata");
        primary.setScene(scene);
        if (!Double.isNaN(layout.x()) && !Double.isNaN(layout.y())) {
            primary.setX(layout.x());
            primary.setY(layout.y());
        }
        primary.setMaximized(layout.maximized());
        if (!progressFirst) {
            build(primary, scene, layout, pending.join());
            primary.show();
            return;
        }
        primary.show();
        StartupTimeline.mark("shown");
        // The workbench is built after the window had its first frame, so the progress is seen at once.
        afterNextPulse(scene, () -> pending.whenComplete((c, e) -> Platform.runLater(() -> {
            if (e == null) {
                StartupTimeline.mark("config");
                build(primary, scene, layout, c);
            } else {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                FAILED.set(cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause));
                Platform.exit();
            }
        })));
    }

    private static void afterNextPulse(Scene scene, Runnable action) {
        Runnable once = new Runnable() {
            @Override
            public void run() {
                scene.removePostLayoutPulseListener(this);
                Platform.runLater(action);
            }
        };
        scene.addPostLayoutPulseListener(once);
        Platform.requestNextPulse();
    }

    private void build(Stage primary, Scene scene, WindowLayout layout, Config config) {
        this.config = config;
        FxTaskExecutor t = new FxTaskExecutor(2);
        FxFrameScheduler f = new FxFrameScheduler(16);
        tasks = t;
        frames = f;
        MainViewModel model = new MainViewModel(config.library(), config.runs(), config.transfers(), config.prefs(),
                Path.of(System.getProperty("user.home")), t, f, System::nanoTime);
        vm = model;
        model.darkProperty().set(config.dark() != null ? config.dark() : layout.dark());
        applyTheme(model.darkProperty().get());
        model.darkProperty().addListener((o, a, d) -> applyTheme(d));

        MainView main = new MainView(model);
        view = main;
        scene.setRoot(main);
        org.errata.app.gui.present.Modes.install(scene, model, config.library(), config.runs(), t, f);
        main.split().setDividerPositions(layout.dividers().stream().mapToDouble(Double::doubleValue).toArray());
        if (config.screenshot() == null) model.restore(LastSession.load(config.prefs()));
        main.openFirstTraceOnce();
        StartupTimeline.mark("built");
        model.start(config.firstListing());
        if (config.screenshot() != null) screenshotWhenReady(main, scene, config.screenshot());
        if (Boolean.getBoolean(REPORT_READY)) reportWhenUsable(model);
    }

    /** System property: print {@value #READY_LINE} and the milliseconds since the JVM started once the window is usable, then quit. */
    public static final String REPORT_READY = "errata.report.ready";
    public static final String READY_LINE = "errata-ready-ms";
    public static final String CPU_LINE = "errata-cpu-ms";

    /**
     * The first usable window, as {@code errata bench startup} measures it: shown, with a trace
     * open in the inspector, or with the library loaded and holding no run to open.
     */
    private static void reportWhenUsable(MainViewModel model) {
        Runnable check = new Runnable() {
            boolean done;

            @Override
            public void run() {
                if (done) return;
                var library = model.library();
                boolean usable = model.selectedProperty().get() != null
                        || !library.loadingProperty().get() && library.runs().isEmpty() && library.selectedRunProperty().get() == null;
                if (!usable) return;
                done = true;
                StartupTimeline.mark("usable");
                long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
                long ms = System.currentTimeMillis() - jvmStart;
                System.out.println(StartupTimeline.line(jvmStart));
                // CPU time of all the process's threads: far less sensitive to other processes than the wall clock
                System.out.println(CPU_LINE + " " + ProcessHandle.current().info().totalCpuDuration()
                        .map(java.time.Duration::toMillis).orElse(-1L));
                System.out.println(READY_LINE + " " + ms);
                System.out.flush();
                Platform.exit();
            }
        };
        model.selectedProperty().addListener(o -> check.run());
        model.library().loadingProperty().addListener(o -> Platform.runLater(check));
        Platform.runLater(check);
    }

    /** Keeps a saved layout on the screens there are now (a monitor may have gone since). */
    static WindowLayout fitToScreen(WindowLayout l) {
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        double w = Math.min(l.width(), screen.getWidth());
        double h = Math.min(l.height(), screen.getHeight());
        boolean onScreen = !Double.isNaN(l.x()) && !Double.isNaN(l.y())
                && !javafx.stage.Screen.getScreensForRectangle(l.x(), l.y(), w, h).isEmpty();
        double x = onScreen ? l.x() : screen.getMinX() + (screen.getWidth() - w) / 2;
        double y = onScreen ? l.y() : screen.getMinY() + (screen.getHeight() - h) / 2;
        return new WindowLayout(x, y, w, h, l.maximized(), l.dividers(), l.dark());
    }

    private void screenshotWhenReady(MainView main, Scene scene, Path file) {
        MainViewModel model = Objects.requireNonNull(vm);
        String compare = System.getProperty("errata.screenshot.compare");
        Runnable shoot = compare != null ? () -> shootCompare(main, model, "steps".equals(compare), file) : () -> {
            // For documentation shots: -Derrata.screenshot.tab=tokens|details|diff|prompt picks the inspector tab,
            // -Derrata.screenshot.select=N selects the N-th trace of the library first,
            // -Derrata.screenshot.centre=metrics|agreement shows that centre tab,
            // -Derrata.screenshot.compare=steps|table shoots the compare window instead (shootCompare).
            String tab = System.getProperty("errata.screenshot.tab");
            if (tab != null) {
                main.inspector().tabs().getTabs().stream().filter(t -> ("tab-" + tab).equals(t.getId())).findFirst()
                        .ifPresent(t -> main.inspector().tabs().getSelectionModel().select(t));
            }
            String centre = System.getProperty("errata.screenshot.centre");
            if ("metrics".equals(centre)) main.centre().getSelectionModel().select(1);
            if ("agreement".equals(centre)) main.centre().getSelectionModel().select(2);
            // -Derrata.screenshot.settle=MS waits longer for slow panels (metrics over a large run)
            PauseTransition settle = new PauseTransition(Duration.millis(Integer.getInteger("errata.screenshot.settle", 1200)));
            boolean awaitAgreement = "agreement".equals(centre) && model.agreement().reportProperty().get() == null;
            if (awaitAgreement) {
                // The panel computes when shown: shoot once its figures are there.
                model.agreement().reportProperty().addListener(new javafx.beans.InvalidationListener() {
                    @Override
                    public void invalidated(javafx.beans.Observable o) {
                        if (model.agreement().reportProperty().get() == null) return;
                        o.removeListener(this);
                        settle.play();
                    }
                });
            }
            settle.setOnFinished(e -> writeAndExit(scene, file));
            if (!awaitAgreement) settle.play();
        };
        String select = System.getProperty("errata.screenshot.select");
        if (select != null) {
            main.library().traceList().getItems().addListener((ListChangeListener<TraceSummary>) c -> {
                int i = Integer.parseInt(select);
                if (main.library().traceList().getItems().size() > i) main.library().traceList().getSelectionModel().select(i);
            });
        }
        // -Derrata.screenshot.node=N then selects the N-th row of its tree (0: the problem, 1: the first attempt)
        String node = System.getProperty("errata.screenshot.node");
        if (node != null) {
            main.tree().rootProperty().addListener((o, was, root) -> {
                if (root != null) Platform.runLater(() -> main.tree().getSelectionModel().select(Integer.parseInt(node)));
            });
        }
        if (Boolean.getBoolean("errata.screenshot.run")) {
            // -Derrata.screenshot.run=true: start a demo run from the launcher and shoot while it streams.
            model.selectedProperty().addListener(new javafx.beans.InvalidationListener() {
                @Override
                public void invalidated(javafx.beans.Observable o) {
                    if (model.selectedProperty().get() == null) return;
                    o.removeListener(this);
                    main.library().getSelectionModel().select(2);
                    model.launcher().start();
                }
            });
            model.live().doneProperty().addListener(new javafx.beans.InvalidationListener() {
                @Override
                public void invalidated(javafx.beans.Observable o) {
                    if (model.live().doneProperty().get() < 2) return;
                    o.removeListener(this);
                    PauseTransition midway = new PauseTransition(Duration.millis(1500));
                    midway.setOnFinished(e -> shoot.run());
                    midway.play();
                }
            });
            return;
        }
        if (model.selectedProperty().get() != null && select == null) shoot.run();
        else model.selectedProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends org.errata.app.gui.tree.@Nullable TraceNodeItem> o,
                                org.errata.app.gui.tree.@Nullable TraceNodeItem a,
                                org.errata.app.gui.tree.@Nullable TraceNodeItem b) {
                if (b != null && (select == null || wanted(main, model, Integer.parseInt(select)))) {
                    o.removeListener(this);
                    shoot.run();
                }
            }
        });
    }

    /**
     * -Derrata.screenshot.compare=steps|table: opens the compare window (A: the library's run, B: the run
     * it would pick), shows the first problem B fixed (else one B broke, else one whose answers differ,
     * else the first row) with each tree at its first error, picks the steps-aligned tab or the table's,
     * and writes that window.
     */
    private static void shootCompare(MainView main, MainViewModel model, boolean steps, Path file) {
        main.openCompare();
        var cvm = model.compare();
        javafx.animation.Timeline poll = new javafx.animation.Timeline();
        boolean[] rowChosen = {false};
        poll.getKeyFrames().add(new javafx.animation.KeyFrame(Duration.millis(200), e -> {
            var w = main.compareWindow();
            if (w == null || w.view() == null) return;
            var view = w.view();
            if (!rowChosen[0] && !cvm.loadingProperty().get() && !cvm.allRows().isEmpty()) {
                for (CompareFilter f : List.of(CompareFilter.FIXED_BY_B, CompareFilter.BROKEN_BY_B, CompareFilter.ANSWERS_DIFFER)) {
                    Integer n = cvm.countsProperty().get().get(f);
                    if (n != null && n > 0) {
                        cvm.filterProperty().set(f);
                        break;
                    }
                }
                view.table().getSelectionModel().select(0);
                rowChosen[0] = true;
            } else if (rowChosen[0] && cvm.sideAProperty().get() != null && cvm.sideBProperty().get() != null) {
                if (steps) view.tabs().getSelectionModel().select(1);
                poll.stop();
                PauseTransition settle = new PauseTransition(Duration.millis(Integer.getInteger("errata.screenshot.settle", 1200)));
                settle.setOnFinished(done -> writeAndExit(view.getScene(), file));
                settle.play();
            }
        }));
        poll.setCycleCount(javafx.animation.Animation.INDEFINITE);
        poll.play();
    }

    /** Writes {@code scene} as PNG to {@code file} and ends the application (the --screenshot mode). */
    private static void writeAndExit(Scene scene, Path file) {
        WritableImage img = scene.snapshot(null);
        try {
            ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
            LOG.log(System.Logger.Level.INFO, "wrote " + file);
        } catch (IOException ex) {
            LOG.log(System.Logger.Level.ERROR, "could not write " + file, ex);
        }
        Platform.exit();
    }

    private static boolean wanted(MainView main, MainViewModel model, int index) {
        var list = main.library().traceList();
        var tree = model.treeProperty().get();
        return list.getSelectionModel().getSelectedIndex() == index && tree != null
                && tree.problem().equals(list.getItems().get(index).problem());
    }

    private static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    /** The window's current layout, as it will be saved. */
    public WindowLayout currentLayout() {
        Stage s = Objects.requireNonNull(stage);
        MainView v = Objects.requireNonNull(view);
        List<Double> dividers = java.util.Arrays.stream(v.split().getDividerPositions()).boxed().toList();
        return new WindowLayout(s.getX(), s.getY(), s.getWidth() > 0 ? s.getWidth() : WindowLayout.DEFAULT.width(),
                s.getHeight() > 0 ? s.getHeight() : WindowLayout.DEFAULT.height(), s.isMaximized(), dividers,
                Objects.requireNonNull(vm).darkProperty().get());
    }

    public MainViewModel viewModel() { return Objects.requireNonNull(vm); }
    public MainView view() { return Objects.requireNonNull(view); }

    @Override
    public void stop() {
        Config config = this.config;
        if (config != null && stage != null && view != null && vm != null && config.screenshot() == null) {
            try {
                currentLayout().save(config.prefs());
                vm.session().save(config.prefs());
            } catch (BackingStoreException e) {
                LOG.log(System.Logger.Level.WARNING, "could not save the window layout", e);
            }
        }
        if (tasks != null) tasks.close();
        if (frames != null) frames.close();
    }
}
