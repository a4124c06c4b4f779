package org.errata.runtime.gguf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A GGUF version 3 file: typed metadata, then f32 (or f16) tensors, little-endian, each tensor's data
 * aligned to {@value #ALIGNMENT} bytes. Dimensions are given innermost first, as GGUF stores
 * them: a row-major {@code [rows, cols]} matrix is {@code {cols, rows}} and keeps its bytes.
 * Tensor data is produced lazily while writing, so a large model need not sit in memory twice.
 */
public final class GgufWriter {

    public static final int ALIGNMENT = 32;
    private static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
    private static final int VERSION = 3;

    /** GGUF metadata value types. */
    enum Type {
        UINT8(0), INT8(1), UINT16(2), INT16(3), UINT32(4), INT32(5), FLOAT32(6), BOOL(7), STRING(8), ARRAY(9),
        UINT64(10), INT64(11), FLOAT64(12);

        final int code;

        Type(int code) {
            this.code = code;
        }
    }

    private record Value(Type type, Object value, Type elementType) {}

    private record Tensor(String name, long[] dims, Supplier<float[]> data, boolean f16) {
        long elements() {
            long n = 1;
            for (long d : dims) n *= d;
            return n;
        }

        long bytes() {
            return (f16 ? 2 : 4) * elements();
        }
    }

    private final Map<String, Value> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    public GgufWriter putString(String key, String value) { return put(key, new Value(Type.STRING, value, Type.STRING)); }
    public GgufWriter putU32(String key, int value) { return put(key, new Value(Type.UINT32, value, Type.UINT32)); }
    public GgufWriter putF32(String key, float value) { return put(key, new Value(Type.FLOAT32, value, Type.FLOAT32)); }
    public GgufWriter putBool(String key, boolean value) { return put(key, new Value(Type.BOOL, value, Type.BOOL)); }
    public GgufWriter putStrings(String key, List<String> values) { return put(key, new Value(Type.ARRAY, List.copyOf(values), Type.STRING)); }
    public GgufWriter putF32s(String key, float[] values) { return put(key, new Value(Type.ARRAY, values.clone(), Type.FLOAT32)); }
    public GgufWriter putI32s(String key, int[] values) { return put(key, new Value(Type.ARRAY, values.clone(), Type.INT32)); }

    private GgufWriter put(String key, Value value) {
        Objects.requireNonNull(key, "key");
        if (metadata.putIfAbsent(key, value) != null) throw new IllegalArgumentException("duplicate key " + key);
        return this;
    }

    private boolean matricesAsF16;

    /** With {@code true}, later {@link #tensor(String, long[], Supplier)} calls store tensors of 2+ dimensions as f16. */
    public GgufWriter matricesAsF16(boolean f16) {
        this.matricesAsF16 = f16;
        return this;
    }

    /**
     * Adds an f32 tensor (f16 for a matrix after {@link #matricesAsF16}); {@code data} must return
     * exactly the product of {@code dims} values.
     */
    public GgufWriter tensor(String name, long[] dimsInnermostFirst, Supplier<float[]> data) {
        return tensor(name, dimsInnermostFirst, data, matricesAsF16 && dimsInnermostFirst.length > 1);
    }

    /** Adds a tensor stored as f32, or as f16 (rounded to nearest) when {@code f16}. */
    public GgufWriter tensor(String name, long[] dimsInnermostFirst, Supplier<float[]> data, boolean f16) {
        if (dimsInnermostFirst.length < 1 || dimsInnermostFirst.length > 4) {
            throw new IllegalArgumentException(name + ": GGUF tensors have 1 to 4 dimensions");
        }
        if (tensors.stream().anyMatch(t -> t.name.equals(name))) throw new IllegalArgumentException("duplicate tensor " + name);
        tensors.add(new Tensor(name, dimsInnermostFirst.clone(), data, f16));
        return this;
    }

    public void write(Path file) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = new BufferedOutputStream(raw, 1 << 20)) {
            Le le = new Le(out);
            le.u32(MAGIC);
            le.u32(VERSION);
            le.u64(tensors.size());
            le.u64(metadata.size());
            for (Map.Entry<String, Value> e : metadata.entrySet()) {
                le.string(e.getKey());
                writeValue(le, e.getValue());
            }
            long offset = 0;
            for (Tensor t : tensors) {
                le.string(t.name);
                le.u32(t.dims.length);
                for (long d : t.dims) le.u64(d);
                le.u32(t.f16 ? 1 : 0); // GGML_TYPE_F16 or GGML_TYPE_F32
                le.u64(offset);
                offset = align(offset + t.bytes());
            }
            le.pad();
            long written = 0;
            for (Tensor t : tensors) {
                float[] data = t.data.get();
                if (data.length != t.elements()) {
                    throw new IllegalArgumentException(t.name + ": expected " + t.elements() + " values, got " + data.length);
                }
                if (t.f16) {
                    le.halves(data);
                } else {
                    le.floats(data);
                }
                written += t.bytes();
                long aligned = align(written);
                le.zeros((int) (aligned - written));
                written = aligned;
            }
        }
    }

    private static long align(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static void writeValue(Le le, Value v) throws IOException {
        le.u32(v.type.code);
        switch (v.type) {
            case STRING -> le.string((String) v.value);
            case UINT32 -> le.u32((Integer) v.value);
            case FLOAT32 -> le.f32((Float) v.value);
            case BOOL -> le.u8(((Boolean) v.value) ? 1 : 0);
            case ARRAY -> {
                le.u32(v.elementType.code);
                switch (v.elementType) {
                    case STRING -> {
                        @SuppressWarnings("unchecked") List<String> list = (List<String>) v.value;
                        le.u64(list.size());
                        for (String s : list) le.string(s);
                    }
                    case FLOAT32 -> {
                        float[] a = (float[]) v.value;
                        le.u64(a.length);
                        le.floats(a);
                    }
                    case INT32 -> {
                        int[] a = (int[]) v.value;
                        le.u64(a.length);
                        for (int x : a) le.u32(x);
                    }
                    default -> throw new IllegalStateException("unsupported array type " + v.elementType);
                }
            }
            default -> throw new IllegalStateException("unsupported type " + v.type);
        }
    }

    /** Little-endian output that counts bytes, for alignment. */
    private static final class Le {
        private final OutputStream out;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private long count;

        Le(OutputStream out) {
            this.out = out;
        }

        void u8(int v) throws IOException { out.write(v); count++; }
        void u32(int v) throws IOException { buf.clear(); buf.putInt(v); flushBuf(); }
        void u64(long v) throws IOException { buf.clear(); buf.putLong(v); flushBuf(); }
        void f32(float v) throws IOException { buf.clear(); buf.putFloat(v); flushBuf(); }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            out.write(b);
            count += b.length;
        }

        void floats(float[] a) throws IOException {
            int i = 0;
            while (i < a.length) {
                buf.clear();
                int n = Math.min(a.length - i, buf.capacity() / 4);
                buf.asFloatBuffer().put(a, i, n);
                buf.position(4 * n);
                flushBuf();
                i += n;
            }
        }

        void halves(float[] a) throws IOException {
            int i = 0;
            while (i < a.length) {
                buf.clear();
                int n = Math.min(a.length - i, buf.capacity() / 2);
                for (int j = 0; j < n; j++) buf.putShort(Float.floatToFloat16(a[i + j]));
                flushBuf();
                i += n;
            }
        }

        void zeros(int n) throws IOException {
            byte[] z = new byte[n];
            Arrays.fill(z, (byte) 0);
            out.write(z);
            count += n;
        }

        void pad() throws IOException {
            zeros((int) (align(count) - count));
        }

        private void flushBuf() throws IOException {
            buf.flip();
            int n = buf.remaining();
            out.write(buf.array(), 0, n);
            count += n;
        }
    }
}
