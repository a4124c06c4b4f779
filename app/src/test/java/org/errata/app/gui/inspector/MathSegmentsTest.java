package org.errata.app.gui.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.errata.app.gui.inspector.MathSegments.Kind;
import org.errata.app.gui.inspector.MathSegments.Segment;
import org.junit.jupiter.api.Test;

class MathSegmentsTest {

    @Test
    void inlineAndDisplayMath() {
        assertThat(MathSegments.split("So $x = 18$ and \\[y^2\\] done"))
                .containsExactly(new Segment(Kind.TEXT, "So "), new Segment(Kind.INLINE, "x = 18"),
                        new Segment(Kind.TEXT, " and "), new Segment(Kind.DISPLAY, "y^2"), new Segment(Kind.TEXT, " done"));
    }

    @Test
    void doubleDollarAndParenDelimiters() {
        assertThat(MathSegments.split("$$a+b$$ then \\(c\\)"))
                .containsExactly(new Segment(Kind.DISPLAY, "a+b"), new Segment(Kind.TEXT, " then "),
                        new Segment(Kind.INLINE, "c"));
    }

    @Test
    void bareBoxedIsMathWithBalancedBraces() {
        assertThat(MathSegments.split("Answer: \\boxed{\\frac{5}{6}}."))
                .containsExactly(new Segment(Kind.TEXT, "Answer: "), new Segment(Kind.INLINE, "\\boxed{\\frac{5}{6}}"),
                        new Segment(Kind.TEXT, "."));
    }

    @Test
    void boxedInsideDollarsStaysInItsFormula() {
        assertThat(MathSegments.split("$\\boxed{72}$")).containsExactly(new Segment(Kind.INLINE, "\\boxed{72}"));
    }

    @Test
    void escapedAndUnclosedDollarsStayText() {
        assertThat(MathSegments.split("costs \\$2 each")).containsExactly(new Segment(Kind.TEXT, "costs \\$2 each"));
        assertThat(MathSegments.split("price $5 only")).containsExactly(new Segment(Kind.TEXT, "price $5 only"));
        assertThat(MathSegments.split("\\boxed{unclosed")).containsExactly(new Segment(Kind.TEXT, "\\boxed{unclosed"));
    }

    @Test
    void plainTextIsOneSegment() {
        assertThat(MathSegments.split("no math here")).isEqualTo(List.of(new Segment(Kind.TEXT, "no math here")));
        assertThat(MathSegments.split("")).isEmpty();
    }
}
