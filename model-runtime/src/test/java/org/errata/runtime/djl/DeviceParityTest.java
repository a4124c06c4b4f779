package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.errata.runtime.gguf.LlamaGguf;
import org.errata.runtime.reference.RandomCheckpoint;
import org.errata.runtime.safetensors.SafetensorsCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU path against the CPU path on the same random weights: fp16 compute on CUDA gives the fp32 CPU logits
 * within fp16's tolerance, and the same top token at every position. Runs where {@code scripts/gpu-check.sh} asks
 * for it ({@code -Derrata.test.device=cuda}); there a missing GPU is a failure, not a skip.
 */
class DeviceParityTest {
    @TempDir
    Path dir;

    @Test
    void cudaFp16LogitsFollowTheCpuPath() throws Exception {
        assumeTrue("cuda".equals(System.getProperty("errata.test.device")),
                "CUDA parity runs only with -Derrata.test.device=cuda (scripts/gpu-check.sh on a GPU machine)");
        DjlEngine.ensureStarted(1);
        assertThat(ai.djl.engine.Engine.getInstance().getGpuCount()).as("GPUs the engine sees").isPositive();
        LlamaGguf.Shape shape = RandomCheckpoint.shape("qwen2", 320, 64, 2, 4, 2, 160);
        new RandomCheckpoint(shape, 21, 0.2).writeHuggingFace(dir);
        SplittableRandom r = new SplittableRandom(9);
        long[] ids = new long[16];
        for (int i = 0; i < ids.length; i++) ids[i] = 3 + r.nextInt(shape.vocabSize() - 3);
        LlamaConfig c = LlamaConfig.read(dir.resolve("config.json"));
        float[] cpu = logits(c, dir, ids, Device.cpu(), DataType.FLOAT32);
        float[] gpu = logits(c, dir, ids, Device.gpu(), DataType.FLOAT16);
        int v = shape.vocabSize();
        double maxDiff = 0;
        int sameTop = 0;
        for (int t = 0; t < ids.length; t++) {
            int a = 0;
            int b = 0;
            for (int i = 0; i < v; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(cpu[t * v + i] - gpu[t * v + i]));
                if (cpu[t * v + i] > cpu[t * v + a]) a = i;
                if (gpu[t * v + i] > gpu[t * v + b]) b = i;
            }
            if (a == b) sameTop++;
        }
        System.out.printf("CUDA fp16 vs CPU fp32: max |diff| %.3e, same top token at %d of %d positions%n", maxDiff, sameTop, ids.length);
        assertThat(maxDiff).isLessThan(5e-2);
        assertThat(sameTop).isGreaterThanOrEqualTo(ids.length - 1);
    }

    private static float[] logits(LlamaConfig c, Path folder, long[] ids, Device device, DataType type) throws Exception {
        try (NDManager m = NDManager.newBaseManager(device); SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(folder)) {
            LlamaWeights w = LlamaWeights.load(c, ck, m, type);
            NDArray out = LlamaForward.forward(w, m.create(ids, new Shape(1, ids.length)));
            return out.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }
}
