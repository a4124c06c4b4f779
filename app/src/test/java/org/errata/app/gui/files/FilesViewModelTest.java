package org.errata.app.gui.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.errata.app.Main;
import org.errata.app.gui.library.LibraryViewModel;
import org.errata.app.gui.present.ExportFolder;
import org.errata.app.gui.task.CurrentThreadTaskExecutor;
import org.errata.app.services.FileTransfers;
import org.errata.app.services.ProblemQuery;
import org.errata.app.services.StoreLibraryService;
import org.errata.persistence.db.Database;
import org.errata.correction.metrics.TraceFilter;
import org.errata.correction.trace.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Import and export as the window does them, without a toolkit: the view model on a real SQLite
 * file through the same service the command line calls, on files written here in the documented
 * schemas (problem lines with {@code problem}/{@code answer}; Qwen2.5-Math evaluation samples).
 */
class FilesViewModelTest {
    @TempDir Path dir;
    @TempDir Path home;
    private final Preferences prefs = Preferences.userRoot().node("org/errata/test/" + UUID.randomUUID());
    private final List<String> errors = new ArrayList<>();
    private final StringProperty status = new SimpleStringProperty("");
    private Database db;
    private StoreLibraryService store;
    private LibraryViewModel library;
    private FilesViewModel vm;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("errata.db"));
        store = new StoreLibraryService(db);
        CurrentThreadTaskExecutor tasks = new CurrentThreadTaskExecutor();
        library = new LibraryViewModel(store, tasks, errors::add);
        library.reload();
        vm = new FilesViewModel(new FileTransfers(db), tasks, library, errors::add, status, prefs, home);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
        prefs.removeNode();
    }

    private Path problems(String name) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, """
                {"problem": "What is 2 + 3?", "answer": "5"}
                {"problem": "What is 7 * 6?", "answer": "42"}
                {"problem": "What is 10 - 4?", "answer": "6"}
                """);
        return file;
    }

    private Path samples(String name) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, """
                {"idx": 0, "question": "What is 9 - 4?", "gt": "5", "code": ["So \\\\boxed{5}.", "So \\\\boxed{6}."], "score": [true, false]}
                {"idx": 1, "question": "What is 3 * 3?", "gt": "9", "code": ["So \\\\boxed{9}."], "score": [true]}
                """);
        return file;
    }

    @Test
    void aProblemFileImportsIntoItsDatasetAndTheLibraryListsIt() throws Exception {
        Path file = problems("algebra.jsonl");
        assertThat(library.datasetNames()).doesNotContain("algebra");

        vm.importFiles(List.of(file));

        assertThat(errors).isEmpty();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(status.get()).isEqualTo("imported " + file + " (problems): 3 problems into dataset 'algebra'");
        assertThat(library.datasetNames()).contains("algebra");
        assertThat(library.datasetProperty().get()).isEqualTo("algebra");
        assertThat(library.problems()).extracting(p -> p.text()).containsExactly("What is 2 + 3?", "What is 7 * 6?", "What is 10 - 4?");
        assertThat(store.problems(new ProblemQuery("algebra", ""), 0, 10).items()).hasSize(3);
        assertThat(vm.lastImportedProperty().get()).isNotNull().satisfies(i -> assertThat(i.runs()).isEmpty());
        assertThat(prefs.get(FilesViewModel.IMPORT_PREF, null)).isEqualTo(dir.toString());
        assertThat(vm.importFolder()).isEqualTo(dir);
    }

    @Test
    void aDroppedSamplesFileBecomesARunThatTheLibraryOpens() throws Exception {
        Path file = samples("evals.jsonl");
        Path picture = Files.writeString(dir.resolve("notes.png"), "not json");
        assertThat(vm.importable(List.of(picture, file))).containsExactly(file);

        vm.drop(List.of(picture, file));

        assertThat(errors).isEmpty();
        Run run = library.selectedRunProperty().get();
        assertThat(run).isNotNull();
        assertThat(run.id()).isEqualTo(vm.lastImportedProperty().get().runs().getFirst());
        assertThat(run.dataset()).isEqualTo("evals");
        assertThat(library.runs()).contains(run);
        assertThat(library.traces()).hasSize(2);
        assertThat(store.traces(run.id(), TraceFilter.ALL, 0, 10).total()).isEqualTo(2);
        assertThat(status.get()).startsWith("imported " + file + " (samples): 2 problems into dataset 'evals'");
    }

    @Test
    void aFileNoImporterReadsIsRefusedWithAReason() throws Exception {
        Path picture = Files.writeString(dir.resolve("notes.png"), "not json");
        int datasets = store.datasets().size();
        vm.drop(List.of(picture));
        assertThat(errors).singleElement().asString().startsWith("notes.png: not a file Errata imports (.jsonl, .json");
        assertThat(store.datasets()).hasSize(datasets);
    }

    @Test
    void aBadLineImportsNothingAndSaysFileAndLineExactlyAsTheCommandLineDoes() throws Exception {
        Path bad = dir.resolve("broken.jsonl");
        Files.writeString(bad, """
                {"problem": "What is 2 + 3?", "answer": "5"}
                {"problem": "What is 7 * 6?", "answer": 
                {"problem": "What is 10 - 4?", "answer": "6"}
                """);
        int datasets = store.datasets().size();

        vm.importFiles(List.of(bad));

        assertThat(errors).hasSize(1);
        String message = errors.getFirst();
        assertThat(message).startsWith(bad + ":2: ").contains("nothing was imported").doesNotContain("\n");
        assertThat(store.datasets()).hasSize(datasets);
        assertThat(store.datasets()).noneMatch(d -> d.name().equals("broken"));
        assertThat(library.datasetNames()).doesNotContain("broken");
        assertThat(status.get()).isEqualTo("Nothing imported");
        assertThat(vm.busyProperty().get()).isFalse();

        // errata import on the same file prints the same line (after its "errata: ")
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("--db", dir.resolve("cli.db").toString(), "import", bad.toString());
        assertThat(code).isNotZero();
        assertThat(err.toString().strip()).isEqualTo("errata: " + message);
    }

    @Test
    void severalFilesImportInOrderAndStopAtTheFirstThatFails() throws Exception {
        Path good = problems("first.jsonl");
        Path bad = Files.writeString(dir.resolve("second.jsonl"), "{\"problem\": \"q\", \"answer\": \"1\"}\nnot json\n");
        Path never = problems("third.jsonl");

        vm.importFiles(List.of(good, bad, never));

        assertThat(errors).singleElement().asString().startsWith(bad + ":2: ");
        assertThat(store.datasets()).extracting(d -> d.name()).contains("first").doesNotContain("second", "third");
        assertThat(status.get()).isEqualTo("Imported 1 of 3 files");
        assertThat(library.datasetNames()).contains("first");
    }

    @Test
    void aRunExportsToTheChosenFileAndTheFolderIsRemembered() throws Exception {
        assertThat(vm.exportFolder()).as("nothing remembered, no Documents: home").isEqualTo(home);
        Path documents = Files.createDirectory(home.resolve("Documents"));
        assertThat(vm.exportFolder()).isEqualTo(documents);

        vm.importFiles(List.of(samples("evals.jsonl")));
        Run run = library.selectedRunProperty().get();
        FileTransfers.Format jsonl = vm.formats().stream().filter(f -> f.name().equals("jsonl")).findFirst().orElseThrow();
        assertThat(FilesViewModel.suggestedName(run, jsonl)).isEqualTo("evals.jsonl.jsonl");
        Path out = Files.createDirectory(dir.resolve("exports")).resolve("evals-traces.jsonl");

        vm.exportRun(run, jsonl, out);

        assertThat(errors).isEmpty();
        assertThat(out).exists();
        assertThat(Files.readAllLines(out)).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{").contains(run.id().value()));
        assertThat(status.get()).isEqualTo("wrote 2 lines (jsonl) to " + out.toAbsolutePath());
        assertThat(prefs.get(ExportFolder.PREF, null)).isEqualTo(out.getParent().toString());
        assertThat(vm.exportFolder()).isEqualTo(out.getParent());
    }

    @Test
    void anExportWithNothingToWriteSaysWhyAndWritesNoFile() throws Exception {
        vm.importFiles(List.of(samples("evals.jsonl")));
        Run run = library.selectedRunProperty().get();
        FileTransfers.Format prm = vm.formats().stream().filter(f -> f.name().equals("trl-prm")).findFirst().orElseThrow();
        Path out = dir.resolve("prm.jsonl");

        vm.exportRun(run, prm, out);

        assertThat(errors).singleElement().asString().startsWith("0 PRM items: no attempt has a human label");
        assertThat(out).doesNotExist();
        assertThat(status.get()).isEqualTo("Nothing exported");
    }

    @Test
    void withoutADatabaseEveryActionSaysSo() {
        FilesViewModel none = new FilesViewModel(null, new CurrentThreadTaskExecutor(), library, errors::add, status, prefs, home);
        assertThat(none.available()).isFalse();
        assertThat(none.importable(List.of(dir.resolve("a.jsonl")))).isEmpty();
        none.importFiles(List.of(dir.resolve("a.jsonl")));
        assertThat(errors).singleElement().asString().contains("needs the database");
    }
}
