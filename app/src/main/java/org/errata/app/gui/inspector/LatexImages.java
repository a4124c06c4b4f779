package org.errata.app.gui.inspector;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import org.scilab.forge.jlatexmath.ParseException;
import org.scilab.forge.jlatexmath.TeXConstants;
import org.scilab.forge.jlatexmath.TeXFormula;

/** Renders LaTeX to FX images with JLaTeXMath; keeps the most recent renderings. */
public final class LatexImages {
    private static final int CACHE = 512;
    private final Map<String, Optional<Image>> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<Image>> eldest) {
            return size() > CACHE;
        }
    };

    /** The formula as an image, or empty when JLaTeXMath cannot parse it. */
    public Optional<Image> render(String latex, boolean display, float size, boolean dark) {
        String key = (display ? "D" : "T") + size + (dark ? "d" : "l") + latex;
        return cache.computeIfAbsent(key, k -> {
            try {
                TeXFormula f = new TeXFormula(latex);
                Color fg = dark ? new Color(0xE6, 0xED, 0xF3) : new Color(0x1F, 0x23, 0x28);
                java.awt.Image img = f.createBufferedImage(display ? TeXConstants.STYLE_DISPLAY : TeXConstants.STYLE_TEXT,
                        size, fg, null);
                return Optional.of(SwingFXUtils.toFXImage((BufferedImage) img, null));
            } catch (ParseException | IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }
}
