package org.errata.app.gui;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.jspecify.annotations.Nullable;

/**
 * Where the user was when the workbench closed: the run, the trace (by problem) and the node, kept in
 * java.util.prefs beside the {@link WindowLayout} and reopened on the next start. Any part may be gone by
 * then (a run deleted, another database); what is missing is skipped, never an error.
 */
public record LastSession(@Nullable String run, @Nullable String problem, @Nullable String node) {

    public static final LastSession NONE = new LastSession(null, null, null);

    public static LastSession load(Preferences prefs) {
        return new LastSession(blankToNull(prefs.get("session.run", null)), blankToNull(prefs.get("session.problem", null)),
                blankToNull(prefs.get("session.node", null)));
    }

    public void save(Preferences prefs) throws BackingStoreException {
        put(prefs, "session.run", run);
        put(prefs, "session.problem", problem);
        put(prefs, "session.node", node);
        prefs.flush();
    }

    private static void put(Preferences prefs, String key, @Nullable String value) {
        if (value == null) prefs.remove(key);
        else prefs.put(key, value);
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
