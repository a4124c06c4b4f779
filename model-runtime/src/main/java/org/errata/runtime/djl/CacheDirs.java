package org.errata.runtime.djl;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the runtime keeps what it makes once and reuses (the compiled MKL shim, converted
 * weights): {@code $XDG_CACHE_HOME/errata/<what>}, else {@code ~/.cache/errata/<what>}.
 */
final class CacheDirs {

    private CacheDirs() {}

    static Path of(String what) {
        return of(System.getenv(), Path.of(System.getProperty("user.home")), what);
    }

    /** As {@link #of(String)} for a given environment and home folder (a relative XDG path is ignored, as the spec says). */
    static Path of(Map<String, String> env, Path home, String what) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".cache");
        return base.resolve("errata").resolve(what);
    }
}
