package org.errata.runtime.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReadsBackF32Bf16AndF16() throws Exception {
        float[] data = {0f, 1f, -2.5f, 3.140625f, 1e-3f, -65504f};
        Path f = dir.resolve("t.safetensors");
        new SafetensorsWriter().metadata("format", "pt")
                .add("a", new long[] {2, 3}, data)
                .add("b", DType.BF16, new long[] {6}, data)
                .add("c", DType.F16, new long[] {3, 2}, data)
                .write(f);
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            assertThat(s.metadata()).containsEntry("format", "pt");
            assertThat(s.require("a").shape()).containsExactly(2, 3);
            assertThat(s.readFloats("a")).containsExactly(data);
            float[] b = s.readFloats("b");
            float[] c = s.readFloats("c");
            for (int i = 0; i < data.length; i++) {
                assertThat(b[i]).isCloseTo(data[i], org.assertj.core.data.Percentage.withPercentage(0.5));
                assertThat(c[i]).isCloseTo(data[i], org.assertj.core.data.Percentage.withPercentage(0.1));
            }
            assertThat(s.require("b").dtype()).isEqualTo(DType.BF16);
        }
    }

    @Test
    void bf16RoundsToNearestEven() {
        assertThat(SafetensorsWriter.toBf16(1.0f)).isEqualTo((short) 0x3f80);
        // 1 + 2^-8 lies halfway between two bf16 values: ties go to the even mantissa (1.0)
        assertThat(SafetensorsWriter.toBf16(Float.intBitsToFloat(0x3f808000))).isEqualTo((short) 0x3f80);
        assertThat(SafetensorsWriter.toBf16(Float.intBitsToFloat(0x3f818000))).isEqualTo((short) 0x3f82);
    }

    @Test
    void readsARangeOfElements() throws Exception {
        float[] data = new float[100];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        Path f = dir.resolve("r.safetensors");
        new SafetensorsWriter().add("x", new long[] {10, 10}, data).write(f);
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            java.nio.FloatBuffer buf = java.nio.FloatBuffer.allocate(5);
            s.readFloats("x", 42, 5, buf);
            assertThat(buf.array()).containsExactly(42, 43, 44, 45, 46);
        }
    }

    @Test
    void aHeaderWhoseSizesDisagreeNamesTheTensor() throws Exception {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}";
        Path f = dir.resolve("bad.safetensors");
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        Files.write(f, buf.array());
        assertThatThrownBy(() -> SafetensorsFile.open(f)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("bad.safetensors").hasMessageContaining("'w'").hasMessageContaining("needs 16");
    }

    @Test
    void garbageIsRejectedWithTheFileName() throws Exception {
        Path f = dir.resolve("junk.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SafetensorsFile.open(f)).hasMessageContaining("junk.safetensors")
                .hasMessageContaining("truncated");
    }

    @Test
    void shardedCheckpointsResolveTensorsThroughTheIndex() throws Exception {
        new SafetensorsWriter().add("a", new long[] {2}, new float[] {1, 2}).write(dir.resolve("s-1.safetensors"));
        new SafetensorsWriter().add("b", new long[] {1}, new float[] {3}).write(dir.resolve("s-2.safetensors"));
        Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX),
                "{\"weight_map\":{\"a\":\"s-1.safetensors\",\"b\":\"s-2.safetensors\"}}");
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(dir)) {
            assertThat(c.readFloats("a")).containsExactly(1, 2);
            assertThat(c.readFloats("b")).containsExactly(3);
            assertThat(c.paths()).hasSize(2);
            assertThatThrownBy(() -> c.require("a", 3)).hasMessageContaining("s-1.safetensors")
                    .hasMessageContaining("'a'");
        }
        Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX),
                "{\"weight_map\":{\"a\":\"s-1.safetensors\",\"b\":\"s-3.safetensors\"}}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir)).hasMessageContaining("s-3.safetensors");
    }
}
