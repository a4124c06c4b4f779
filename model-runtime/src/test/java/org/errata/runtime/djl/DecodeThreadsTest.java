package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

/** How many engine threads a decoding step gets, and the engine's thread setting itself. */
class DecodeThreadsTest {

    /** The benchmark's tiny model (dim 256, ffn 768, 4 layers, vocab 512) and its ~134M one. */
    private static final LlamaConfig TINY = LlamaConfig.llama(256, 768, 4, 4, 4, 512, 2048, false);
    private static final LlamaConfig BASE = LlamaConfig.llama(768, 2048, 12, 12, 12, 32000, 2048, false);

    @Test
    void multiplyAddsPerRowAreTheWeightMatricesBesidesTheEmbeddings() {
        // q, k, v, o: 4 D^2; gate, up, down: 3 D I; head: D V (each weight used once per row)
        long tiny = 4 * (4L * 256 * 256 + 3L * 256 * 768) + 256L * 512;
        long base = 12 * (4L * 768 * 768 + 3L * 768 * 2048) + 768L * 32000;
        assertThat(DecodeStep.multiplyAddsPerRow(TINY)).isEqualTo(tiny);
        assertThat(DecodeStep.multiplyAddsPerRow(BASE)).isEqualTo(base);
    }

    @Test
    void groupedQueryAttentionCountsOnlyItsKeyAndValueHeads() {
        LlamaConfig gqa = LlamaConfig.llama(256, 768, 1, 8, 2, 512, 2048, false); // head dim 32, kv width 64
        assertThat(DecodeStep.multiplyAddsPerRow(gqa))
                .isEqualTo(256L * (256 + 2 * 64) + 256L * 256 + 3L * 256 * 768 + 256L * 512);
    }

    @Test
    void onlyTheLargeProductsOfAStepRunOnAllThreads() {
        // one row of the 134M model: qkv 768x2304, gate+up 768x4096, down 2048x768 and the head on all threads
        assertThat(DecodeStep.threadsFor(768L * 2304, 2)).isEqualTo(2);
        assertThat(DecodeStep.threadsFor(768L * 4096, 2)).isEqualTo(2);
        assertThat(DecodeStep.threadsFor(2048L * 768, 16)).isEqualTo(16);
        assertThat(DecodeStep.threadsFor(768L * 32000, 2)).isEqualTo(2);
        // its output projection and its attention over 256 cached columns on one
        assertThat(DecodeStep.threadsFor(768L * 768, 2)).isEqualTo(1);
        assertThat(DecodeStep.threadsFor(2L * 768 * 256, 2)).isEqualTo(1);
        // the tiny model: every product of one row on one thread, its gate+up over 32 rows on all
        assertThat(DecodeStep.threadsFor(2L * 256 * 768, 2)).isEqualTo(1);
        assertThat(DecodeStep.threadsFor(32L * 2 * 256 * 768, 2)).isEqualTo(2);
    }

    @Test
    void useThreadsSetsTheEngineWithinWhatItWasStartedWith() {
        DjlEngine.ensureStarted(1);
        int started = DjlEngine.threads();
        try {
            DjlEngine.useThreads(1);
            assertThat(JniUtils.getNumThreads()).isEqualTo(1);
            DjlEngine.useThreads(started + 5);
            assertThat(JniUtils.getNumThreads()).isEqualTo(started);
            DjlEngine.useThreads(0);
            assertThat(JniUtils.getNumThreads()).isEqualTo(1);
        } finally {
            DjlEngine.useThreads(started);
        }
    }
}
