package org.errata.app.annotate;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Which keys do which {@link Action}. A key is the character it types ({@code j}, {@code ?},
 * {@code 1}) or a named key ({@code Down}, {@code Up}, {@code Enter}, {@code F1}). Stored as a
 * properties file of {@code action = key, key}; actions missing from the file keep their defaults.
 */
public final class Keymap {
    private final Map<Action, List<String>> keys;

    private Keymap(Map<Action, List<String>> keys) {
        EnumMap<Action, List<String>> copy = new EnumMap<>(Action.class);
        keys.forEach((a, k) -> copy.put(a, List.copyOf(k)));
        this.keys = copy;
        Map<String, Action> seen = new LinkedHashMap<>();
        for (var e : copy.entrySet()) {
            for (String k : e.getValue()) {
                Action other = seen.putIfAbsent(k, e.getKey());
                if (other != null) throw new IllegalArgumentException("key '" + k + "' is bound to both " + other.key() + " and " + e.getKey().key());
            }
        }
    }

    public static Keymap defaults() {
        Map<Action, List<String>> m = new EnumMap<>(Action.class);
        m.put(Action.NEXT_STEP, List.of("j", "Down"));
        m.put(Action.PREVIOUS_STEP, List.of("k", "Up"));
        m.put(Action.FIRST_ERROR, List.of("x"));
        m.put(Action.ALL_CORRECT, List.of("a"));
        m.put(Action.RATE_GOOD, List.of("1"));
        m.put(Action.RATE_NEUTRAL, List.of("2"));
        m.put(Action.RATE_BAD, List.of("3"));
        m.put(Action.UNDO, List.of("u"));
        m.put(Action.SKIP, List.of("s"));
        m.put(Action.BAD_PROBLEM, List.of("f"));
        m.put(Action.ERROR_TYPE, List.of("e"));
        m.put(Action.CONFIDENCE, List.of("c"));
        m.put(Action.NEXT_ITEM, List.of("Enter", "n"));
        m.put(Action.PREVIOUS_ITEM, List.of("p"));
        m.put(Action.SHEET, List.of("?", "F1"));
        return new Keymap(m);
    }

    public Optional<Action> action(String key) {
        for (var e : keys.entrySet()) {
            if (e.getValue().contains(key)) return Optional.of(e.getKey());
        }
        return Optional.empty();
    }

    public List<String> keys(Action action) {
        return keys.getOrDefault(action, List.of());
    }

    /** A copy with {@code action} bound to exactly {@code newKeys}; the keys are taken from any other action. */
    public Keymap with(Action action, List<String> newKeys) {
        Map<Action, List<String>> m = new EnumMap<>(Action.class);
        keys.forEach((a, k) -> m.put(a, k.stream().filter(x -> !newKeys.contains(x)).toList()));
        m.put(action, List.copyOf(newKeys));
        return new Keymap(m);
    }

    /** The file in the user's config folder: {@code $XDG_CONFIG_HOME/errata/annotation-keys.properties}. */
    public static Path defaultFile() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("errata").resolve("annotation-keys.properties");
    }

    /** Reads a keymap file over the defaults; a missing file gives the defaults. */
    public static Keymap load(Path file) throws IOException {
        Keymap map = defaults();
        if (!Files.exists(file)) return map;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        for (Action a : Action.values()) {
            String v = p.getProperty(a.key());
            if (v == null) continue;
            List<String> k = Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            try {
                map = map.with(a, k);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
        return map;
    }

    public void save(Path file) throws IOException {
        Map<String, String> sorted = new TreeMap<>();
        for (Action a : Action.values()) sorted.put(a.key(), String.join(", ", keys(a)));
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# Errata annotation keys: action = key, key (a typed character or a key name such as Down, Enter, F1)\n");
            for (var e : sorted.entrySet()) {
                w.write(e.getKey() + " = " + e.getValue().replace("\\", "\\\\") + "\n");
            }
        }
    }

    /** Esc is not remappable: the window's own key (the view handles it), listed last on the sheet. */
    public static final String CLOSE_HELP = "Close this sheet, then the window (every label is already saved)";

    /** The shortcut sheet: one (keys, help) row per action, in action order, then Esc. */
    public List<Map.Entry<String, String>> sheet() {
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        for (Action a : Action.values()) rows.add(Map.entry(String.join(" / ", keys(a)), a.help()));
        rows.add(Map.entry("Esc", CLOSE_HELP));
        return rows;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Keymap k && k.keys.equals(keys);
    }

    @Override
    public int hashCode() {
        return keys.hashCode();
    }
}
