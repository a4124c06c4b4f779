package org.errata.app.export;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.errata.app.gui.inspector.MathSegments;
import org.errata.app.math.LatexRenderer;
import org.errata.persistence.io.OutputFile;

/**
 * One trace as one self-contained HTML file: inline CSS, no external resource and no script at
 * all, a Content-Security-Policy that forbids everything but inline styles and data: images, every
 * piece of model text HTML-escaped, and math rendered to inline PNG data URIs (the escaped LaTeX
 * source where JLaTeXMath cannot parse it). Nothing the model wrote can run when the file is opened.
 */
public final class HtmlTraceExporter {
    public static final String CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

    private static final String CSS = """
            body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;background:#f6f8fa;margin:0;padding:24px}
            main{max-width:880px;margin:0 auto;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:24px 32px}
            h1{font-size:22px;margin:0 0 4px} .sub{color:#57606a;margin:0 0 16px}
            .problem{background:#f6f8fa;border-left:4px solid #0969da;padding:8px 12px;margin:0 0 16px}
            .block{margin:8px 0;padding:6px 12px;border-radius:6px}
            .attempt{margin-top:20px;font-weight:600;border-bottom:1px solid #d0d7de}
            .step{border-left:3px solid #d0d7de} .step.wrong{border-left-color:#cf222e;background:#ffebe9}
            .verdict{background:#f6f8fa} .verdict.ok{border-left:3px solid #1a7f37} .verdict.bad{border-left:3px solid #cf222e}
            .error{background:#ffebe9;border-left:3px solid #cf222e} .correction{background:#dafbe1;border-left:3px solid #1a7f37}
            .label{background:#fff8c5} .outcome{font-weight:600;border-top:1px solid #d0d7de;margin-top:20px}
            .head{font-size:13px;color:#57606a;font-weight:600} .text{white-space:pre-wrap}
            img.math{vertical-align:middle} code.tex{color:#8250df}
            footer{color:#57606a;font-size:12px;margin-top:24px}
            """;

    private HtmlTraceExporter() {}

    public static String render(TraceCard card) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(attr(CSP)).append("\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<title>").append(escape(card.title())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>").append(escape(card.title())).append("</h1>\n");
        if (!card.subtitle().isBlank()) b.append("<p class=\"sub\">").append(escape(card.subtitle())).append("</p>\n");
        if (!card.problem().isBlank()) b.append("<div class=\"problem text\">").append(rich(card.problem())).append("</div>\n");
        for (TraceCard.Block block : card.blocks()) {
            String cls = switch (block.kind()) {
                case ATTEMPT -> "attempt";
                case STEP -> block.wrong() ? "step wrong" : "step";
                case VERDICT -> Boolean.TRUE.equals(block.correct()) ? "verdict ok" : Boolean.FALSE.equals(block.correct()) ? "verdict bad" : "verdict";
                case ERROR -> "error";
                case CORRECTION -> "correction";
                case AGGREGATE -> "aggregate";
                case LABEL -> "label";
                case OUTCOME -> "outcome";
            };
            b.append("<section class=\"block ").append(cls).append("\">");
            b.append("<div class=\"head\">").append(escape(block.heading())).append(block.wrong() && block.kind() == TraceCard.Kind.STEP ? " · first error" : "").append("</div>");
            if (!block.text().isBlank()) b.append("<div class=\"text\">").append(rich(block.text())).append("</div>");
            b.append("</section>\n");
        }
        b.append("<footer>Exported from Errata. Model text is shown escaped; this file runs no script.</footer>\n")
                .append("</main>\n</body>\n</html>\n");
        return b.toString();
    }

    /** Writes the card's HTML to {@code out} through {@link OutputFile} (a regular file, replaced whole). */
    public static void write(TraceCard card, Path out) throws IOException {
        String html = render(card);
        OutputFile.write(out, stream -> stream.write(html.getBytes(StandardCharsets.UTF_8)));
    }

    /** Text with its math rendered: plain runs escaped, formulas as PNG images with the escaped source as alt text. */
    static String rich(String text) {
        StringBuilder b = new StringBuilder();
        for (MathSegments.Segment s : MathSegments.split(text)) {
            switch (s.kind()) {
                case TEXT -> b.append(escape(s.text()));
                case INLINE, DISPLAY -> {
                    Optional<BufferedImage> img = LatexRenderer.render(s.text(), s.kind() == MathSegments.Kind.DISPLAY, 18f, new Color(0x1F2328));
                    if (img.isPresent()) {
                        b.append("<img class=\"math\" alt=\"").append(attr(s.text())).append("\" src=\"")
                                .append(LatexRenderer.dataUri(img.get())).append("\">");
                    } else {
                        b.append("<code class=\"tex\">").append(escape(s.text())).append("</code>");
                    }
                }
            }
        }
        return b.toString();
    }

    /** Escapes text for element content. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\u0000' -> b.append('\uFFFD');
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Escapes text for a double-quoted attribute value (also newlines and backticks). */
    public static String attr(String s) {
        return escape(s).replace("`", "&#96;").replace("\n", "&#10;").replace("\r", "&#13;");
    }
}
