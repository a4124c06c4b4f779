package org.errata.correction.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnswerExtractorTest {

    private final AnswerExtractor extractor = AnswerExtractor.standard();

    private Optional<ExtractedAnswer> x(String text) {
        return extractor.extract(text);
    }

    @Test
    void lastBalancedBoxWithNestedBraces() {
        assertThat(x("Thus $\\boxed{\\frac{1}{\\sqrt{2}}}$.")).contains(new ExtractedAnswer("\\frac{1}{\\sqrt{2}}", "boxed"));
        assertThat(x("first \\boxed{3} then \\boxed{4}")).contains(new ExtractedAnswer("4", "boxed"));
        assertThat(x("a \\fbox{7} b")).contains(new ExtractedAnswer("7", "boxed"));
        assertThat(x("set \\boxed{\\{1, 2\\}}")).contains(new ExtractedAnswer("\\{1, 2\\}", "boxed"));
        assertThat(x("\\boxed 5$")).contains(new ExtractedAnswer("5", "boxed"));
    }

    @Test
    void truncatedLastBoxFallsBackToTheLastCompleteOne() {
        assertThat(x("\\boxed{12} and later \\boxed{\\frac{1}{2")).contains(new ExtractedAnswer("12", "boxed"));
    }

    @Test
    void gsm8kPrm800kAnswerIsAndTag() {
        assertThat(x("She pays 5*3 = 15.\n#### 15")).contains(new ExtractedAnswer("15", "gsm8k"));
        assertThat(x("Step one.\nStep two.\n# Answer\n\n42\n")).contains(new ExtractedAnswer("42", "prm800k"));
        assertThat(x("So the answer is 3.5. Done")).contains(new ExtractedAnswer("3.5", "answer_is"));
        assertThat(x("The final answer is $\\frac{1}{2}$.")).contains(new ExtractedAnswer("\\frac{1}{2}", "answer_is"));
        assertThat(x("<Step1>x</Step1><Answer> 12 </Answer>")).contains(new ExtractedAnswer("12", "answer_tag"));
    }

    @Test
    void boxedWinsOverTheOtherForms() {
        assertThat(x("The answer is 3.\n\\boxed{4}")).contains(new ExtractedAnswer("4", "boxed"));
        assertThat(x("<Answer>\\boxed{9}</Answer>")).contains(new ExtractedAnswer("9", "boxed"));
    }

    @Test
    void noAnswer() {
        assertThat(x("I am not sure how to continue.")).isEmpty();
        assertThat(x("\\boxed{}")).isEmpty();
        assertThat(x("")).isEmpty();
        assertThat(x("\\boxed{unclosed")).isEmpty();
    }
}
