package org.errata.app.gui.inspector;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import org.errata.app.math.LatexRenderer;

/** LaTeX as FX images, rendered by {@link LatexRenderer} under its budget; keeps the most recent renderings. */
public final class LatexImages {
    private static final int CACHE = 512;
    private final Map<String, Optional<Image>> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<Image>> eldest) {
            return size() > CACHE;
        }
    };

    /** The formula as an image, or empty when it does not parse or is over the budget (show its source). */
    public Optional<Image> render(String latex, boolean display, float size, boolean dark) {
        String key = (display ? "D" : "T") + size + (dark ? "d" : "l") + latex;
        return cache.computeIfAbsent(key, k -> {
            Color fg = dark ? new Color(0xE6, 0xED, 0xF3) : new Color(0x1F, 0x23, 0x28);
            return LatexRenderer.render(latex, display, size, fg).map(img -> SwingFXUtils.toFXImage(img, null));
        });
    }
}
