package org.errata.app.gui;

import java.util.List;

/** The keyboard shortcuts, as the shortcut sheet lists them. MainView binds each of them. */
public final class Shortcuts {
    private Shortcuts() {}

    public record Shortcut(String keys, String action) {}

    public static final List<Shortcut> ALL = List.of(
            new Shortcut("? or F1", "Show this sheet"),
            new Shortcut("Ctrl+1 / Ctrl+2 / Ctrl+3", "Focus library / trace tree / inspector"),
            new Shortcut("Ctrl+F", "Search the traces of the run"),
            new Shortcut("Ctrl+M", "Metrics of the run (and against run B)"),
            new Shortcut("Ctrl+Shift+C", "Compare two runs side by side (fixed / broken by B)"),
            new Shortcut("J / K", "Next / previous trace in the library"),
            new Shortcut("Up / Down, Left / Right", "Move in the tree, collapse / expand"),
            new Shortcut("E", "Collapse the tree to the first error"),
            new Shortcut("Ctrl+R", "Raw text / rendered LaTeX"),
            new Shortcut("Ctrl+Shift+T", "Light / dark theme"),
            new Shortcut("Ctrl+Enter", "Start a run with the launcher's settings"),
            new Shortcut("Ctrl+.", "Stop the run"),
            new Shortcut("Ctrl+L", "Label the listed solutions (annotation mode)"),
            new Shortcut("Ctrl+P or F5", "Present the open trace (space reveals, P replays, live mode)"),
            new Shortcut("Ctrl+E", "Export the open trace as HTML or PNG"),
            new Shortcut("Ctrl+O", "Import files (or drop them on the library)"),
            new Shortcut("Ctrl+Shift+E", "Export the run (traces, labels, training sets)"),
            new Shortcut("Ctrl+N", "New run: the launcher"),
            new Shortcut("Ctrl+Q", "Quit"),
            new Shortcut("Esc", "Close a sheet or message"));
}
