package org.errata.app.gui.files;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Window;
import org.errata.correction.trace.Run;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The File menu: Import… (Ctrl+O), Export run… (Ctrl+Shift+E), New run… (Ctrl+N) and Quit
 * (Ctrl+Q). The dialogs ask; the {@link FilesViewModel} does the work.
 */
public final class FileMenu extends Menu {
    private final FilesViewModel vm;
    private final ObservableValue<@Nullable Run> selectedRun;
    private final Supplier<Window> owner;
    private final MenuItem importItem = new MenuItem("Import…", new FontIcon(Feather.DOWNLOAD));
    private final MenuItem exportItem = new MenuItem("Export run…", new FontIcon(Feather.UPLOAD));
    private FileDialogs dialogs = new NativeFileDialogs();

    public FileMenu(FilesViewModel vm, ObservableValue<@Nullable Run> selectedRun, Supplier<Window> owner,
                    Runnable newRun, Runnable quit) {
        super("_File");
        this.vm = Objects.requireNonNull(vm);
        this.selectedRun = selectedRun;
        this.owner = owner;
        setId("menu-file");
        importItem.setId("menu-import");
        importItem.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        importItem.disableProperty().bind(vm.busyProperty());
        importItem.setOnAction(e -> importFiles());
        exportItem.setId("menu-export-run");
        exportItem.setAccelerator(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        exportItem.disableProperty().bind(vm.busyProperty().or(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> selectedRun.getValue() == null, selectedRun)));
        exportItem.setOnAction(e -> exportRun());
        MenuItem run = new MenuItem("New run…", new FontIcon(Feather.PLAY));
        run.setId("menu-new-run");
        run.setAccelerator(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN));
        run.setOnAction(e -> newRun.run());
        MenuItem exit = new MenuItem("Quit");
        exit.setId("menu-quit");
        exit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        exit.setOnAction(e -> quit.run());
        getItems().addAll(importItem, exportItem, new SeparatorMenuItem(), run, new SeparatorMenuItem(), exit);
    }

    /** Replaces the native dialogs (tests answer in their place). */
    public void setDialogs(FileDialogs dialogs) {
        this.dialogs = Objects.requireNonNull(dialogs);
    }

    public MenuItem importItem() { return importItem; }
    public MenuItem exportItem() { return exportItem; }

    private void importFiles() {
        List<Path> files = dialogs.chooseImports(owner.get(), vm.importFolder());
        if (!files.isEmpty()) vm.importFiles(files);
    }

    private void exportRun() {
        Run run = selectedRun.getValue();
        if (run == null) return;
        dialogs.chooseExport(owner.get(), run.name(), vm.formats(), vm.exportFolder(), f -> FilesViewModel.suggestedName(run, f))
                .ifPresent(c -> vm.exportRun(run, c.format(), c.file()));
    }
}
