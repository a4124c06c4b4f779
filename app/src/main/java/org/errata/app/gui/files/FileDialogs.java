package org.errata.app.gui.files;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.stage.Window;
import org.errata.app.services.FileTransfers;

/** Asks the person for files: the File menu's one seam to the native dialogs (tests answer in their place). */
public interface FileDialogs {

    /** The files to import, opening in {@code folder}; empty when the person cancels. */
    List<Path> chooseImports(Window owner, Path folder);

    /**
     * The format and file to export {@code runName} to, opening in {@code folder} with the name
     * {@code suggestedName} gives for the chosen format; empty when the person cancels.
     */
    Optional<ExportChoice> chooseExport(Window owner, String runName, List<FileTransfers.Format> formats, Path folder,
                                        Function<FileTransfers.Format, String> suggestedName);

    record ExportChoice(FileTransfers.Format format, Path file) {}
}
