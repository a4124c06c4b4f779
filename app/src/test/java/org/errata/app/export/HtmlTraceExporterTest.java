package org.errata.app.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.errata.app.services.sample.TraceBuilder;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class HtmlTraceExporterTest {
    static final String[] HOSTILE = {
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "\"><svg onload=alert(1)>",
        "'><iframe src=javascript:alert(1)></iframe>",
        "<style>body{background:url(http://evil.example/x)}</style>",
    };

    static Trace hostileTrace() {
        Problem p = Problem.of("t", "x", "Compute $1+1$. " + HOSTILE[1], "2");
        TraceBuilder b = new TraceBuilder(new RunId("r"), p.id(), "m" + HOSTILE[3]);
        String text = String.join("\n", HOSTILE) + "\nSo $\\boxed{2}$ and $\\frac{1}{2}$ and bad $\\undefinedmacro{2}$ end.";
        Attempt a = b.attempt(null, 1, "p", text, "2" + HOSTILE[0], false, false);
        Verification v = b.verify(a, "No. " + HOSTILE[2], Verdict.INCORRECT, null, 1);
        ErrorLocation e = b.locate(v, 1, HOSTILE[3], "logic" + HOSTILE[0]);
        Correction c = b.correct(e, HOSTILE[4], HOSTILE[5]);
        b.attempt(c.id(), 2, "p", "Fixed: $1+1=2$ " + HOSTILE[0], "2", true, false);
        b.label(a, "ann" + HOSTILE[1], 1, List.of(1, -1), "logic");
        return b.finish("2", true);
    }

    @Test
    void hostileModelOutputAppearsOnlyEscaped() {
        Problem p = Problem.of("t", "x", "Compute $1+1$. " + HOSTILE[1], "2");
        String html = HtmlTraceExporter.render(TraceCard.of(hostileTrace(), p, null));
        Document doc = Jsoup.parse(html);

        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("iframe, svg, a, object, embed, link, base, form")).isEmpty();
        assertThat(doc.select("style")).hasSize(1);
        for (Element el : doc.getAllElements()) {
            for (Attribute at : el.attributes()) {
                assertThat(at.getKey()).as("attribute on <%s>", el.tagName()).doesNotStartWithIgnoringCase("on");
                assertThat(at.getValue().toLowerCase().replaceAll("\\s", "")).doesNotContain("javascript:");
            }
        }
        for (Element img : doc.select("img")) {
            assertThat(img.attr("src")).startsWith("data:image/png;base64,");
            assertThat(img.hasClass("math")).isTrue();
        }
        Element csp = doc.selectFirst("meta[http-equiv=Content-Security-Policy]");
        assertThat(csp).isNotNull();
        assertThat(csp.attr("content")).isEqualTo("default-src 'none'; img-src data:; style-src 'unsafe-inline'");
        // The head's only style is ours: no url() fetches anything.
        assertThat(doc.selectFirst("style").data()).doesNotContain("url(");

        // The hostile text is all there, as text.
        String text = doc.body().text();
        for (String h : HOSTILE) assertThat(text).contains(h);
        // Math rendered: \boxed{2}, \frac{1}{2}, 1+1 (twice) become images; the broken formula stays as escaped source.
        assertThat(doc.select("img.math")).extracting(e -> e.attr("alt")).contains("\\boxed{2}", "\\frac{1}{2}", "1+1");
        assertThat(doc.select("code.tex")).extracting(Element::text).containsExactly("\\undefinedmacro{2}");
        // The located first error (step 2) is marked.
        assertThat(doc.select("section.step.wrong")).hasSize(1);
        assertThat(doc.select("section.step.wrong .text").text()).isEqualTo(HOSTILE[1]);
    }

    @Test
    void escapingCoversAttributeBreakouts() {
        assertThat(HtmlTraceExporter.attr("\"><x a='1'>`\n")).isEqualTo("&quot;&gt;&lt;x a=&#39;1&#39;&gt;&#96;&#10;");
        assertThat(HtmlTraceExporter.escape("a & b < c")).isEqualTo("a &amp; b &lt; c");
    }

    @Test
    void thePngShowsTheCardWithTheWrongStepHighlighted() {
        Problem p = Problem.of("t", "x", "Compute $1+1$.", "2");
        TraceCard card = TraceCard.of(hostileTrace(), p, null);
        BufferedImage img = new TracePngRenderer(900, 16f).render(card);
        assertThat(img.getWidth()).isEqualTo(900);
        assertThat(img.getHeight()).isGreaterThan(400);
        // The first-error step is drawn on the red background somewhere in the image.
        int red = 0xFFEBE9, found = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            if ((img.getRGB(40, y) & 0xFFFFFF) == red) found++;
        }
        assertThat(found).isPositive();
    }

    @Test
    void theCardFollowsEmissionOrder() {
        TraceCard card = TraceCard.of(hostileTrace(), null, null);
        assertThat(card.blocks()).extracting(TraceCard.Block::kind).startsWith(TraceCard.Kind.ATTEMPT, TraceCard.Kind.STEP)
                .containsSubsequence(TraceCard.Kind.ATTEMPT, TraceCard.Kind.VERDICT, TraceCard.Kind.ERROR,
                        TraceCard.Kind.CORRECTION, TraceCard.Kind.ATTEMPT, TraceCard.Kind.LABEL, TraceCard.Kind.OUTCOME);
    }
}
