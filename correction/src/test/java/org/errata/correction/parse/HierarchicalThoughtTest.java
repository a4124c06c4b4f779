package org.errata.correction.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.errata.correction.grading.AnswerExtractor;
import org.errata.correction.grading.ExtractedAnswer;
import org.junit.jupiter.api.Test;

class HierarchicalThoughtTest {

    static final String SOLUTION = "<Step1>Multiply first: 25 * 2 = 50.\n<Key>Multiplication binds tighter than addition,"
            + " so it comes before the sum.</Key></Step1>\n"
            + "<Step2> Add: 17 + 50 = 67. </Step2>\n"
            + "<Generalized>Evaluate products before sums.</Generalized>\n"
            + "<Answer>\\boxed{67}</Answer>";

    @Test
    void readsStepsWithTheirKeyNotesTheSummaryAndTheAnswer() {
        HierarchicalThought ht = HierarchicalThought.parse(SOLUTION);

        assertThat(ht.steps()).extracting(HierarchicalThought.Step::number).containsExactly(1, 2);
        assertThat(ht.steps().get(0).keys())
                .containsExactly("Multiplication binds tighter than addition, so it comes before the sum.");
        assertThat(ht.steps().get(1).keys()).isEmpty();
        assertThat(ht.steps().get(1).span().text(SOLUTION)).isEqualTo("Add: 17 + 50 = 67.");
        assertThat(ht.generalized()).isEqualTo("Evaluate products before sums.");
        assertThat(ht.answer()).isEqualTo("\\boxed{67}");
        assertThat(ht.complete()).isTrue();
        assertThat(Segmenters.byId(Segmenters.XML_STEP).segment(SOLUTION)).isEqualTo(ht.spans());
    }

    @Test
    void mismatchedTagsAreNoStepAndATruncatedAnswerIsNone() {
        String text = "<Step1>a</Step2>\n<Step2>b</Step2>\n<Answer>\\boxed{6";
        HierarchicalThought ht = HierarchicalThought.parse(text);

        assertThat(ht.steps()).extracting(s -> s.span().text(text)).containsExactly("b");
        assertThat(ht.answer()).isNull();
        assertThat(ht.generalized()).isNull();
        assertThat(ht.complete()).isFalse();
        assertThat(HierarchicalThought.parse("no format at all").steps()).isEmpty();
    }

    @Test
    void theAnswerTagFormatReadsOnlyTheAnswerElement() {
        AnswerExtractor x = AnswerExtractor.standard();
        // A box in a step is not the answer when the answer element says otherwise.
        String boxInStep = "<Step1>First guess \\boxed{12}.</Step1>\n<Answer>\\boxed{67}</Answer>";
        assertThat(x.extractAnswerTag(boxInStep)).map(ExtractedAnswer::answer).contains("67");
        assertThat(x.extract("<Step1>\\boxed{12}</Step1><Answer>67</Answer>")).map(ExtractedAnswer::answer).contains("12");
        assertThat(x.extractAnswerTag("<Step1>\\boxed{12}</Step1><Answer>The answer is 67</Answer>"))
                .map(ExtractedAnswer::answer).contains("The answer is 67");
        assertThat(x.extractAnswerTag("<Step1>17 + 50 = 67, so \\boxed{67}</Step1>")).isEmpty();
        assertThat(x.extractAnswerTag(boxInStep)).map(ExtractedAnswer::extractor).contains(AnswerExtractor.ANSWER_TAG);
        assertThat(ModelProfile.ANSWER_FORMATS).containsExactly("any", "boxed", "answer_tag");
        assertThat(List.of(ModelProfile.SUPERCORRECT.segmenterId())).containsExactly(Segmenters.XML_STEP);
    }
}
