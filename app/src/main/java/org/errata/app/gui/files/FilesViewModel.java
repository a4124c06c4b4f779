package org.errata.app.gui.files;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.prefs.Preferences;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.StringProperty;
import org.errata.app.gui.library.LibraryViewModel;
import org.errata.app.gui.present.ExportFolder;
import org.errata.app.gui.task.TaskExecutor;
import org.errata.app.services.FileTransfers;
import org.errata.app.services.LibraryService;
import org.errata.app.services.ServiceException;
import org.errata.correction.trace.Run;
import org.jspecify.annotations.Nullable;

/**
 * Import and export from the window: files chosen in the File menu or dropped on the library are
 * imported, one after another, by the same {@link FileTransfers} service {@code errata import}
 * calls, on the task executor; the library then lists what came in. A run is exported the same
 * way. While work runs {@link #busyProperty()} is true (the status bar shows a progress bar); a
 * failure is reported as the service's one-line message, which names file and line. The import
 * writes a file in one transaction, so a bad line leaves the store as it was. The service has no
 * cancellation point, so there is no cancel. Dialogs open in the folder used last, else the user's
 * documents folder, else home ({@link ExportFolder}).
 */
public final class FilesViewModel {
    /** The preference key of the folder files were last imported from. */
    public static final String IMPORT_PREF = "import.lastFolder";

    private final @Nullable FileTransfers transfers;
    private final TaskExecutor tasks;
    private final LibraryViewModel library;
    private final LibraryViewModel.ErrorSink errors;
    private final StringProperty status;
    private final Preferences prefs;
    private final Path home;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyObjectWrapper<FileTransfers.@Nullable Imported> lastImported =
            new ReadOnlyObjectWrapper<>(this, "lastImported");

    /**
     * {@code transfers}: null where there is no database (the built-in sample), and then every
     * action says so. {@code prefs} remembers the folders; {@code home} is the user's home folder.
     */
    public FilesViewModel(@Nullable FileTransfers transfers, TaskExecutor tasks, LibraryViewModel library,
                          LibraryViewModel.ErrorSink errors, StringProperty status, Preferences prefs, Path home) {
        this.transfers = transfers;
        this.tasks = Objects.requireNonNull(tasks);
        this.library = Objects.requireNonNull(library);
        this.errors = Objects.requireNonNull(errors);
        this.status = Objects.requireNonNull(status);
        this.prefs = Objects.requireNonNull(prefs);
        this.home = Objects.requireNonNull(home);
    }

    /** Whether files can be imported and runs exported (a database is open). */
    public boolean available() {
        return transfers != null;
    }

    /** The files of {@code files} the importers read, in order: what a drop on the library accepts. */
    public List<Path> importable(List<Path> files) {
        if (transfers == null) return List.of();
        return files.stream().filter(FileTransfers::importable).toList();
    }

    /** Where the import dialog opens. */
    public Path importFolder() {
        return ExportFolder.initial(prefs.get(IMPORT_PREF, null), home);
    }

    /** Where the export dialog opens. */
    public Path exportFolder() {
        return ExportFolder.initial(prefs.get(ExportFolder.PREF, null), home);
    }

    /** Remembers the folder of a file just chosen to export to: the next export dialog, of any export, opens there. */
    public void rememberExportFolder(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) prefs.put(ExportFolder.PREF, folder.toString());
    }

    /** Every format a run exports to. */
    public List<FileTransfers.Format> formats() {
        return FileTransfers.exportFormats();
    }

    /** The file name the export dialog proposes: the run's name, the format unless plain jsonl, {@code .jsonl}. */
    public static String suggestedName(Run run, FileTransfers.Format format) {
        String base = run.name().strip().replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^_+|_+$", "");
        if (base.isEmpty()) base = "run";
        return base + (format.name().equals("jsonl") ? "" : "." + format.name()) + ".jsonl";
    }

    /** Files dropped on the library: the importable ones are imported; anything else is refused with a reason. */
    public void drop(List<Path> files) {
        List<Path> accepted = importable(files);
        if (transfers != null && accepted.isEmpty() && !files.isEmpty()) {
            errors.report(files.getFirst().getFileName() + ": not a file Errata imports (" + String.join(", ",
                    FileTransfers.IMPORT_ENDINGS) + ", each also .gz)");
            return;
        }
        importFiles(accepted);
    }

    /** The files' outcome: those imported, and the first failure's one-line message (the rest are not tried). */
    private record Batch(List<FileTransfers.Imported> done, @Nullable String error) {}

    /** Imports the files in order, each in its own transaction, stopping at the first that fails. */
    public void importFiles(List<Path> files) {
        FileTransfers t = transfers;
        if (t == null) {
            errors.report(LibraryService.READ_ONLY);
            return;
        }
        if (files.isEmpty()) return;
        if (busy.get()) {
            errors.report("An import or export is still running; try again when it has finished.");
            return;
        }
        List<Path> chosen = List.copyOf(files);
        Path folder = chosen.getFirst().toAbsolutePath().getParent();
        if (folder != null) prefs.put(IMPORT_PREF, folder.toString());
        busy.set(true);
        status.set("Importing " + chosen.getFirst().getFileName() + (chosen.size() > 1 ? " and " + (chosen.size() - 1) + " more" : "") + "…");
        tasks.execute(() -> {
            List<FileTransfers.Imported> done = new ArrayList<>();
            for (Path f : chosen) {
                try {
                    done.add(t.importFile(f));
                } catch (ServiceException e) {
                    return new Batch(done, e.getMessage());
                }
            }
            return new Batch(done, null);
        }, batch -> {
            busy.set(false);
            if (!batch.done().isEmpty()) showImported(batch.done());
            if (batch.error() != null) {
                errors.report(batch.error());
                status.set(batch.done().isEmpty() ? "Nothing imported" : "Imported " + batch.done().size() + " of " + chosen.size() + " files");
            }
        }, e -> {
            busy.set(false);
            status.set("Nothing imported");
            errors.report("Could not import: " + e.getMessage());
        });
    }

    private void showImported(List<FileTransfers.Imported> done) {
        FileTransfers.Imported last = done.getLast();
        status.set(done.size() == 1 ? last.summary() : "Imported " + done.size() + " files; last: " + last.summary());
        if (last.runs().isEmpty()) {
            library.datasetProperty().set(last.dataset());
            library.reload();
        } else {
            library.openRun(last.runs().getFirst());
        }
        lastImported.set(last);
    }

    /** Exports {@code run} to {@code out} in {@code format}; remembers the folder for the next export. */
    public void exportRun(Run run, FileTransfers.Format format, Path out) {
        FileTransfers t = transfers;
        if (t == null) {
            errors.report(LibraryService.READ_ONLY);
            return;
        }
        if (busy.get()) {
            errors.report("An import or export is still running; try again when it has finished.");
            return;
        }
        rememberExportFolder(out);
        busy.set(true);
        status.set("Exporting " + run.name() + " (" + format.name() + ")…");
        tasks.execute(() -> t.exportRun(run.id(), format.name(), out, false, null), written -> {
            busy.set(false);
            status.set(String.join("; ", written.lines()));
        }, e -> {
            busy.set(false);
            status.set("Nothing exported");
            errors.report(e.getMessage() != null ? e.getMessage() : e.toString());
        });
    }

    /** True while an import or export runs. */
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }

    /** The latest import that wrote something; the view shows its run or dataset. */
    public ReadOnlyObjectProperty<FileTransfers.@Nullable Imported> lastImportedProperty() { return lastImported.getReadOnlyProperty(); }
}
