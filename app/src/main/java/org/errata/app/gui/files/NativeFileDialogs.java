package org.errata.app.gui.files;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.scene.control.ChoiceDialog;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.errata.app.services.FileTransfers;

/** The platform's file dialogs: an open dialog for imports; a format choice, then a save dialog, for exports. */
public final class NativeFileDialogs implements FileDialogs {

    @Override
    public List<Path> chooseImports(Window owner, Path folder) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import into the library");
        List<String> patterns = FileTransfers.IMPORT_ENDINGS.stream()
                .flatMap(e -> java.util.stream.Stream.of("*" + e, "*" + e + ".gz")).toList();
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Files Errata imports", patterns),
                new FileChooser.ExtensionFilter("All files", "*"));
        chooser.setInitialDirectory(folder.toFile());
        List<File> files = chooser.showOpenMultipleDialog(owner);
        return files == null ? List.of() : files.stream().map(File::toPath).toList();
    }

    @Override
    public Optional<ExportChoice> chooseExport(Window owner, String runName, List<FileTransfers.Format> formats, Path folder,
                                               Function<FileTransfers.Format, String> suggestedName) {
        if (formats.isEmpty()) return Optional.empty();
        ChoiceDialog<FileTransfers.Format> ask = new ChoiceDialog<>(formats.getFirst(), formats);
        ask.initOwner(owner);
        ask.setTitle("Export run");
        ask.setHeaderText("Export " + runName);
        ask.setContentText("Format");
        Optional<FileTransfers.Format> format = ask.showAndWait();
        if (format.isEmpty()) return Optional.empty();
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export " + runName + " as " + format.get().name());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON Lines", "*.jsonl"));
        chooser.setInitialDirectory(folder.toFile());
        chooser.setInitialFileName(suggestedName.apply(format.get()));
        File file = chooser.showSaveDialog(owner);
        return file == null ? Optional.empty() : Optional.of(new ExportChoice(format.get(), file.toPath()));
    }
}
