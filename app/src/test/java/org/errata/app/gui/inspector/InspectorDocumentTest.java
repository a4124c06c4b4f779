package org.errata.app.gui.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.errata.app.gui.diff.StepAlignment.Change;
import org.errata.app.gui.tree.Fixtures;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verification;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class InspectorDocumentTest {
    private final Trace trace = Fixtures.corrected();
    private final Attempt first = trace.attempts().get(0);
    private final Attempt second = trace.attempts().get(1);

    private static String spanText(InspectorDocument d, String styleClass) {
        return d.spans().stream().filter(s -> s.styleClasses().contains(styleClass))
                .map(s -> d.text().substring(s.start(), s.end())).reduce("", String::concat);
    }

    @Test
    void theLocatedStepIsHighlightedAndTheCorrectionMarked() {
        InspectorDocument d = InspectorDocument.of(first, trace.nodes(), null);
        assertThat(spanText(d, InspectorDocument.WRONG_STEP)).isEqualTo(Fixtures.WRONG_STEP);
        assertThat(spanText(d, InspectorDocument.HUMAN_ERROR)).isEqualTo(Fixtures.WRONG_STEP);
        assertThat(spanText(d, InspectorDocument.CORRECTION)).contains("Redo step 2.").contains("Then 5 + 4 = 9.");
        assertThat(d.text()).startsWith(first.text());
        assertThat(d.spans().stream().filter(s -> s.styleClasses().contains(InspectorDocument.STEP))).hasSize(3);
        assertThat(d.details()).contains(new InspectorDocument.Detail("located first error", "step 2"));
        assertThat(d.logprobs()).isEqualTo(first.logprobs()).isNotEmpty();
        assertThat(d.prompt()).isEqualTo("prompt 1");
        assertThat(d.diff()).isEmpty();
    }

    @Test
    void theCheckersLineListsEachVerdictInOrderOnlyWhereTheyDisagree() {
        assertThat(InspectorDocument.of(first, trace.nodes(), null).checkers()).isEmpty();
        Map<String, @Nullable Boolean> verdicts = new LinkedHashMap<>();
        verdicts.put("string", false);
        verdicts.put("numeric", true);
        verdicts.put("cas", null);
        Attempt disputed = new Attempt(first.id(), first.parent(), first.seq(), first.turn(), first.role(), first.model(),
                first.prompt(), first.text(), first.finalAnswer(), first.extractedBy(), first.correct(), verdicts,
                first.stats(), first.status(), first.error(), first.logprobs());
        assertThat(InspectorDocument.of(disputed, trace.nodes(), null).checkers())
                .isEqualTo("Checkers disagree: string \u2717 \u00B7 numeric \u2713 \u00B7 cas \u2014");
    }

    @Test
    void spansDoNotOverlapAndStayInsideTheText() {
        InspectorDocument d = InspectorDocument.of(first, trace.nodes(), null);
        int at = 0;
        for (InspectorDocument.Span s : d.spans()) {
            assertThat(s.start()).isGreaterThanOrEqualTo(at);
            assertThat(s.end()).isGreaterThan(s.start()).isLessThanOrEqualTo(d.text().length());
            at = s.end();
        }
    }

    @Test
    void aSelectedStepShowsItsAttemptWithTheStepMarked() {
        Step s = trace.nodes(Step.class).filter(x -> x.parent().equals(first.id()) && x.index() == 0).findFirst().orElseThrow();
        InspectorDocument d = InspectorDocument.of(s, trace.nodes(), null);
        assertThat(d.title()).isEqualTo("Step 1 of attempt 1");
        assertThat(spanText(d, InspectorDocument.SELECTED_STEP)).isEqualTo("First 2 + 3 = 5.");
    }

    @Test
    void anErrorLocationShowsTheAnalysis() {
        ErrorLocation e = trace.nodes(ErrorLocation.class).findFirst().orElseThrow();
        InspectorDocument d = InspectorDocument.of(e, trace.nodes(), null);
        assertThat(spanText(d, InspectorDocument.ANALYSIS)).contains("5 + 4 is 9.");
        assertThat(spanText(d, InspectorDocument.WRONG_STEP)).isEqualTo(Fixtures.WRONG_STEP);
    }

    @Test
    void theSecondAttemptDiffsAgainstTheFirst() {
        InspectorDocument d = InspectorDocument.of(second, trace.nodes(), null);
        assertThat(d.diff()).extracting(r -> r.change()).containsExactly(Change.KEPT, Change.EDITED, Change.EDITED);
        assertThat(spanText(d, InspectorDocument.WRONG_STEP)).isEmpty();
        assertThat(d.details()).contains(new InspectorDocument.Detail("vs gold", "right"));
    }

    @Test
    void aVerificationShowsItsVerdictAndRawText() {
        Verification v = trace.nodes(Verification.class).findFirst().orElseThrow();
        InspectorDocument d = InspectorDocument.of(v, trace.nodes(), null);
        assertThat(d.text()).isEqualTo("Step 2 is wrong. No");
        assertThat(d.details()).contains(new InspectorDocument.Detail("verdict", "incorrect"),
                new InspectorDocument.Detail("predicted first error", "step 2"),
                new InspectorDocument.Detail("p(yes)", "0.100"));
    }

    @Test
    void theProblemShowsItsGoldAnswer() {
        InspectorDocument d = InspectorDocument.ofProblem(Fixtures.PROBLEM, "x");
        assertThat(d.text()).contains("What is 2 + 3 + 4?").contains("Gold answer: $9$");
        assertThat(d.details()).contains(new InspectorDocument.Detail("gold answer", "9"));
        assertThat(InspectorDocument.ofProblem(null, "x").details()).isEqualTo(List.of());
    }
}
