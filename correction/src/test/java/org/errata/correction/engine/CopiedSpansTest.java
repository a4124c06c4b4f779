package org.errata.correction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.errata.correction.trace.CopiedSpan;
import org.junit.jupiter.api.Test;

class CopiedSpansTest {

    @Test
    void spansMoveOntoAPieceAndItsSourcesIntoItsContext() {
        String prompt = "Q: 12 + 30?\n";
        String completion = "Step 1: 12 + 30 = 42\n\n  Step 1: 12 + 30 = 42";
        int second = completion.indexOf("  Step");
        // the second line was copied from the first (a source in the completion) and "12 + 30" from the prompt
        List<CopiedSpan> call = List.of(
                new CopiedSpan(second + 2, completion.length(), prompt.length()),
                new CopiedSpan(8, 15, 3));
        int from = second + 2;
        List<CopiedSpan> node = CopiedSpans.forNode(call, prompt.length(), second, from, completion.length());
        String nodePrompt = prompt + completion.substring(0, second);
        String nodeText = completion.substring(from);
        String context = nodePrompt + nodeText;
        assertThat(node).hasSize(1);
        CopiedSpan s = node.get(0);
        assertThat(nodeText.substring(s.start(), s.end())).isEqualTo("Step 1: 12 + 30 = 42");
        assertThat(context.substring(s.source(), s.source() + s.end() - s.start())).isEqualTo("Step 1: 12 + 30 = 42");

        List<CopiedSpan> firstNode = CopiedSpans.forNode(call, prompt.length(), 0, 0, second);
        assertThat(firstNode).containsExactly(new CopiedSpan(8, 15, 3));
        assertThat((prompt + completion).substring(3, 10)).isEqualTo(completion.substring(8, 15));
    }

    @Test
    void aSourceInsideTheStrippedWhitespaceOfItsOwnNodeIsClamped() {
        // own text starts after two spaces; a source pointing into them maps to the start of the node's text
        List<CopiedSpan> node = CopiedSpans.forNode(List.of(new CopiedSpan(5, 7, 10 + 1)), 10, 0, 2, 9);
        assertThat(node).containsExactly(new CopiedSpan(3, 5, 10));
    }
}
