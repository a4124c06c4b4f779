package org.errata.app.gui.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.prefs.Preferences;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Window;
import org.controlsfx.control.StatusBar;
import org.errata.app.gui.MainView;
import org.errata.app.gui.WorkbenchApp;
import org.errata.app.gui.WorkbenchWindow;
import org.errata.app.gui.present.ExportFolder;
import org.errata.app.services.FileTransfers;
import org.errata.app.services.ProblemQuery;
import org.errata.app.services.WorkbenchServices;
import org.errata.correction.trace.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The File menu and drops on the library in the real window (headless), on a real SQLite file:
 * files written here in the documented schemas are imported through the menu's action and
 * through the drop handler, a bad file shows the command line's one-line error and adds nothing,
 * and a run exports to the chosen file with the folder remembered for next time.
 */
class FileMenuTest {
    @TempDir Path dir;
    private final FxRobot robot = new FxRobot();
    private WorkbenchWindow window;
    private Preferences prefs;
    private WorkbenchServices services;
    private WorkbenchApp app;

    /** Answers the dialogs as a person would, and records where they opened. */
    private static final class Answers implements FileDialogs {
        List<Path> imports = List.of();
        Optional<ExportChoice> export = Optional.empty();
        final List<Path> openedIn = new ArrayList<>();
        final List<String> suggested = new ArrayList<>();

        @Override
        public List<Path> chooseImports(Window owner, Path folder) {
            openedIn.add(folder);
            return imports;
        }

        @Override
        public Optional<ExportChoice> chooseExport(Window owner, String runName, List<FileTransfers.Format> formats, Path folder,
                                                   Function<FileTransfers.Format, String> suggestedName) {
            openedIn.add(folder);
            export.ifPresent(c -> suggested.add(suggestedName.apply(c.format())));
            return export;
        }
    }

    @BeforeEach
    void open() throws Exception {
        window = WorkbenchWindow.open(dir, s -> { }, true);
        services = window.services();
        app = window.app();
        prefs = window.prefs();
    }

    @AfterEach
    void close() throws Exception {
        window.close();
    }

    private String status() {
        return app.viewModel().statusProperty().get();
    }

    @Test
    void filesImportThroughTheMenuAndByDropAndABadFileSaysFileAndLineAndAddsNothing() throws Exception {
        MainView view = app.view();
        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        Menu file = bar.getMenus().getFirst();
        assertThat(file.getText()).isEqualTo("_File");
        assertThat(file.getItems()).extracting(MenuItem::getId).containsSubsequence("menu-import", "menu-export-run", "menu-new-run", "menu-quit");

        // File > Import…: a problem file; the Problems tab then lists its dataset
        Path problems = dir.resolve("algebra.jsonl");
        Files.writeString(problems, """
                {"problem": "What is 2 + 3?", "answer": "5"}
                {"problem": "What is 7 * 6?", "answer": "42"}
                """);
        Answers answers = new Answers();
        answers.imports = List.of(problems);
        robot.interact(() -> view.fileMenu().setDialogs(answers));
        robot.interact(() -> view.fileMenu().importItem().fire());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status().startsWith("imported "));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.viewModel().library().problems().size() == 2);
        assertThat(status()).isEqualTo("imported " + problems + " (problems): 2 problems into dataset 'algebra'");
        assertThat(robot.lookup("#status-bar").queryAs(StatusBar.class).getText()).isEqualTo(status());
        assertThat(services.library().problems(new ProblemQuery("algebra", ""), 0, 10).items()).hasSize(2);
        assertThat(view.library().getSelectionModel().getSelectedIndex()).as("the Problems tab").isEqualTo(1);
        assertThat(app.viewModel().library().problems()).allSatisfy(p -> assertThat(p.dataset()).isEqualTo("algebra"));

        // Dragged over the library: highlighted while files Errata reads are over it, not for others
        Path samples = dir.resolve("evals.jsonl");
        Files.writeString(samples, """
                {"idx": 0, "question": "What is 9 - 4?", "gt": "5", "code": ["So \\\\boxed{5}.", "So \\\\boxed{6}."], "score": [true, false]}
                {"idx": 1, "question": "What is 3 * 3?", "gt": "9", "code": ["So \\\\boxed{9}."], "score": [true]}
                """);
        File picture = Files.writeString(dir.resolve("plot.png"), "png").toFile();
        robot.interact(() -> assertThat(view.fileDrop().over(List.of(picture))).isFalse());
        assertThat(view.library().getPseudoClassStates()).doesNotContain(FileDrop.DROP_TARGET);
        robot.interact(() -> assertThat(view.fileDrop().over(List.of(picture, samples.toFile()))).isTrue());
        assertThat(view.library().getPseudoClassStates()).contains(FileDrop.DROP_TARGET);
        robot.interact(() -> view.fileDrop().exit());
        assertThat(view.fileDrop().highlighted()).isFalse();

        // Dropped: the samples become a run, which the library opens with its traces
        robot.interact(() -> {
            view.fileDrop().over(List.of(samples.toFile()));
            view.fileDrop().drop(List.of(samples.toFile()));
        });
        assertThat(view.fileDrop().highlighted()).isFalse();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            Run r = app.viewModel().library().selectedRunProperty().get();
            return r != null && r.dataset().equals("evals") && view.library().traceList().getItems().size() == 2;
        });
        assertThat(view.library().getSelectionModel().getSelectedIndex()).as("the Traces tab").isEqualTo(0);
        assertThat(status()).startsWith("imported " + samples + " (samples): 2 problems into dataset 'evals'");

        // A bad line: the command line's message, file and line, in the window; nothing added
        Path bad = dir.resolve("broken.jsonl");
        Files.writeString(bad, "{\"problem\": \"What is 1 + 1?\", \"answer\": \"2\"}\n{\"problem\": \"cut off\", \n");
        int datasets = services.library().datasets().size();
        int runs = services.library().runs().size();
        robot.interact(() -> view.fileDrop().drop(List.of(bad.toFile())));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !app.viewModel().files().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.notifications().isShowing()).isTrue();
        assertThat(view.notifications().getText()).startsWith(bad + ":2: ").contains("nothing was imported").doesNotContain("\n");
        assertThat(status()).isEqualTo("Nothing imported");
        assertThat(services.library().datasets()).hasSize(datasets).noneMatch(d -> d.name().equals("broken"));
        assertThat(services.library().runs()).hasSize(runs);
    }

    @Test
    void aRunExportsThroughTheMenuToTheChosenFileAndTheNextExportOpensInItsFolder() throws Exception {
        MainView view = app.view();
        Run run = app.viewModel().library().selectedRunProperty().get();
        assertThat(run).as("the sample run is selected").isNotNull();
        Path folder = Files.createDirectory(dir.resolve("talk"));
        Path out = folder.resolve("sample-traces.jsonl");
        FileTransfers.Format jsonl = FileTransfers.exportFormats().getFirst();
        assertThat(jsonl.name()).isEqualTo("jsonl");
        Answers answers = new Answers();
        answers.export = Optional.of(new FileDialogs.ExportChoice(jsonl, out));
        robot.interact(() -> view.fileMenu().setDialogs(answers));
        assertThat(view.fileMenu().exportItem().isDisable()).isFalse();

        robot.interact(() -> view.fileMenu().exportItem().fire());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status().startsWith("wrote "));

        assertThat(answers.openedIn.getFirst())
                .isEqualTo(ExportFolder.initial(null, Path.of(System.getProperty("user.home"))));
        assertThat(answers.suggested).containsExactly(FilesViewModel.suggestedName(run, jsonl));
        int traces = services.library().runTraces(run.id()).size();
        assertThat(Files.readAllLines(out)).hasSize(traces).isNotEmpty();
        assertThat(status()).isEqualTo("wrote " + traces + " lines (jsonl) to " + out.toAbsolutePath());
        assertThat(prefs.get(ExportFolder.PREF, null)).isEqualTo(folder.toString());

        robot.interact(() -> view.fileMenu().exportItem().fire());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !app.viewModel().files().busyProperty().get());
        assertThat(answers.openedIn).hasSize(2);
        assertThat(answers.openedIn.get(1)).as("the folder used last").isEqualTo(folder);
    }
}
