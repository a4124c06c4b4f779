package org.errata.app.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.errata.app.gui.tree.Fixtures;
import org.junit.jupiter.api.Test;

class TraceCardTest {

    @Test
    void modelsReadByNameWithoutHashesOrRunIds() {
        assertThat(TraceCard.displayName("demo")).isEqualTo("demo");
        assertThat(TraceCard.displayName("/home/u/models/Qwen2.5-0.5B-Instruct/")).isEqualTo("Qwen2.5-0.5B-Instruct");
        assertThat(TraceCard.displayName("demo@sha256:0f3a")).isEqualTo("demo");
        assertThat(TraceCard.displayName("http://gpu:8000/v1#Qwen/Qwen2.5-Math-7B")).isEqualTo("Qwen/Qwen2.5-Math-7B");
        assertThat(TraceCard.displayName("http://gpu:8000/v1")).isEqualTo("gpu:8000");
    }

    @Test
    void theSubtitleNamesStrategyAndModelAndNoRunId() {
        var run = org.errata.app.annotate.AnnotateFixtures.run("spoc");
        TraceCard card = TraceCard.of(Fixtures.corrected(), Fixtures.PROBLEM, run);
        assertThat(card.subtitle()).isEqualTo("spoc · m");
        assertThat(card.blocks().get(0).heading()).isEqualTo("Attempt 1 · proposer");
    }

    @Test
    void aModelIsNamedAsTheUserNamedItNotByItsHash() {
        var demo = new org.errata.correction.trace.ModelRef("student", "ddba1e029ba97e03", "djl", "caab", "demo", "DJL");
        assertThat(TraceCard.displayName(demo)).isEqualTo("demo");
        var folder = new org.errata.correction.trace.ModelRef("student", "ab12", "djl", null, "/models/Qwen2.5-0.5B/", "DJL");
        assertThat(TraceCard.displayName(folder)).isEqualTo("Qwen2.5-0.5B");
        var server = new org.errata.correction.trace.ModelRef("student", "http://gpu:8000/v1#Qwen/Qwen2.5-Math-7B", "openai",
                null, "http://gpu:8000/v1#Qwen/Qwen2.5-Math-7B", "");
        assertThat(TraceCard.displayName(server)).isEqualTo("Qwen/Qwen2.5-Math-7B");
    }
}
