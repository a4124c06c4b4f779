package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class KvArraysTest {

    @Test
    void theTransposedKeyViewSeesInPlaceWritesAndFollowsReplacedStorage() {
        DjlEngine.ensureStarted(1);
        try (NDManager m = NDManager.newBaseManager(); KvArrays kv = new KvArrays(m, 1)) {
            kv.store(0, m.arange(24f).reshape(1, 2, 3, 4), m.zeros(new Shape(1, 2, 3, 4)));
            int[] made = {0};
            NDArray view = kv.keysTransposed(0, k -> {
                made[0]++;
                return k.transpose(0, 1, 3, 2);
            });
            assertThat(view.getShape()).isEqualTo(new Shape(1, 2, 4, 3));
            // element [0, 1, 2, 3] of the keys is 1*12 + 2*4 + 3 = 23
            assertThat(view.getFloat(0, 1, 3, 2)).isEqualTo(23f);

            kv.keys[0].set(new NDIndex("0, 1, 2, 3"), -5f);
            assertThat(kv.keysTransposed(0, k -> k.transpose(0, 1, 3, 2)).getFloat(0, 1, 3, 2)).isEqualTo(-5f);
            assertThat(kv.keysTransposed(0, k -> {
                made[0]++;
                return k.transpose(0, 1, 3, 2);
            })).isSameAs(view);
            assertThat(made[0]).isEqualTo(1);

            kv.store(0, m.ones(new Shape(1, 2, 5, 4)), m.zeros(new Shape(1, 2, 5, 4)));
            NDArray fresh = kv.keysTransposed(0, k -> k.transpose(0, 1, 3, 2));
            assertThat(fresh.getShape()).isEqualTo(new Shape(1, 2, 4, 5));
            assertThat(fresh.getFloat(0, 1, 3, 2)).isEqualTo(1f);
        }
    }

    @Test
    void theStorageMaskHidesColumnsPastTheCurrentOneAndKeepsTheCallersMask() {
        float inf = Float.NEGATIVE_INFINITY;
        assertThat(DecodeStep.storageMask(2, 1, 2, null)).isNull();
        float[] mask = {inf, 0, 0, 0};
        assertThat(DecodeStep.storageMask(2, 1, 2, mask)).isSameAs(mask);
        assertThat(DecodeStep.storageMask(2, 1, 4, mask)).containsExactly(inf, 0, inf, inf, 0, 0, inf, inf);
        assertThat(DecodeStep.storageMask(1, 0, 3, null)).containsExactly(0, inf, inf);
    }
}
