package org.errata.app.gui;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.Logger;

/**
 * What the workbench needs from the desktop before a window can open, said in one line each: a display
 * to draw on, and GTK 3 (JavaFX's Linux windowing toolkit). The command line needs neither, so every
 * message ends by saying the subcommands still work.
 */
public final class DisplayCheck {
    private DisplayCheck() {}

    /** The package that brings GTK 3 on Debian and Ubuntu, where JavaFX's glass library looks for it. */
    public static final String GTK_PACKAGE = "libgtk-3-0";

    static final String SUBCOMMANDS = "the subcommands still work without a window (errata --help)";

    /**
     * Why no window can open here, before JavaFX is touched: empty when a display is set (or not needed:
     * a headless Monocle platform, or a system other than Linux).
     */
    public static Optional<String> beforeLaunch(Map<String, String> env, String osName, String glassPlatform) {
        if (!osName.toLowerCase(java.util.Locale.ROOT).contains("linux")) return Optional.empty();
        if ("monocle".equalsIgnoreCase(glassPlatform)) return Optional.empty();
        boolean display = !env.getOrDefault("DISPLAY", "").isBlank() || !env.getOrDefault("WAYLAND_DISPLAY", "").isBlank();
        if (display) return Optional.empty();
        return Optional.of("no display to open the workbench on (DISPLAY is not set; under SSH use 'ssh -X', "
                + "on a server 'xvfb-run ./errata'); " + SUBCOMMANDS);
    }

    /**
     * What the workbench and {@code bench gui} throw when JavaFX's start-up fails (it reports a
     * missing display or GTK as an unchecked exception): {@link #afterFailure}'s one line, the cause kept.
     */
    public static IllegalStateException startFailed(RuntimeException e) {
        return new IllegalStateException(afterFailure(e), e);
    }

    /** The one line for a failure of JavaFX's start-up, naming what to install where that is the cause. */
    public static String afterFailure(Throwable e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (msg.contains("GTK")) {
            return "the workbench needs GTK 3, which is not installed (install it: apt-get install " + GTK_PACKAGE
                    + "); " + SUBCOMMANDS;
        }
        if (msg.contains("DISPLAY")) {
            return "cannot open the display (" + msg + "); " + SUBCOMMANDS;
        }
        return "the workbench could not start: " + msg + "; " + SUBCOMMANDS;
    }

    /**
     * Errata runs JavaFX from the class path on purpose (one class path serves the command line and the
     * window, and the toolkit works there), so JavaFX's start-up note that this is "unsupported" says
     * nothing a user can act on. Only that one record is dropped; every other JavaFX warning still prints.
     */
    public static void quietClassPathNote() {
        Logger javafx = Logger.getLogger("javafx");
        Filter previous = javafx.getFilter();
        javafx.setFilter(r -> {
            String m = r.getMessage();
            if (m != null && m.startsWith("Unsupported JavaFX configuration")) return false;
            return previous == null || previous.isLoggable(r);
        });
        KEEP.set(javafx); // the logging system holds loggers weakly; keep this one (and its filter) alive
    }

    private static final java.util.concurrent.atomic.AtomicReference<Logger> KEEP = new java.util.concurrent.atomic.AtomicReference<>();
}
