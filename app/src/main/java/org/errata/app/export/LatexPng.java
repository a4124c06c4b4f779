package org.errata.app.export;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.scilab.forge.jlatexmath.ParseException;
import org.scilab.forge.jlatexmath.TeXConstants;
import org.scilab.forge.jlatexmath.TeXFormula;

/** LaTeX to AWT images with JLaTeXMath (works headless); empty when the formula does not parse. */
public final class LatexPng {
    private LatexPng() {}

    public static Optional<BufferedImage> render(String latex, boolean display, float size, Color color) {
        try {
            TeXFormula f = new TeXFormula(latex);
            java.awt.Image img = f.createBufferedImage(display ? TeXConstants.STYLE_DISPLAY : TeXConstants.STYLE_TEXT,
                    size, color, null);
            return Optional.of((BufferedImage) img);
        } catch (ParseException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** The image as a {@code data:image/png;base64,...} URI. */
    public static String dataUri(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG in memory", e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
