package org.errata.app.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The render budget: the three known attacks on JLaTeXMath end quickly in a fallback, ordinary math still renders. */
public class LatexRendererTest {
    public static final String SELF_REFERENCE = "\\newcommand{\\a}{\\a}\\a";
    public static final String DEEP_FRAC = "\\frac{1}{".repeat(1000) + "1" + "}".repeat(1000);
    public static final String HUGE_RULE = "\\rule{100000cm}{100000cm}";
    private static final Color INK = new Color(0x1F2328);

    private static LatexRenderer.Rendering render(String latex) {
        return LatexRenderer.render(latex, false, 18f, INK, LatexRenderer.Budget.DEFAULT);
    }

    @Test
    void ordinaryMathRenders() {
        BufferedImage img = render("\\frac{1}{2} + \\sqrt{x^2}").asImage().orElseThrow();
        assertThat(img.getWidth()).isBetween(20, 400);
        assertThat(img.getHeight()).isBetween(10, 200);
        // Nested a little (well inside the budget) still renders.
        assertThat(render("\\frac{1}{".repeat(10) + "1" + "}".repeat(10)).asImage()).isPresent();
    }

    @Test
    void aSelfReferencingMacroIsRefusedInsteadOfLoopingForever() {
        LatexRenderer.Rendering r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> render(SELF_REFERENCE));
        assertThat(r).isEqualTo(new LatexRenderer.Fallback("uses \\newcommand, which is not rendered"));
        assertThat(render("\\def\\b{\\b}\\b")).isInstanceOf(LatexRenderer.Fallback.class);
        assertThat(render("\\renewcommand{\\frac}{x}")).isInstanceOf(LatexRenderer.Fallback.class);
        assertThat(render("\\includegraphics{/etc/passwd}")).isInstanceOf(LatexRenderer.Fallback.class);
        // A command that only starts like a refused one is not refused.
        assertThat(LatexRenderer.precheck("\\leftarrow \\letter", LatexRenderer.Budget.DEFAULT)).isEmpty();
    }

    @Test
    void aFractionNestedAThousandDeepFallsBackWithoutAStackOverflow() {
        LatexRenderer.Rendering r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> render(DEEP_FRAC));
        assertThat(r).isEqualTo(new LatexRenderer.Fallback("nested more than 40 levels deep"));
        assertThat(render("\\left(".repeat(60) + "x" + "\\right)".repeat(60))).isInstanceOf(LatexRenderer.Fallback.class);
        // Depth the precheck cannot see overflows the worker's own stack, never the caller's.
        LatexRenderer.Rendering deep = LatexRenderer.render("x", LatexRenderer.Budget.DEFAULT, () -> {
            recurse(0);
            throw new IllegalStateException("unreachable");
        }, icon -> new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB));
        assertThat(deep).isEqualTo(new LatexRenderer.Fallback("nested too deeply"));
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    @Test
    void aHugeRuleIsMeasuredNotDrawn() {
        Runtime rt = Runtime.getRuntime();
        LatexRenderer.Rendering r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> render(HUGE_RULE));
        assertThat(r).isInstanceOf(LatexRenderer.Fallback.class);
        assertThat(((LatexRenderer.Fallback) r).reason()).startsWith("would be ").contains("pixels (limit 4000 a side");
        assertThat(rt.totalMemory()).as("heap after the attempt").isLessThan(2L << 30);
    }

    @Test
    void aLayoutPastItsDeadlineIsAbandonedAndFallsBack() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        LatexRenderer.Budget quick = LatexRenderer.Budget.DEFAULT.withTime(Duration.ofMillis(200));
        try {
            LatexRenderer.Rendering r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> LatexRenderer.render("x", quick, () -> {
                never.await();
                throw new IllegalStateException("released");
            }, icon -> new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB)));
            assertThat(r).isEqualTo(new LatexRenderer.Fallback("took longer than 200 ms"));
        } finally {
            never.countDown();
        }
    }
}
