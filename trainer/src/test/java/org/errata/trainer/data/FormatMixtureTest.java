package org.errata.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormatMixtureTest {

    @Test
    void aSpocOnlyMixtureGivesTheSpocStreamDrawForDraw() {
        TraceGenerator plain = new TraceGenerator(4, 0.5, 0.3, Set.of());
        TraceGenerator mixed = new TraceGenerator(4, 0.5, 0.3, FormatMixture.parse("spoc"), Set.of());
        for (int i = 0; i < 30; i++) {
            assertThat(mixed.nextExamples()).containsExactly(ChatExample.of(plain.next()));
        }
    }

    @Test
    void theDefaultMixtureDrawsEveryFormatAndTheSameSeedGivesTheSameExamples() {
        TraceGenerator a = new TraceGenerator(5, 0.5, 0.3, FormatMixture.allFormats(), Set.of());
        TraceGenerator b = new TraceGenerator(5, 0.5, 0.3, FormatMixture.allFormats(), Set.of());
        EnumSet<DemoFormat> seen = EnumSet.noneOf(DemoFormat.class);
        for (int i = 0; i < 150; i++) {
            List<ChatExample> x = a.nextExamples();
            assertThat(x).isEqualTo(b.nextExamples());
            x.forEach(e -> seen.add(e.format()));
        }
        assertThat(seen).containsExactlyInAnyOrder(DemoFormat.values());
    }

    @Test
    void heldOutProblemsAreNeverDrawnInAnyFormat() {
        TraceGenerator probe = new TraceGenerator(6, 0.5, 0.3, FormatMixture.parse("critic"), Set.of());
        String first = ArithmeticProblem.fromQuestion(probe.nextExamples().get(0).prompt().get(0).content()
                .lines().filter(l -> l.startsWith(SpocFormat.QUESTION_PREFIX)).findFirst().orElseThrow()).orElseThrow().expression();
        TraceGenerator excluding = new TraceGenerator(6, 0.5, 0.3, FormatMixture.parse("critic"), Set.of(first));
        for (int i = 0; i < 5; i++) {
            assertThat(excluding.nextExamples()).allSatisfy(e -> assertThat(e.prompt().get(0).content()).doesNotContain(first + "?"));
        }
    }

    @Test
    void mixturesReadAndWriteByRecipeId() {
        FormatMixture m = FormatMixture.parse("spoc=3, s2r=1.5,gsr");
        assertThat(m.weights()).containsOnlyKeys(DemoFormat.SPOC, DemoFormat.S2R, DemoFormat.GSR);
        assertThat(m.toString()).isEqualTo("spoc=3,s2r=1.5,gsr=1");
        assertThat(FormatMixture.parse(FormatMixture.allFormats().toString())).isEqualTo(FormatMixture.allFormats());
        assertThat(FormatMixture.parse("all")).isEqualTo(FormatMixture.allFormats());
        assertThat(FormatMixture.parse("focused")).isEqualTo(FormatMixture.focused()).isNotEqualTo(FormatMixture.allFormats());
        assertThat(FormatMixture.parse(FormatMixture.focused().toString())).isEqualTo(FormatMixture.focused());
        assertThat(FormatMixture.nameOf(FormatMixture.focused())).isEqualTo("focused");
        assertThat(FormatMixture.nameOf(FormatMixture.allFormats())).isEqualTo("all");
        assertThat(FormatMixture.parse("every")).isEqualTo(FormatMixture.everyFormat());
        assertThat(FormatMixture.nameOf(FormatMixture.everyFormat())).isEqualTo("every");
        assertThat(FormatMixture.nameOf(m)).isEqualTo("spoc=3,s2r=1.5,gsr=1");
        assertThatThrownBy(() -> FormatMixture.parse("majority=1")).hasMessageContaining("no demo format for 'majority'");
        assertThatThrownBy(() -> FormatMixture.parse("spoc=x")).hasMessageContaining("not a weight");
        assertThatThrownBy(() -> FormatMixture.parse("spoc=0")).hasMessageContaining("at least one format");
    }
}
