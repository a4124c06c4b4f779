package org.errata.correction.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.errata.correction.trace.Verdict;
import org.junit.jupiter.api.Test;

class VerdictParsersTest {

    private static ParsedVerdict parse(String id, String text) {
        return VerdictParsers.byId(id).parse(text);
    }

    @Test
    void spocGenRmForm() {
        assertThat(parse("spoc", "Checking... Verification: Is the answer correct (Yes/No)? Yes"))
                .isEqualTo(new ParsedVerdict(Verdict.CORRECT, null, "spoc"));
        assertThat(parse("spoc", "Verification: Is the answer correct (Yes/No)? No\n"))
                .isEqualTo(new ParsedVerdict(Verdict.INCORRECT, null, "spoc"));
        // the last verdict counts
        assertThat(parse("spoc", "Is the answer correct (Yes/No)? No ... Is the answer correct (Yes/No)? Yes").verdict())
                .isEqualTo(Verdict.CORRECT);
    }

    @Test
    void spocBareFinalLineAndNamedStep() {
        assertThat(parse("spoc", "The computation holds.\nYes.").verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(parse("spoc", "Step 3 is wrong: 4*5 is not 25.\nNo"))
                .isEqualTo(new ParsedVerdict(Verdict.INCORRECT, 2, "spoc"));
        assertThat(parse("spoc", "The first error is in step 1.\nIs the answer correct (Yes/No)? No"))
                .isEqualTo(new ParsedVerdict(Verdict.INCORRECT, 0, "spoc"));
    }

    @Test
    void spocCustomRegex() {
        VerdictParser p = VerdictParsers.spoc("(?i)verdict:\\s*(correct|incorrect)");
        assertThat(p.parse("Verdict: Incorrect").verdict()).isEqualTo(Verdict.INCORRECT);
        assertThat(p.parse("Verdict: correct").verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(p.parse("nothing").verdict()).isEqualTo(Verdict.UNPARSED);
        assertThatThrownBy(() -> VerdictParsers.spoc("(unclosed")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void s2rLastSentenceThenSecondToLast() {
        assertThat(parse("s2r", "Use substitution: 2*3=6. Therefore, the answer is correct.").verdict())
                .isEqualTo(Verdict.CORRECT);
        assertThat(parse("s2r", "Use the sum. The sum is 7, not 8. So the answer is incorrect.").verdict())
                .isEqualTo(Verdict.INCORRECT);
        assertThat(parse("s2r", "Use estimation. The answer appears to be correct. Nothing else to add.").verdict())
                .isEqualTo(Verdict.CORRECT);
        assertThat(parse("s2r", "Use a check. That is not the correct answer. Hmm. Ok.").verdict())
                .isEqualTo(Verdict.UNPARSED);
        assertThat(parse("s2r", "Use bounds. The result is plausible.").verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(parse("s2r", "Use bounds. The calculation is wrong.").verdict()).isEqualTo(Verdict.INCORRECT);
        assertThat(parse("s2r", "Use bounds. The answer checks out.").verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(parse("s2r", "Use bounds. It is not correct.").verdict()).isEqualTo(Verdict.INCORRECT);
    }

    @Test
    void verifyTag() {
        assertThat(parse("verify-tag", "so x=2. [VERIFY] correct")).isEqualTo(new ParsedVerdict(Verdict.CORRECT, null, "verify-tag"));
        assertThat(parse("verify-tag", "[VERIFY] wrong")).isEqualTo(new ParsedVerdict(Verdict.INCORRECT, null, "verify-tag"));
        assertThat(parse("verify-tag", "[VERIFY] wrong ... [VERIFY] correct").verdict()).isEqualTo(Verdict.CORRECT);
    }

    @Test
    void boxedIndex() {
        assertThat(parse("boxed-index", "All paragraphs are fine. \\boxed{-1}"))
                .isEqualTo(new ParsedVerdict(Verdict.CORRECT, -1, "boxed-index"));
        assertThat(parse("boxed-index", "Paragraph 2 miscounts. \\boxed{2}"))
                .isEqualTo(new ParsedVerdict(Verdict.INCORRECT, 2, "boxed-index"));
        assertThat(parse("boxed-index", "\\boxed{ 0 }")).isEqualTo(new ParsedVerdict(Verdict.INCORRECT, 0, "boxed-index"));
        assertThat(parse("boxed-index", "\\boxed{-2}").verdict()).isEqualTo(Verdict.UNPARSED);
        assertThat(parse("boxed-index", "\\boxed{two}").verdict()).isEqualTo(Verdict.UNPARSED);
        assertThat(parse("boxed-index", "\\boxed{99999999999}").verdict()).isEqualTo(Verdict.UNPARSED);
    }

    @Test
    void firstErrorTagIsOneBasedLikeXmlSteps() {
        assertThat(parse("first-error-tag", "<FirstError step=\"3\"/> <Analysis>...</Analysis>"))
                .isEqualTo(new ParsedVerdict(Verdict.INCORRECT, 2, "first-error-tag"));
        assertThat(parse("first-error-tag", "<FirstError step=\"-1\">"))
                .isEqualTo(new ParsedVerdict(Verdict.CORRECT, -1, "first-error-tag"));
        // a teacher that writes no tag but the verdict line has still given its verdict
        assertThat(parse("first-error-tag", "Check step 1: 5+6 = 11 \u2713\nVerification: Is the answer correct (Yes/No)? Yes"))
                .isEqualTo(new ParsedVerdict(Verdict.CORRECT, -1, "first-error-tag"));
        ParsedVerdict no = parse("first-error-tag", "Check step 2: 7+8 = 14 \u2717\nThe first error is in step 2.\n"
                + "Verification: Is the answer correct (Yes/No)? No");
        assertThat(no.verdict()).isEqualTo(Verdict.INCORRECT);
        assertThat(no.firstErrorStep()).isEqualTo(parse("spoc", "The first error is in step 2.\nVerification: Is the answer correct (Yes/No)? No").firstErrorStep());
        assertThat(no.parser()).isEqualTo("first-error-tag");
    }

    @Test
    void garbageIsUnparsedNeverAnException() {
        String[] garbage = {"", "   ", "lorem ipsum", "\\boxed{", "[VERIFY]", "Yes or no?", "\u0000\u0001"};
        for (String id : VerdictParsers.ids()) {
            for (String g : garbage) {
                ParsedVerdict v = parse(id, g);
                assertThat(v.verdict()).as("%s on %s", id, g).isEqualTo(Verdict.UNPARSED);
                assertThat(v.parser()).isEqualTo(id);
            }
        }
    }

    @Test
    void hugeStepNumbersDoNotThrow() {
        assertThat(parse("spoc", "Step 99999999999999 is wrong\nNo")).isEqualTo(new ParsedVerdict(Verdict.INCORRECT, null, "spoc"));
    }

    @Test
    void profiles() {
        ModelProfile s2r = ModelProfile.named("s2r").orElseThrow();
        assertThat(s2r.segmenter().id()).isEqualTo("action");
        assertThat(s2r.verdictParser().id()).isEqualTo("s2r");
        assertThat(ModelProfile.names()).containsExactly(
                "processbench-critic", "s2r", "self-rewarding", "spoc-demo", "supercorrect");
        ModelProfile custom = ModelProfile.SPOC_DEMO.withVerdictRegex("(?i)final verdict:\\s*(yes|no)");
        assertThat(custom.verdictParser().parse("Final verdict: no").verdict()).isEqualTo(Verdict.INCORRECT);
        assertThatThrownBy(() -> ModelProfile.S2R.withVerdictRegex("x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ModelProfile("p", "nope", "spoc", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
