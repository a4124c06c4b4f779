package org.errata.runtime.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects tensors and writes one safetensors file. Float data can be stored as F32, F16 or
 * BF16 (rounded to nearest even); a large tensor can instead be given as a {@link Body} that
 * writes its bytes when the file is written, so nothing holds the whole file in memory. The
 * header is padded with spaces (as the format allows) so that the data starts on a multiple of
 * {@link #ALIGN} bytes: a memory-mapped file then gives aligned tensors. The file is written to a
 * temporary sibling and then moved into place, so a crash never leaves a half-written file under
 * the final name.
 */
public final class SafetensorsWriter {

    /** The data section starts at a multiple of this many bytes from the start of the file. */
    public static final int ALIGN = 64;

    /** A tensor's bytes, written when the file is: exactly the entry's byte count, little-endian. */
    @FunctionalInterface
    public interface Body {
        void writeTo(WritableByteChannel out) throws IOException;
    }

    private record Entry(DType dtype, long[] shape, long bytes, Body body) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private long pageAlign = ALIGN;

    /**
     * Starts the data section, and every tensor of at least {@code bytes} bytes, at a multiple of
     * {@code bytes} from the start of the file (a power of two): memory-mapped, each such tensor then
     * starts on a page of that size (2 MiB: a huge page). The gaps are {@code U8} tensors named
     * {@code __pad<n>__}, since the format allows no unindexed bytes, and the header is padded with
     * spaces.
     */
    public SafetensorsWriter alignLargeTensors(long bytes) {
        if (bytes < ALIGN || Long.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("alignment of " + bytes + " bytes: needs a power of two of at least " + ALIGN);
        }
        pageAlign = bytes;
        return this;
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds a float tensor stored as fp32. */
    public SafetensorsWriter add(String name, long[] shape, float[] data) {
        return add(name, DType.F32, shape, data);
    }

    /** Adds a float tensor converted to {@code dtype} (F32, F16 or BF16). */
    public SafetensorsWriter add(String name, DType dtype, long[] shape, float[] data) {
        checkCount(name, shape, data.length);
        ByteBuffer buf = ByteBuffer.allocate(data.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> buf.asFloatBuffer().put(data);
            case F16 -> {
                for (float f : data) {
                    buf.putShort(Float.floatToFloat16(f));
                }
            }
            case BF16 -> {
                for (float f : data) {
                    buf.putShort(toBf16(f));
                }
            }
            default -> throw new IllegalArgumentException("float data cannot be stored as " + dtype);
        }
        return addRaw(name, dtype, shape, buf.array());
    }

    /** Adds little-endian raw bytes of any type. */
    public SafetensorsWriter addRaw(String name, DType dtype, long[] shape, byte[] littleEndian) {
        long count = checkCount(name, shape, -1);
        if (count * dtype.bytes() != littleEndian.length) {
            throw new IllegalArgumentException(name + ": " + littleEndian.length + " bytes for " + count + " x " + dtype);
        }
        return add(name, dtype, shape, out -> writeFully(out, ByteBuffer.wrap(littleEndian)));
    }

    /** Adds a tensor whose bytes {@code body} writes when the file is written. */
    public SafetensorsWriter add(String name, DType dtype, long[] shape, Body body) {
        long bytes = checkCount(name, shape, -1) * dtype.bytes();
        if (entries.putIfAbsent(name, new Entry(dtype, shape.clone(), bytes, body)) != null) {
            throw new IllegalArgumentException("duplicate tensor " + name);
        }
        return this;
    }

    private static Body zeros(long n) {
        return out -> {
            ByteBuffer z = ByteBuffer.allocate((int) Math.min(n, 1 << 16));
            for (long left = n; left > 0; left -= z.capacity()) {
                writeFully(out, z.clear().limit((int) Math.min(left, z.capacity())));
            }
        };
    }

    /** Writes all of {@code buf}'s remaining bytes. */
    public static void writeFully(WritableByteChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }

    private static long checkCount(String name, long[] shape, int length) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(name + ": negative dimension");
            }
            n = Math.multiplyExact(n, d);
        }
        if (length >= 0 && n != length) {
            throw new IllegalArgumentException(name + ": shape holds " + n + " elements, data has " + length);
        }
        return n;
    }

    /** {@code f} rounded to bf16 (nearest even; NaN stays NaN): the upper 16 bits of an f32. */
    public static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** Writes the file (atomically replacing an existing one). */
    public void write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        Map<String, Entry> laid = new LinkedHashMap<>();
        long at = 0;
        for (var e : entries.entrySet()) {
            long bytes = e.getValue().bytes();
            if (pageAlign > ALIGN && bytes >= pageAlign && at % pageAlign != 0) {
                long gap = pageAlign - at % pageAlign;
                laid.put("__pad" + laid.size() + "__", new Entry(DType.U8, new long[] {gap}, gap, zeros(gap)));
                at += gap;
            }
            laid.put(e.getKey(), e.getValue());
            at += bytes;
        }
        long offset = 0;
        for (var e : laid.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", e.getValue().dtype().name());
            ArrayNode shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            ArrayNode offs = t.putArray("data_offsets");
            offs.add(offset);
            offset += e.getValue().bytes();
            offs.add(offset);
        }
        byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = Math.toIntExact((8 + headerBytes.length + pageAlign - 1) / pageAlign * pageAlign - 8);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".part");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(headerBytes);
            while (head.hasRemaining()) {
                head.put((byte) ' ');
            }
            writeFully(out, head.flip());
            for (var e : laid.entrySet()) {
                long before = out.position();
                e.getValue().body().writeTo(out);
                long written = out.position() - before;
                if (written != e.getValue().bytes()) {
                    throw new IOException(e.getKey() + ": wrote " + written + " bytes, its shape needs " + e.getValue().bytes());
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
