package org.errata.app.gui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.errata.app.Main;
import org.errata.app.Version;

/** Opens the workbench window. A separate class so that Main can run without JavaFX for the CLI. */
public final class WorkbenchLauncher {
    private WorkbenchLauncher() {}

    public static void launch(Main options) {
        Application.launch(Window.class);
    }

    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            stage.setTitle("Errata");
            stage.setScene(new Scene(new Label(Version.describe()), 900, 600));
            stage.show();
        }
    }
}
