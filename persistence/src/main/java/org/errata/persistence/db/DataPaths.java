package org.errata.persistence.db;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the database lives by default: {@code $ERRATA_DB}, else
 * {@code $XDG_DATA_HOME/errata/errata.db}, else {@code ~/.local/share/errata/errata.db}.
 */
public final class DataPaths {
    private DataPaths() {}

    public static Path defaultDatabase() {
        return defaultDatabase(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The same rule over a given environment and home folder (for tests). */
    public static Path defaultDatabase(Map<String, String> env, Path home) {
        String explicit = env.get("ERRATA_DB");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_DATA_HOME");
        // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        Path dataHome = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : home.resolve(".local").resolve("share");
        return dataHome.resolve("errata").resolve("errata.db");
    }
}
