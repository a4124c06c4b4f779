package org.errata.app.gui.files;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;

/**
 * Files dragged onto a node (the library) are imported: while files Errata reads are over it the
 * node shows the {@code :drop-target} pseudo-class, and dropping hands them to the
 * {@link FilesViewModel}. Other drags (text, files it cannot read) are left alone.
 */
public final class FileDrop {
    public static final PseudoClass DROP_TARGET = PseudoClass.getPseudoClass("drop-target");

    private final Node target;
    private final FilesViewModel vm;

    private FileDrop(Node target, FilesViewModel vm) {
        this.target = target;
        this.vm = vm;
    }

    /** Makes {@code target} accept dropped files. Filters, so that a text field inside does not take the drag. */
    public static FileDrop install(Node target, FilesViewModel vm) {
        FileDrop drop = new FileDrop(target, vm);
        target.addEventFilter(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles() && drop.over(e.getDragboard().getFiles())) {
                e.acceptTransferModes(TransferMode.COPY);
                e.consume();
            }
        });
        target.addEventHandler(DragEvent.DRAG_EXITED, e -> drop.exit());
        target.addEventFilter(DragEvent.DRAG_DROPPED, e -> {
            if (!e.getDragboard().hasFiles()) return;
            drop.drop(e.getDragboard().getFiles());
            e.setDropCompleted(true);
            e.consume();
        });
        return drop;
    }

    /** Files are dragged over the target: highlights it and returns true when some of them can be imported. */
    public boolean over(List<File> files) {
        boolean accepted = !vm.importable(paths(files)).isEmpty();
        target.pseudoClassStateChanged(DROP_TARGET, accepted);
        return accepted;
    }

    /** The drag left the target. */
    public void exit() {
        target.pseudoClassStateChanged(DROP_TARGET, false);
    }

    /** Files were dropped on the target. */
    public void drop(List<File> files) {
        exit();
        vm.drop(paths(files));
    }

    public boolean highlighted() {
        return target.getPseudoClassStates().contains(DROP_TARGET);
    }

    private static List<Path> paths(List<File> files) {
        return files.stream().map(File::toPath).toList();
    }
}
