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
    void eachPieceCountsItsOwnMultiplyAdds() {
        DecodeStep.Work w = DecodeStep.Work.of(BASE, 1, 256);
        assertThat(w.qkv()).isEqualTo(768L * 3 * 768);
        assertThat(w.attention()).isEqualTo(2L * 768 * 256);
        assertThat(w.out()).isEqualTo(768L * 768);
        assertThat(w.gateUp()).isEqualTo(2L * 768 * 2048);
        assertThat(w.down()).isEqualTo(2048L * 768);
        assertThat(w.head()).isEqualTo(768L * 32000);
        // grouped-query attention: k and v are as wide as their heads
        LlamaConfig gqa = LlamaConfig.llama(256, 768, 1, 8, 2, 512, 2048, false);
        assertThat(DecodeStep.Work.of(gqa, 4, 10).qkv()).isEqualTo(4L * 256 * (256 + 2 * 64));
    }

    @Test
    void onlyTheLargeProductsOfAStepRunOnAllThreads() {
        // one row of the 134M model: qkv, gate+up, down and the head on all threads; the output
        // projection and the attention over 256 cached columns on one
        DecodeStep.Work base = DecodeStep.Work.of(BASE, 1, 256);
        assertThat(DecodeStep.threadsFor(base.qkv(), 2)).isEqualTo(2);
        assertThat(DecodeStep.threadsFor(base.gateUp(), 2)).isEqualTo(2);
        assertThat(DecodeStep.threadsFor(base.down(), 16)).isEqualTo(16);
        assertThat(DecodeStep.threadsFor(base.head(), 2)).isEqualTo(2);
        assertThat(DecodeStep.threadsFor(base.out(), 2)).isEqualTo(1);
        assertThat(DecodeStep.threadsFor(base.attention(), 2)).isEqualTo(1);
        // the tiny model: every piece of one row on one thread; over 32 rows its products go wide
        DecodeStep.Work one = DecodeStep.Work.of(TINY, 1, 256);
        for (long piece : new long[] {one.qkv(), one.attention(), one.out(), one.gateUp(), one.down(), one.head()}) {
            assertThat(DecodeStep.threadsFor(piece, 2)).isEqualTo(1);
        }
        assertThat(DecodeStep.threadsFor(DecodeStep.Work.of(TINY, 32, 256).gateUp(), 2)).isEqualTo(2);
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
