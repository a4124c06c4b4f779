package org.errata.app.math;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Insets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.scilab.forge.jlatexmath.TeXConstants;
import org.scilab.forge.jlatexmath.TeXFormula;
import org.scilab.forge.jlatexmath.TeXIcon;

/**
 * LaTeX to AWT images with JLaTeXMath (works headless), under a {@link Budget}: model text is
 * untrusted, and JLaTeXMath loops forever on a self-referencing macro, recurses once per nesting
 * level, and allocates whatever size a {@code \rule} asks for. So a formula is first checked
 * without parsing (length, brace and {@code \left} depth, no macro definitions, no file or font
 * loading), then parsed and laid out on a worker thread with a fixed stack and a deadline, and
 * drawn only when its size in pixels is within the budget. Anything refused or failed is a
 * {@link Fallback} with the reason; callers show the escaped source instead.
 */
public final class LatexRenderer {
    /**
     * Limits for one formula: its source length, its nesting depth (braces plus {@code \left}),
     * its width, height and area in pixels, and the time to parse and lay it out.
     */
    public record Budget(int maxChars, int maxDepth, int maxSide, long maxPixels, Duration time) {
        public static final Budget DEFAULT = new Budget(4_000, 40, 4_000, 4_000_000L, Duration.ofSeconds(2));

        public Budget withTime(Duration t) {
            return new Budget(maxChars, maxDepth, maxSide, maxPixels, t);
        }
    }

    /** What rendering a formula gave: an image, or the reason there is none. */
    public sealed interface Rendering permits Rendered, Fallback {
        default Optional<BufferedImage> asImage() {
            return this instanceof Rendered r ? Optional.of(r.image()) : Optional.empty();
        }
    }

    public record Rendered(BufferedImage image) implements Rendering {}

    public record Fallback(String reason) implements Rendering {}

    /**
     * Commands refused before parsing: definitions (JLaTeXMath keeps them globally, and one can
     * refer to itself), file and font loading, and its own extension hooks.
     */
    private static final Pattern REFUSED = Pattern.compile(
            "\\\\(newcommand|renewcommand|providecommand|newenvironment|renewenvironment|def|gdef|edef|xdef|let"
                    + "|DeclareMathOperator|includegraphics|definecolor|input|include|jlm[A-Za-z]*)(?![A-Za-z])");

    /** Worker stack: deep enough for any formula within the depth budget, small enough to fail fast. */
    private static final long WORKER_STACK_BYTES = 4L << 20;
    /** Renders still running after their deadline; while this many are, new ones fall back at once. */
    private static final int MAX_ABANDONED = 2;
    private static final AtomicInteger ABANDONED = new AtomicInteger();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private LatexRenderer() {}

    /** The formula as an image within {@link Budget#DEFAULT}, or empty (show the source instead). */
    public static Optional<BufferedImage> render(String latex, boolean display, float size, Color color) {
        return render(latex, display, size, color, Budget.DEFAULT).asImage();
    }

    public static Rendering render(String latex, boolean display, float size, Color color, Budget budget) {
        return render(latex, budget, () -> layout(latex, display, size, color), icon -> draw(icon, color));
    }

    /** Lays a formula out into an icon (on the worker thread). */
    @FunctionalInterface
    interface Layout {
        TeXIcon run() throws Exception;
    }

    @FunctionalInterface
    interface Draw {
        BufferedImage run(TeXIcon icon);
    }

    /** The budgeted pipeline, with the layout step replaceable in tests (a layout that never returns). */
    static Rendering render(String latex, Budget budget, Layout layout, Draw draw) {
        Optional<String> refused = precheck(latex, budget);
        if (refused.isPresent()) return new Fallback(refused.get());
        if (ABANDONED.get() >= MAX_ABANDONED) {
            return new Fallback("earlier formulas are still being rendered past their time budget");
        }
        CompletableFuture<TeXIcon> result = new CompletableFuture<>();
        boolean[] abandoned = {false};
        Thread worker = new Thread(null, () -> {
            try {
                result.complete(layout.run());
            } catch (Throwable t) { // StackOverflowError and OutOfMemoryError included: this thread only
                result.completeExceptionally(t);
            } finally {
                synchronized (abandoned) {
                    if (abandoned[0]) ABANDONED.decrementAndGet();
                }
            }
        }, "latex-" + THREADS.incrementAndGet(), WORKER_STACK_BYTES);
        worker.setDaemon(true);
        worker.start();
        TeXIcon icon;
        try {
            icon = result.get(budget.time().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            synchronized (abandoned) {
                if (!result.isDone()) {
                    abandoned[0] = true;
                    ABANDONED.incrementAndGet();
                    worker.interrupt();
                    return new Fallback("took longer than " + budget.time().toMillis() + " ms");
                }
            }
            icon = result.getNow(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fallback("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StackOverflowError) return new Fallback("nested too deeply");
            if (cause instanceof OutOfMemoryError) return new Fallback("too large");
            return new Fallback("does not parse: " + firstLine(cause));
        }
        if (icon == null) return new Fallback("does not parse");
        long w = icon.getIconWidth(), h = icon.getIconHeight();
        if (w <= 0 || h <= 0) return new Fallback("is empty");
        if (w > budget.maxSide() || h > budget.maxSide() || w * h > budget.maxPixels()) {
            return new Fallback("would be " + w + " x " + h + " pixels (limit " + budget.maxSide() + " a side, "
                    + budget.maxPixels() + " in all)");
        }
        return new Rendered(draw.run(icon));
    }

    /** Why the formula is refused without parsing it, or empty when it may be parsed. */
    public static Optional<String> precheck(String latex, Budget budget) {
        Matcher m = REFUSED.matcher(latex);
        if (m.find()) return Optional.of("uses \\" + m.group(1) + ", which is not rendered");
        int depth = 0, max = 0;
        for (int i = 0; i < latex.length(); i++) {
            char c = latex.charAt(i);
            if (c == '\\') {
                if (latex.startsWith("left", i + 1) && !letterAt(latex, i + 5)) depth++;
                else if (latex.startsWith("right", i + 1) && !letterAt(latex, i + 6)) depth--;
                i++; // an escaped character, or the first letter of a command
                continue;
            }
            if (c == '{') depth++;
            else if (c == '}') depth--;
            max = Math.max(max, depth);
        }
        max = Math.max(max, depth);
        if (max > budget.maxDepth()) return Optional.of("nested more than " + budget.maxDepth() + " levels deep");
        if (latex.length() > budget.maxChars()) return Optional.of("longer than " + budget.maxChars() + " characters");
        return Optional.empty();
    }

    private static boolean letterAt(String s, int i) {
        return i < s.length() && Character.isLetter(s.charAt(i));
    }

    private static TeXIcon layout(String latex, boolean display, float size, Color color) throws Exception {
        TeXFormula f = new TeXFormula(latex);
        TeXIcon icon = f.createTeXIcon(display ? TeXConstants.STYLE_DISPLAY : TeXConstants.STYLE_TEXT, size);
        icon.setInsets(new Insets(2, 2, 2, 2));
        icon.setForeground(color);
        return icon;
    }

    private static BufferedImage draw(TeXIcon icon, Color color) {
        BufferedImage image = new BufferedImage(icon.getIconWidth(), icon.getIconHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            icon.setForeground(color);
            icon.paintIcon(null, g, 0, 0);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) return t.getClass().getSimpleName();
        return m.lines().findFirst().orElse(m).strip().toLowerCase(Locale.ROOT);
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
