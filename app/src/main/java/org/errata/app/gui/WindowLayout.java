package org.errata.app.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** The window's bounds, state, divider positions and theme, kept between sessions in java.util.prefs. */
public record WindowLayout(double x, double y, double width, double height, boolean maximized,
                           List<Double> dividers, boolean dark) {

    public static final WindowLayout DEFAULT = new WindowLayout(Double.NaN, Double.NaN, 1440, 900, false,
            List.of(0.26, 0.62), false);

    public WindowLayout {
        dividers = List.copyOf(dividers);
        if (!(width > 0) || !(height > 0)) throw new IllegalArgumentException("size " + width + "x" + height);
    }

    public static WindowLayout load(Preferences node) {
        WindowLayout d = DEFAULT;
        List<Double> dividers = new ArrayList<>();
        for (String s : node.get("dividers", "").split(",")) {
            if (s.isBlank()) continue;
            try {
                dividers.add(Double.parseDouble(s));
            } catch (NumberFormatException e) {
                dividers.clear();
                break;
            }
        }
        if (dividers.size() != d.dividers().size()) dividers = d.dividers();
        double w = node.getDouble("width", d.width());
        double h = node.getDouble("height", d.height());
        return new WindowLayout(node.getDouble("x", d.x()), node.getDouble("y", d.y()),
                w > 0 ? w : d.width(), h > 0 ? h : d.height(), node.getBoolean("maximized", d.maximized()),
                dividers, node.getBoolean("dark", d.dark()));
    }

    public void save(Preferences node) throws BackingStoreException {
        node.putDouble("x", x);
        node.putDouble("y", y);
        node.putDouble("width", width);
        node.putDouble("height", height);
        node.putBoolean("maximized", maximized);
        node.put("dividers", String.join(",", dividers.stream().map(v -> String.format(Locale.ROOT, "%.4f", v)).toList()));
        node.putBoolean("dark", dark);
        node.flush();
    }
}
