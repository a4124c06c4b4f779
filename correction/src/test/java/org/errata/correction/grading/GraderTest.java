package org.errata.correction.grading;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GraderTest {

    private final Grader grader = Grader.standard();

    @ParameterizedTest(name = "{0} == {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            27                         | 27.0
            27                         | 27.00
            \\frac{1}{2}               | \\dfrac{1}{2}
            \\frac{1}{2}               | \\tfrac12
            \\frac{1}{2}               | 0.5
            \\frac{1}{2}               | 1/2
            3                          | x=3
            3                          | x = 3
            \\frac{\\sqrt{2}}{2}       | \\sqrt{2}/2
            \\frac{\\sqrt2}{2}         | \\frac{1}{\\sqrt{2}}
            2\\sqrt{3}                 | \\sqrt{12}
            \\sqrt3                    | \\sqrt{3}
            -5                         | -5.0
            -\\frac{3}{4}              | \\frac{-3}{4}
            -\\frac{3}{4}              | -0.75
            90^\\circ                  | 90
            90^{\\circ}                | 90
            5\\text{ cm}               | 5
            10\\%                      | 10
            10                         | 10\\%
            2.50                       | 2.5
            50\\%                      | 0.5
            \\$18.90                   | 18.9
            "1,000"                    | 1000
            "(1, 2)"                   | "(1,2)"
            "(-\\infty, 3]"            | "(-\\infty,3]"
            "[0, \\frac{1}{2})"        | "[0, 0.5)"
            "\\{1, 2\\}"               | "\\{2, 1\\}"
            "1, 2"                     | "2, 1"
            "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}" | "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}"
            "\\begin{pmatrix} 1/2 \\\\ 3 \\end{pmatrix}"        | "\\begin{pmatrix} 0.5 \\\\ 3 \\end{pmatrix}"
            \\pi                       | \\pi
            2\\pi                      | 2 \\pi
            \\frac{\\pi}{2}            | \\pi/2
            x^2+2x+1                   | (x+1)^2
            2(x+1)                     | 2x+2
            \\frac{x}{2}               | 0.5x
            .5                         | 0.5
            0.3333                     | \\frac{1}{3}
            y = 2x + 1                 | y = 1 + 2x
            \\left( 3, 4 \\right)      | (3, 4)
            \\binom{5}{2}              | 10
            e^{2}                      | e^2
            \\text{(A)}                | (A)
            """)
    void equivalentPairs(String gold, String predicted) {
        GradeResult r = grader.grade(gold, predicted);
        assertThat(r.equivalent()).as("%s vs %s: %s", gold, predicted, r.byChecker()).isTrue();
    }

    @ParameterizedTest(name = "{0} != {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            27                         | 28
            27                         | 2.7
            \\frac{1}{2}               | \\frac{1}{3}
            \\frac{1}{2}               | \\frac{2}{1}
            0.5                        | 50
            -5                         | 5
            \\sqrt{2}                  | \\sqrt{3}
            \\frac{\\sqrt{2}}{2}       | \\sqrt{2}
            "(1, 2)"                   | "(2, 1)"
            "(1, 2)"                   | "[1, 2]"
            "[0, 1)"                   | "[0, 1]"
            "(0, 1)"                   | "(0, 1, 2)"
            "\\{1, 2\\}"               | "\\{1, 3\\}"
            "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}" | "\\begin{pmatrix} 1 & 3 \\\\ 2 & 4 \\end{pmatrix}"
            x^2+2x+1                   | (x-1)^2
            2x                         | x^2
            \\pi                       | 3.14
            3                          | 3.001
            1000                       | 100
            x = 3                      | x = 4
            y = 2x + 1                 | y = 2x - 1
            abc                        | abd
            ""                         | 5
            5                          | ""
            """)
    void nearMissesAreNotEquivalent(String gold, String predicted) {
        GradeResult r = grader.grade(gold == null ? "" : gold, predicted == null ? "" : predicted);
        assertThat(r.equivalent()).as("%s vs %s: %s", gold, predicted, r.byChecker()).isFalse();
    }

    @Test
    void recordsEveryCheckerAndTheirDisagreement() {
        GradeResult r = grader.grade("\\frac{1}{2}", "2/4");
        assertThat(r.byChecker()).containsOnlyKeys("string", "numeric", "symbolic", "cas");
        assertThat(r.byChecker().get("string")).isFalse();
        assertThat(r.byChecker().get("cas")).isTrue();
        assertThat(r.byChecker().get("numeric")).isTrue();
        assertThat(r.byChecker().get("symbolic")).isTrue();
        assertThat(r.checkersDisagree()).isTrue();

        GradeResult same = grader.grade("12", "12");
        assertThat(same.byChecker().values()).containsOnly(true);
        assertThat(same.checkersDisagree()).isFalse();

        GradeResult different = grader.grade("12", "13");
        assertThat(different.byChecker().values()).containsOnly(false);
        assertThat(different.checkersDisagree()).isFalse();
    }

    @Test
    void numericToleranceIsRelativeOneInTenThousandForNonIntegers() {
        NumericChecker numeric = new NumericChecker();
        assertThat(numeric.equivalent("10000.5", "10000.9")).isTrue();
        assertThat(numeric.equivalent("10000.5", "10001.6")).isFalse();
        // An integer compares exactly (GradingPolicy).
        assertThat(numeric.equivalent("10000", "10000.9")).isFalse();
        assertThat(numeric.equivalent("3.14159", "\\pi")).isTrue();
        assertThat(new SymbolicChecker().equivalent("3.14159", "\\pi")).isFalse();
    }

    @Test
    void symbolicCheckerComparesRationalsExactly() {
        SymbolicChecker symbolic = new SymbolicChecker();
        assertThat(symbolic.equivalent("\\frac{1}{3}", "0.3333333333")).isFalse();
        assertThat(symbolic.equivalent("\\frac{6}{4}", "1.5")).isTrue();
        assertThat(symbolic.equivalent("\\sqrt{8}", "2\\sqrt{2}")).isTrue();
        assertThat(symbolic.equivalent("\\sin^2 x + \\cos^2 x", "1")).isTrue();
        assertThat(symbolic.equivalent("\\log_2 8", "3")).isTrue();
    }

    @Test
    void garbageNeverThrows() {
        for (String junk : new String[] {"\\frac{", "}{", "((((", "\\begin{pmatrix}", "2^{99999999}", "=", ",,", "\\sqrt[",
                "x^{x^{x^{x}}}", "10^{100000}", "1/0", "0^{-1}", "\\{\\}"}) {
            GradeResult r = grader.grade(junk, "1");
            assertThat(r.byChecker()).containsKeys("string", "numeric", "symbolic");
            assertThat(r.byChecker().size() + r.undecided().size()).isBetween(3, 4);
        }
        assertThat(grader.grade("10^{100000}", "10^{100000}").equivalent()).isTrue();
    }

    @Test
    void gradesWholeSolutionsThroughTheExtractor() {
        var graded = grader.gradeSolution("\\frac{1}{2}", "So we get $\\boxed{0.5}$.").orElseThrow();
        assertThat(graded.extracted()).isEqualTo(new ExtractedAnswer("0.5", "boxed"));
        assertThat(graded.result().equivalent()).isTrue();
        assertThat(grader.gradeSolution("1", "I do not know.")).isEmpty();
    }
}
