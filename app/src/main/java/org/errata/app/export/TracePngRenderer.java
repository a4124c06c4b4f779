package org.errata.app.export;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.errata.app.gui.inspector.MathSegments;
import org.errata.app.math.LatexRenderer;
import org.errata.persistence.io.OutputFile;
import org.jspecify.annotations.Nullable;

/**
 * Draws a {@link TraceCard} with AWT (headless) into a PNG: the same blocks and colours as the
 * HTML export, math rendered by JLaTeXMath, text wrapped to the card's width.
 */
public final class TracePngRenderer {
    private static final Color INK = new Color(0x1F2328);
    private static final Color MUTED = new Color(0x57606A);
    private static final Color RED = new Color(0xCF222E);
    private static final Color RED_BG = new Color(0xFFEBE9);
    private static final Color GREEN = new Color(0x1A7F37);
    private static final Color GREEN_BG = new Color(0xDAFBE1);
    private static final Color GREY_BG = new Color(0xF6F8FA);
    private static final Color YELLOW_BG = new Color(0xFFF8C5);
    private static final Color RULE = new Color(0xD0D7DE);

    /** The narrowest and widest image the layout supports, in pixels. */
    public static final int MIN_WIDTH = 320;
    public static final int MAX_WIDTH = 8_000;
    /** The largest image drawn (width x height): 4 bytes a pixel, so at most 200 MB in memory. */
    public static final long MAX_PIXELS = 50_000_000L;

    private final int width;
    private final Font body;
    private final Font head;
    private final Font title;

    /** @throws IllegalArgumentException when {@code width} is outside {@link #MIN_WIDTH}..{@link #MAX_WIDTH} */
    public TracePngRenderer(int width, float fontSize) {
        if (width < MIN_WIDTH || width > MAX_WIDTH) {
            throw new IllegalArgumentException("a PNG is " + MIN_WIDTH + " to " + MAX_WIDTH + " pixels wide, not " + width);
        }
        if (!(fontSize >= 6f && fontSize <= 96f)) throw new IllegalArgumentException("font size " + fontSize + " is outside 6..96");
        this.width = width;
        this.body = new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(fontSize));
        this.head = new Font(Font.SANS_SERIF, Font.BOLD, Math.round(fontSize * 0.8f));
        this.title = new Font(Font.SANS_SERIF, Font.BOLD, Math.round(fontSize * 1.4f));
    }

    /** A piece of a laid-out line: a word or a formula image, at x. */
    private record Piece(int x, @Nullable String word, @Nullable BufferedImage image) {}

    private record Line(List<Piece> pieces, int ascent, int height) {}

    public BufferedImage render(TraceCard card) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        int pad = 32, inner = width - 2 * pad - 24;
        List<Object[]> plan = new ArrayList<>(); // {block or null, heading lines, text lines}
        int height = pad;
        List<Line> titleLines = layout(pg, card.title(), title, inner + 24);
        List<Line> subLines = card.subtitle().isBlank() ? List.of() : layout(pg, card.subtitle(), head, inner + 24);
        List<Line> problemLines = card.problem().isBlank() ? List.of() : layout(pg, card.problem(), body, inner);
        height += sum(titleLines) + sum(subLines) + 12 + (problemLines.isEmpty() ? 0 : sum(problemLines) + 24);
        for (TraceCard.Block b : card.blocks()) {
            List<Line> h = layout(pg, b.heading() + (b.wrong() && b.kind() == TraceCard.Kind.STEP ? " · first error" : ""), head, inner);
            List<Line> t = b.text().isBlank() ? List.of() : layout(pg, b.text(), body, inner);
            plan.add(new Object[] {b, h, t});
            height += sum(h) + sum(t) + 16 + (b.kind() == TraceCard.Kind.ATTEMPT || b.kind() == TraceCard.Kind.OUTCOME ? 12 : 0);
        }
        height += pad;
        pg.dispose();
        if ((long) width * height > MAX_PIXELS) {
            throw new IllegalArgumentException("this trace would make a PNG of " + width + " x " + height + " pixels, over the limit of "
                    + MAX_PIXELS / 1_000_000 + " million pixels; export it as HTML instead");
        }

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int y = pad;
        y = draw(g, titleLines, title, INK, pad, y);
        y = draw(g, subLines, head, MUTED, pad, y) + 12;
        if (!problemLines.isEmpty()) {
            int h = sum(problemLines) + 16;
            g.setColor(GREY_BG);
            g.fillRect(pad, y, width - 2 * pad, h);
            g.setColor(new Color(0x0969DA));
            g.fillRect(pad, y, 4, h);
            draw(g, problemLines, body, INK, pad + 16, y + 8);
            y += h + 8;
        }
        for (Object[] p : plan) {
            TraceCard.Block b = (TraceCard.Block) p[0];
            @SuppressWarnings("unchecked") List<Line> h = (List<Line>) p[1];
            @SuppressWarnings("unchecked") List<Line> t = (List<Line>) p[2];
            if (b.kind() == TraceCard.Kind.ATTEMPT || b.kind() == TraceCard.Kind.OUTCOME) y += 12;
            int bh = sum(h) + sum(t) + 12;
            Color bg = switch (b.kind()) {
                case STEP -> b.wrong() ? RED_BG : Color.WHITE;
                case VERDICT, AGGREGATE -> GREY_BG;
                case ERROR -> RED_BG;
                case CORRECTION -> GREEN_BG;
                case LABEL -> YELLOW_BG;
                case ATTEMPT, OUTCOME -> Color.WHITE;
            };
            Color bar = switch (b.kind()) {
                case STEP -> b.wrong() ? RED : RULE;
                case VERDICT -> Boolean.TRUE.equals(b.correct()) ? GREEN : Boolean.FALSE.equals(b.correct()) ? RED : RULE;
                case ERROR -> RED;
                case CORRECTION -> GREEN;
                default -> null;
            };
            g.setColor(bg);
            g.fillRect(pad, y, width - 2 * pad, bh);
            if (bar != null) {
                g.setColor(bar);
                g.fillRect(pad, y, 3, bh);
            }
            if (b.kind() == TraceCard.Kind.ATTEMPT || b.kind() == TraceCard.Kind.OUTCOME) {
                g.setColor(RULE);
                g.fillRect(pad, b.kind() == TraceCard.Kind.ATTEMPT ? y + bh - 1 : y, width - 2 * pad, 1);
            }
            int ty = draw(g, h, head, b.kind() == TraceCard.Kind.ATTEMPT ? INK : MUTED, pad + 12, y + 6);
            draw(g, t, body, INK, pad + 12, ty);
            y += bh + 4;
        }
        g.dispose();
        return img;
    }

    public void write(TraceCard card, Path out) throws IOException {
        OutputFile.target(out); // refuse a folder or device before the (costly) drawing
        BufferedImage image = render(card);
        OutputFile.write(out, stream -> {
            if (!ImageIO.write(image, "png", stream)) throw new IOException("no PNG writer");
        });
    }

    private static int sum(List<Line> lines) {
        return lines.stream().mapToInt(Line::height).sum();
    }

    private static int draw(Graphics2D g, List<Line> lines, Font font, Color color, int x0, int y) {
        g.setFont(font);
        for (Line line : lines) {
            for (Piece p : line.pieces()) {
                if (p.word() != null) {
                    g.setColor(color);
                    g.drawString(p.word(), x0 + p.x(), y + line.ascent());
                } else if (p.image() != null) {
                    int iy = y + line.ascent() - p.image().getHeight() + Math.max(0, (p.image().getHeight() - g.getFontMetrics().getAscent()) / 2);
                    g.drawImage(p.image(), x0 + p.x(), Math.max(y, iy), null);
                }
            }
            y += line.height();
        }
        return y;
    }

    /** Wraps text (with math) into lines at most {@code max} pixels wide; newlines break lines. */
    private List<Line> layout(Graphics2D g, String text, Font font, int max) {
        FontMetrics fm = g.getFontMetrics(font);
        int lineH = fm.getHeight() + 2;
        List<Line> lines = new ArrayList<>();
        List<Piece> cur = new ArrayList<>();
        int[] x = {0};
        int[] asc = {fm.getAscent()};
        int[] h = {lineH};
        Runnable flush = () -> {
            lines.add(new Line(List.copyOf(cur), asc[0], h[0]));
            cur.clear();
            x[0] = 0;
            asc[0] = fm.getAscent();
            h[0] = lineH;
        };
        int space = fm.charWidth(' ');
        for (MathSegments.Segment s : MathSegments.split(text)) {
            if (s.kind() == MathSegments.Kind.TEXT) {
                String[] paragraphs = s.text().split("\n", -1);
                for (int pi = 0; pi < paragraphs.length; pi++) {
                    if (pi > 0) flush.run();
                    for (String word : paragraphs[pi].split(" ")) {
                        if (word.isEmpty()) continue;
                        int w = fm.stringWidth(word);
                        if (x[0] > 0 && x[0] + w > max) flush.run();
                        cur.add(new Piece(x[0], word, null));
                        x[0] += w + space;
                    }
                }
            } else {
                Optional<BufferedImage> img = LatexRenderer.render(s.text(), s.kind() == MathSegments.Kind.DISPLAY,
                        font.getSize2D() * 1.1f, INK);
                if (img.isEmpty()) {
                    String src = s.text();
                    int w = fm.stringWidth(src);
                    if (x[0] > 0 && x[0] + w > max) flush.run();
                    cur.add(new Piece(x[0], src, null));
                    x[0] += w + space;
                    continue;
                }
                BufferedImage im = img.get();
                if (s.kind() == MathSegments.Kind.DISPLAY && x[0] > 0) flush.run();
                if (x[0] > 0 && x[0] + im.getWidth() > max) flush.run();
                cur.add(new Piece(x[0], null, im));
                x[0] += im.getWidth() + space;
                if (im.getHeight() + 4 > h[0]) {
                    asc[0] = Math.max(asc[0], im.getHeight() - (im.getHeight() - fm.getAscent()) / 2);
                    h[0] = Math.max(h[0], im.getHeight() + 4);
                }
                if (s.kind() == MathSegments.Kind.DISPLAY) flush.run();
            }
        }
        if (!cur.isEmpty() || lines.isEmpty()) flush.run();
        return lines;
    }
}
