package org.errata.app.gui.compare;

import java.util.List;
import java.util.Objects;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.errata.correction.trace.RunId;
import org.jspecify.annotations.Nullable;

/** The compare view in a window of its own, made once and shown again on each open; Esc closes it. */
public final class CompareWindow {
    private final CompareViewModel vm;
    private final List<String> stylesheets;
    private @Nullable Stage stage;
    private @Nullable CompareView view;

    public CompareWindow(CompareViewModel vm, List<String> stylesheets) {
        this.vm = Objects.requireNonNull(vm);
        this.stylesheets = List.copyOf(stylesheets);
    }

    /** Shows the window with run A the given run and run B its default, loading both off the UI thread. */
    public void open(Window owner, @Nullable RunId runA) {
        Stage s = stage;
        if (s == null) {
            CompareView v = new CompareView(vm);
            Scene scene = new Scene(v, 1280, 820);
            scene.getStylesheets().addAll(stylesheets);
            scene.getStylesheets().add(Objects.requireNonNull(
                    CompareView.class.getResource("compare.css"), "compare.css").toExternalForm());
            s = new Stage();
            s.initOwner(owner);
            s.setTitle("Errata: compare runs");
            s.setScene(scene);
            Stage shown = s;
            scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
                if (e.getCode() == KeyCode.ESCAPE) {
                    shown.hide();
                    e.consume();
                }
            });
            stage = s;
            view = v;
        }
        vm.open(runA);
        s.show();
        s.toFront();
    }

    public boolean showing() {
        return stage != null && stage.isShowing();
    }

    /** The view, once the window has been opened. */
    public @Nullable CompareView view() { return view; }
    public @Nullable Stage stage() { return stage; }
}
