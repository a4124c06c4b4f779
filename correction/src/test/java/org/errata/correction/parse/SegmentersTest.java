package org.errata.correction.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentersTest {

    private static List<String> texts(String text, List<Span> spans) {
        return spans.stream().map(s -> s.text(text)).toList();
    }

    @Test
    void lineSkipsBlankLinesAndTrims() {
        String text = "  a = 1\n\n b = 2 \r\n\t\nc";
        List<Span> spans = Segmenters.byId("line").segment(text);
        assertThat(spans).containsExactly(new Span(2, 7), new Span(10, 15), new Span(20, 21));
        assertThat(texts(text, spans)).containsExactly("a = 1", "b = 2", "c");
    }

    @Test
    void paragraphSplitsOnBlankLines() {
        String text = "First step.\nStill first.\n\n  Second step.\n \n\nThird.\n";
        List<Span> spans = Segmenters.byId("paragraph").segment(text);
        assertThat(spans).containsExactly(new Span(0, 24), new Span(28, 40), new Span(44, 50));
        assertThat(texts(text, spans)).containsExactly("First step.\nStill first.", "Second step.", "Third.");
    }

    @Test
    void xmlStepTakesElementContent() {
        String text = "<Step1> Add. </Step1>\n<Key>k</Key><Step2>Multiply.</Step2><Answer>3</Answer>";
        List<Span> spans = Segmenters.byId("xml_step").segment(text);
        assertThat(spans).containsExactly(new Span(8, 12), new Span(41, 50));
        assertThat(texts(text, spans)).containsExactly("Add.", "Multiply.");
        assertThat(Segmenters.byId("xml_step").segment("no steps here")).isEmpty();
    }

    @Test
    void actionSplitsS2rTraceIntoSolveAndVerifyBlocks() {
        String text = "Solve: \\boxed{4}.\n\nWait, let me recheck my solution.\n\nUse substitution: wrong.\n\n"
                + "Let me try again.\n\nSolve: \\boxed{5}.";
        List<Span> spans = Segmenters.byId("action").segment(text);
        assertThat(texts(text, spans)).containsExactly(
                "Solve: \\boxed{4}.", "Use substitution: wrong.", "Solve: \\boxed{5}.");
        assertThat(spans.get(0)).isEqualTo(new Span(0, 17));
        int verify = text.indexOf("Use");
        assertThat(spans.get(1)).isEqualTo(new Span(verify, verify + "Use substitution: wrong.".length()));
        assertThat(spans.get(2).end()).isEqualTo(text.length());
    }

    @Test
    void emptyTextHasNoSteps() {
        for (String id : Segmenters.ids()) {
            assertThat(Segmenters.byId(id).segment("   \n\n ")).as(id).isEmpty();
            assertThat(Segmenters.byId(id).id()).isEqualTo(id);
        }
    }

    @Test
    void unknownIdNamesTheKnownOnes() {
        assertThatThrownBy(() -> Segmenters.byId("sentence"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("paragraph");
    }
}
