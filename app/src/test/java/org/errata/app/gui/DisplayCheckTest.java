package org.errata.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class DisplayCheckTest {

    @Test
    @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
    void withoutADisplayTheWorkbenchProcessSaysSoInOneLineAndTheSubcommandsStillWork(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(javaBin, "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), org.errata.app.Main.class.getName(),
                "--db", dir.resolve("errata.db").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor());
        assertEquals("", out);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("errata: no display to open the workbench on"), err);
        assertTrue(err.strip().endsWith("the subcommands still work without a window (errata --help)"), err);
    }

    @Test
    void noDisplayOnLinuxIsOneLineThatSaysTheSubcommandsStillWork() {
        String msg = DisplayCheck.beforeLaunch(Map.of("HOME", "/home/u"), "Linux", "").orElseThrow();
        assertTrue(msg.contains("DISPLAY is not set"), msg);
        assertTrue(msg.contains("xvfb-run"), msg);
        assertTrue(msg.endsWith("the subcommands still work without a window (errata --help)"), msg);
        assertFalse(msg.contains("\n"));
    }

    @Test
    void aDisplayWaylandMonocleOrAnotherSystemNeedsNoMessage() {
        assertTrue(DisplayCheck.beforeLaunch(Map.of("DISPLAY", ":0"), "Linux", "").isEmpty());
        assertTrue(DisplayCheck.beforeLaunch(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux", "").isEmpty());
        assertTrue(DisplayCheck.beforeLaunch(Map.of(), "Linux", "Monocle").isEmpty());
        assertTrue(DisplayCheck.beforeLaunch(Map.of(), "Mac OS X", "").isEmpty());
    }

    @Test
    void aMissingGtkNamesThePackageToInstall() {
        String msg = DisplayCheck.afterFailure(new UnsupportedOperationException("Unable to load glass GTK library."));
        assertEquals("the workbench needs GTK 3, which is not installed (install it: apt-get install libgtk-3-0); "
                + "the subcommands still work without a window (errata --help)", msg);
    }

    @Test
    void otherStartFailuresKeepJavaFxsReason() {
        String msg = DisplayCheck.afterFailure(new UnsupportedOperationException("Unable to open DISPLAY"));
        assertTrue(msg.startsWith("cannot open the display (Unable to open DISPLAY)"), msg);
    }

    @Test
    void onlyTheClassPathNoteIsDropped() {
        DisplayCheck.quietClassPathNote();
        Logger javafx = Logger.getLogger("javafx");
        assertFalse(javafx.getFilter().isLoggable(new LogRecord(Level.WARNING,
                "Unsupported JavaFX configuration: classes were loaded from 'unnamed module @1'")));
        assertTrue(javafx.getFilter().isLoggable(new LogRecord(Level.WARNING, "Could not resolve '-fx-x'")));
    }
}
