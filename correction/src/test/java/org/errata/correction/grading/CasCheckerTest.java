package org.errata.correction.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CasCheckerTest {

    private final CasChecker cas = new CasChecker();

    @ParameterizedTest(name = "{0} == {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            \\frac{\\sqrt{8}}{2}       | \\sqrt{2}
            (x+1)^2                    | x^2+2x+1
            \\sin^2 x+\\cos^2 x        | 1
            2\\sqrt{3}                 | \\sqrt{12}
            3\\sqrt{2}                 | \\sqrt{18}
            \\frac{1}{\\sqrt{2}}       | \\frac{\\sqrt{2}}{2}
            \\frac{x^2-1}{x-1}         | x+1
            \\sqrt[3]{27}              | 3
            \\arctan 1                 | \\frac{\\pi}{4}
            \\log_2 8                  | 3
            \\binom{5}{2}              | 10
            \\frac{1}{2}               | 0.5
            e^{2}                      | e^2
            "(\\sqrt{8}, 1)"           | "(2\\sqrt{2}, 1)"
            "[0, \\frac{\\sqrt{4}}{4})" | "[0, 0.5)"
            "\\{\\sqrt{4}, 3\\}"       | "\\{3, 2\\}"
            "\\begin{pmatrix} \\sqrt{4} \\\\ 3 \\end{pmatrix}" | "\\begin{pmatrix} 2 \\\\ \\sqrt{9} \\end{pmatrix}"
            y = (x+1)^2                | y = x^2 + 2x + 1
            """)
    void provesEqualities(String gold, String predicted) {
        assertThat(cas.verdict(gold, predicted)).as("%s vs %s", gold, predicted).contains(true);
    }

    @ParameterizedTest(name = "{0} != {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            \\frac{\\sqrt{8}}{2}       | \\sqrt{3}
            (x+1)^2                    | x^2+x+1
            (x+1)^2                    | (x-1)^2
            2\\sqrt{3}                 | \\sqrt{13}
            \\frac{1}{3}               | 0.3333
            \\pi                       | 3.14159
            "(\\sqrt{8}, 1)"           | "(1, 2\\sqrt{2})"
            "[0, 1)"                   | "[0, 1]"
            \\sin^2 x                  | \\cos^2 x
            """)
    void rejectsNearMisses(String gold, String predicted) {
        assertThat(cas.verdict(gold, predicted)).as("%s vs %s", gold, predicted).contains(false);
    }

    @Test
    void unreadableOrUndecidableAnswersGiveNoVerdictRatherThanAnException() {
        for (String junk : new String[] {"\\frac{", "}{", "((((", "\\begin{pmatrix}", "=", ",,", "\\sqrt[", "\\{\\}", "", "abc \\foo{1}"}) {
            assertThat(cas.verdict(junk, "1")).as(junk).isEmpty();
            assertThat(cas.equivalent(junk, "1")).as(junk).isFalse();
        }
        assertThat(cas.verdict("\\infty", "\\infty")).contains(true); // the same infinity, compared as it is
        assertThat(cas.verdict("\\infty", "-\\infty")).isEmpty(); // infinities are not subtracted
        assertThat(cas.verdict("1/0", "1")).isEmpty();
    }

    @Test
    void aPathologicalPairEndsAtTheTimeLimitWithoutAVerdict() {
        CasChecker quick = new CasChecker(Duration.ofMillis(200));
        assertThat(quick.verdict("1", "1")).contains(true); // the engine is started: the limit is not spent on start-up
        long start = System.nanoTime();
        Optional<Boolean> v = quick.verdict("(x+1)^{2000}", "(x+2)^{2000}");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(v).isEmpty();
        assertThat(millis).isLessThan(5_000);
        assertThat(quick.verdict("2\\sqrt{3}", "\\sqrt{12}")).as("a fresh engine thread after the overrun").contains(true);
    }

    @Test
    void graderRecordsTheCasVerdictWhenTheCheapCheckersDisagree() {
        Grader grader = Grader.standard();
        GradeResult r = grader.grade("\\frac{1}{3}", "0.33333");
        assertThat(r.byChecker()).containsEntry("numeric", true).containsEntry("symbolic", false).containsEntry("cas", false);
        assertThat(r.checkersDisagree()).isTrue();
        assertThat(r.equivalent()).isTrue(); // the numeric tolerance still accepts it; the CAS verdict is for adjudication

        GradeResult unanimous = grader.grade("12", "12");
        assertThat(unanimous.byChecker()).doesNotContainKey("cas"); // not consulted: the cheap checkers all said equal
        GradeResult different = grader.grade("12", "13");
        assertThat(different.byChecker()).containsEntry("cas", false);
        GradeResult unreadable = grader.grade("\\frac{", "1");
        assertThat(unreadable.byChecker()).doesNotContainKey("cas");
        assertThat(unreadable.undecided()).isEmpty();

        GradeResult always = grader.withEscalation(Grader.Escalation.ALWAYS).grade("\\frac{", "1");
        assertThat(always.byChecker()).containsOnlyKeys("string", "numeric", "symbolic");
        assertThat(always.undecided()).containsExactly("cas");
        assertThat(grader.withEscalation(Grader.Escalation.NEVER).grade("12", "13").byChecker()).doesNotContainKey("cas");
    }

    @Test
    void theCasCanOverturnAUnanimousDifferentVerdict() {
        // A checker that always says "different" stands in for cheap checkers that miss an identity.
        AnswerChecker never = new AnswerChecker() {
            @Override public String id() { return "never"; }
            @Override public boolean equivalent(String gold, String predicted) { return false; }
        };
        Grader grader = new Grader(List.of(never), List.of(new CasChecker()), Grader.Escalation.ON_DOUBT, AnswerExtractor.standard());
        GradeResult r = grader.grade("(x+1)^2", "x^2+2x+1");
        assertThat(r.byChecker()).containsEntry("never", false).containsEntry("cas", true);
        assertThat(r.equivalent()).isTrue();
        assertThat(r.checkersDisagree()).isTrue();
    }
}
