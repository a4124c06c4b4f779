package org.errata.app.gui.present;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where a save dialog opens: the folder used last if it still exists, else the user's documents folder
 * ({@code ~/Documents} where there is one), else the home folder. Never the working directory, which for a
 * desktop launch is wherever the launcher happened to be started.
 */
public final class ExportFolder {
    private ExportFolder() {}

    /** The preference key under which the last folder is remembered. */
    public static final String PREF = "export.lastFolder";

    public static Path initial(@Nullable String lastUsed, Path home) {
        if (lastUsed != null && !lastUsed.isBlank()) {
            Path last = Path.of(lastUsed);
            if (Files.isDirectory(last)) return last;
        }
        Path documents = home.resolve("Documents");
        return Files.isDirectory(documents) ? documents : home;
    }
}
