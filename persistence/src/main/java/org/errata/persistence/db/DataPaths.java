package org.errata.persistence.db;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the database lives by default: {@code $ERRATA_DB}, else
 * {@code $XDG_DATA_HOME/errata/errata.db}, else {@code ~/.local/share/errata/errata.db}; and the
 * log file beside a database.
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

    /**
     * The log file that goes with a database: beside it, named after it ({@code errata.db} logs
     * to {@code errata.log}). Runs write the details of every failure there.
     */
    public static Path logFile(Path database) {
        Path absolute = database.toAbsolutePath().normalize();
        String name = absolute.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return absolute.resolveSibling(stem + ".log");
    }
}
