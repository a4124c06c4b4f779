package org.errata.app.gui.present;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.errata.app.annotate.AnnotationQueue;
import org.errata.app.annotate.AnnotationSession;
import org.errata.app.annotate.Keymap;
import org.errata.app.annotate.LabelSink;
import org.errata.app.export.TraceCard;
import org.errata.app.gui.MainViewModel;
import org.errata.app.gui.annotate.AnnotationView;
import org.errata.app.gui.annotate.WriterThreadSink;
import org.errata.app.gui.task.FrameBatcher;
import org.errata.app.gui.task.TaskExecutor;
import org.errata.app.gui.tree.TraceTreeModel;
import org.errata.app.services.LibraryService;
import org.errata.app.services.ModelSource;
import org.errata.app.services.RunRequest;
import org.errata.app.services.RunService;
import org.errata.app.services.ServiceException;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;
import org.errata.correction.metrics.TraceSummary;
import org.jspecify.annotations.Nullable;

/**
 * Opens the annotation and presentation windows from the workbench: Ctrl+L labels the traces the
 * library lists (the run, narrowed by its filter), Ctrl+P (or F5) presents the open trace, with
 * live mode on the workbench's run service, Ctrl+E saves the open trace as HTML or PNG. Loading and
 * writing go through the library and run services on the {@link TaskExecutor}; this class only
 * asks the person (dialogs, file chooser) and opens the windows.
 */
public final class Modes {
    private static final System.Logger LOG = System.getLogger(Modes.class.getName());
    public static final String LIVE_DATASET = "live";

    private final MainViewModel vm;
    private final LibraryService library;
    private final RunService runs;
    private final TaskExecutor tasks;
    private final FrameBatcher.FrameScheduler frames;
    private final Preferences prefs = Preferences.userRoot().node("org/errata/annotation");

    private Modes(MainViewModel vm, LibraryService library, RunService runs, TaskExecutor tasks,
                  FrameBatcher.FrameScheduler frames) {
        this.vm = vm;
        this.library = library;
        this.runs = runs;
        this.tasks = tasks;
        this.frames = frames;
    }

    /** Adds the two shortcuts to the workbench's scene. */
    public static void install(Scene scene, MainViewModel vm, LibraryService library, RunService runs, TaskExecutor tasks,
                               FrameBatcher.FrameScheduler frames) {
        Modes m = new Modes(vm, library, runs, tasks, frames);
        KeyCombination annotate = new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN);
        KeyCombination present = new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN);
        KeyCombination export = new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (annotate.match(e)) m.annotate(scene.getWindow());
            else if (export.match(e)) m.export(scene.getWindow());
            else if (present.match(e) || e.getCode() == KeyCode.F5) m.present();
            else return;
            e.consume();
        });
    }

    // ---- annotation --------------------------------------------------------------------------------

    private void annotate(Window owner) {
        Run run = vm.library().selectedRunProperty().get();
        if (run == null) {
            vm.notifyError("Choose a run in the library to label its solutions.");
            return;
        }
        if (!library.writable()) {
            vm.notifyError("Labelling needs the database; this window shows the built-in sample only.");
            return;
        }
        Optional<Profile> profile = askProfile(owner);
        if (profile.isEmpty()) return;
        prefs.put("annotator", profile.get().name());
        org.errata.app.services.TraceListing listed = vm.library().traces().listing();
        tasks.execute(() -> loadQueue(run, listed.rows(0, listed.size())), queue -> openAnnotation(owner, run, queue, profile.get()),
                e -> vm.notifyError("Could not load the traces to label: " + e.getMessage()));
    }

    private record Profile(String name, boolean blind) {}

    private Optional<Profile> askProfile(Window owner) {
        Dialog<Profile> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Label solutions");
        TextField name = new TextField(prefs.get("annotator", System.getProperty("user.name", "annotator")));
        CheckBox blind = new CheckBox("Blind: hide the model's verdicts and other annotators' labels");
        blind.setSelected(true);
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.addRow(0, new Label("Annotator"), name);
        g.add(blind, 0, 1, 2, 1);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(b -> b == ButtonType.OK && !name.getText().isBlank() ? new Profile(name.getText().strip(), blind.isSelected()) : null);
        return d.showAndWait();
    }

    private AnnotationQueue loadQueue(Run run, List<TraceSummary> listed) throws ServiceException {
        List<Trace> traces = new ArrayList<>();
        Map<ProblemId, String> texts = new HashMap<>();
        for (TraceSummary s : listed) {
            library.loadTrace(run.id(), s.problem()).ifPresent(traces::add);
            texts.put(s.problem(), s.problemText());
        }
        return AnnotationQueue.of(traces, p -> texts.getOrDefault(p, ""), null, Set.of(AnnotationQueue.DEFAULT_GOLD));
    }

    private void openAnnotation(Window owner, Run run, AnnotationQueue queue, Profile profile) {
        if (queue.size() == 0) {
            vm.notifyError("The run has no solutions to label.");
            return;
        }
        Keymap keys;
        try {
            keys = Keymap.load(Keymap.defaultFile());
        } catch (java.io.IOException e) {
            vm.notifyError("Could not read the annotation keys (" + e.getMessage() + "); using the defaults.");
            keys = Keymap.defaults();
        }
        WriterThreadSink sink = new WriterThreadSink(LabelSink.of(library),
                msg -> Platform.runLater(() -> vm.notifyError(msg)));
        AnnotationSession session = new AnnotationSession(queue, profile.name(), sink, Clock.systemUTC(), profile.blind());
        AnnotationView view = new AnnotationView(session, keys);
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Errata · labelling " + run.name() + " · " + profile.name());
        stage.setScene(new Scene(view, 1200, 800));
        stage.setOnHidden(e -> {
            if (owner instanceof Stage main) main.requestFocus(); // back to the workbench after Esc or close
            try {
                sink.close();
            } catch (ServiceException ex) {
                LOG.log(System.Logger.Level.ERROR, "label writes did not finish", ex);
                vm.notifyError(ex.getMessage());
            }
        });
        stage.show();
        view.focusSteps();
    }

    // ---- export ------------------------------------------------------------------------------------

    /** Saves the open trace as a self-contained HTML file or a PNG image (by the chosen file's extension). */
    private void export(Window owner) {
        TraceTreeModel tree = vm.treeProperty().get();
        if (tree == null) {
            vm.notifyError("Open a trace to export it.");
            return;
        }
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Export the trace");
        chooser.getExtensionFilters().addAll(
                new javafx.stage.FileChooser.ExtensionFilter("Self-contained HTML", "*.html"),
                new javafx.stage.FileChooser.ExtensionFilter("PNG image", "*.png"));
        chooser.setInitialFileName(tree.problem().value().replaceAll("[^A-Za-z0-9._-]", "_") + ".html");
        chooser.setInitialDirectory(vm.files().exportFolder().toFile()); // shared with File > Export run…
        java.io.File file = chooser.showSaveDialog(owner);
        if (file == null) return;
        vm.files().rememberExportFolder(file.toPath());
        Run run = vm.library().selectedRunProperty().get();
        java.nio.file.Path out = file.toPath();
        tasks.execute(() -> {
            Trace t = library.loadTrace(tree.run(), tree.problem())
                    .orElseGet(() -> new Trace(tree.run(), tree.problem(), tree.status(), null, null, tree.nodes()));
            TraceCard card = TraceCard.of(t, tree.problemRecord(), run != null && run.id().equals(tree.run()) ? run : null);
            if (out.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
                new org.errata.app.export.TracePngRenderer(1000, 16f).write(card, out);
            } else {
                org.errata.app.export.HtmlTraceExporter.write(card, out);
            }
            return out;
        }, p -> vm.statusProperty().set("Exported to " + p), e -> vm.notifyError("Could not export the trace: " + e.getMessage()));
    }

    // ---- presentation ------------------------------------------------------------------------------

    private void present() {
        TraceTreeModel tree = vm.treeProperty().get();
        Run run = vm.library().selectedRunProperty().get();
        if (tree == null) {
            openPresentation(new TraceCard("Live", "type a problem", "", List.of()), run);
            return;
        }
        tasks.execute(() -> library.loadTrace(tree.run(), tree.problem()),
                t -> openPresentation(TraceCard.of(t.orElseGet(() -> new Trace(tree.run(), tree.problem(), tree.status(),
                        null, null, tree.nodes())), tree.problemRecord(), run), run),
                e -> vm.notifyError("Could not load the trace: " + e.getMessage()));
    }

    private void openPresentation(TraceCard card, @Nullable Run run) {
        presentationStage(new PresentationView(new PresentationViewModel(card, liveRunner(run), tasks, frames))).show();
    }

    /**
     * The presentation's window, not shown yet: full screen (the window system's own full screen, no
     * exit hint), black around the slides, closed by Escape unless the live-input field has focus.
     */
    static Stage presentationStage(PresentationView view) {
        Stage stage = new Stage();
        stage.setTitle("Errata \u00b7 presentation");
        Scene scene = new Scene(view, 1280, 800);
        scene.setFill(javafx.scene.paint.Color.BLACK);
        stage.setScene(scene);
        stage.setFullScreenExitHint("");
        stage.setFullScreen(true);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !(scene.getFocusOwner() instanceof javafx.scene.control.TextInputControl)) {
                // Out of full screen first: where the window system confirmed full screen, that ends the
                // toolkit's full-screen overlay (4 s shown, 1 s fading), which would otherwise go on
                // drawing into the closed window.
                stage.setFullScreen(false);
                stage.close();
            }
        });
        stage.setOnHidden(e -> view.dispose());
        return stage;
    }

    /** Live runs add the typed problem to the "live" dataset and run it with the open run's strategy on the demo model. */
    private @Nullable LiveRunner liveRunner(@Nullable Run run) {
        if (!library.writable()) return null;
        String strategy = run != null ? run.strategy() : "self-refine";
        return (text, listener) -> {
            int offset = library.addTypedProblem(LIVE_DATASET,
                    Problem.of(LIVE_DATASET, "typed-" + System.currentTimeMillis(), text, null));
            return runs.start(liveRequest(strategy, offset), listener);
        };
    }

    /** A live run of the typed problem (at {@code offset} of the live dataset): the demo model, the strategy's recipe as it is. */
    public static RunRequest liveRequest(String strategy, int offset) {
        return RunRequest.defaults(new ModelSource.BundledDemo(), strategy, LIVE_DATASET, offset, 1);
    }
}
