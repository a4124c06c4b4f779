package org.errata.runtime.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One safetensors file, opened for reading. The header is parsed and checked against the file
 * size when opening; {@link #readBytes} copies a tensor's stored bytes into a caller's buffer
 * (the model loader's path), {@link #readFloats} converts through memory-mapped windows of at
 * most 1 GiB, so files and tensors larger than 2 GiB work. Thread-safe for reads.
 */
public final class SafetensorsFile implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;
    private static final long WINDOW = 1L << 30;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final long fileSize;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, long fileSize,
            Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.fileSize = fileSize;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** Opens and validates a file: every tensor's type, shape and byte range must be consistent. */
    public static SafetensorsFile open(Path path) throws SafetensorsException {
        return open(path, false);
    }

    /**
     * As {@link #open(Path)}; {@code privateMaps}: for {@link #mapPrivate}, which needs the file
     * opened for writing too (nothing is ever written to it).
     */
    public static SafetensorsFile open(Path path, boolean privateMaps) throws SafetensorsException {
        FileChannel channel;
        try {
            channel = privateMaps ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new SafetensorsException(path, null, "file not found", e);
        } catch (IOException e) {
            throw new SafetensorsException(path, null, "cannot open: " + e.getMessage(), e);
        }
        try {
            return parse(path, channel);
        } catch (SafetensorsException | RuntimeException e) {
            closeQuietly(channel, e);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel, Exception primary) {
        try {
            channel.close();
        } catch (IOException suppressed) {
            primary.addSuppressed(suppressed);
        }
    }

    private static SafetensorsFile parse(Path path, FileChannel channel) throws SafetensorsException {
        long size;
        try {
            size = channel.size();
            if (size < 8) {
                throw new SafetensorsException(path, null, "truncated: " + size + " bytes, no header");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen < 2 || headerLen > MAX_HEADER) {
                throw new SafetensorsException(path, null, "not a safetensors file (header length " + headerLen + ")");
            }
            if (8 + headerLen > size) {
                throw new SafetensorsException(path, null,
                        "truncated: header needs " + (8 + headerLen) + " bytes, the file has " + size);
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(channel, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            return fromHeader(path, channel, size, 8 + headerLen, json);
        } catch (SafetensorsException e) {
            throw e;
        } catch (IOException e) {
            throw new SafetensorsException(path, null, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    private static SafetensorsFile fromHeader(Path path, FileChannel channel, long size, long dataStart, String json)
            throws SafetensorsException {
        JsonNode root;
        try {
            root = JSON.readTree(json.trim());
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(path, null, "header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsException(path, null, "header is not a JSON object");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        long dataSize = size - dataStart;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode node = e.getValue();
            if (name.equals("__metadata__")) {
                node.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            String dtypeName = node.path("dtype").asText("");
            DType dtype = DType.parse(dtypeName).orElseThrow(() ->
                    new SafetensorsException(path, name, "unsupported dtype '" + dtypeName + "'"));
            JsonNode shapeNode = node.path("shape");
            JsonNode offsets = node.path("data_offsets");
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw new SafetensorsException(path, name, "header entry lacks shape or data_offsets");
            }
            long[] shape = new long[shapeNode.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong(-1);
                if (shape[i] < 0) {
                    throw new SafetensorsException(path, name, "negative dimension in shape " + shapeNode);
                }
                count = Math.multiplyExact(count, shape[i]);
            }
            long begin = offsets.get(0).asLong(-1);
            long end = offsets.get(1).asLong(-1);
            if (begin < 0 || end < begin) {
                throw new SafetensorsException(path, name, "bad data_offsets " + offsets);
            }
            long expected = count * dtype.bytes();
            if (end - begin != expected) {
                throw new SafetensorsException(path, name, "holds " + (end - begin) + " bytes but " + dtype
                        + " shape " + shapeNode + " needs " + expected);
            }
            if (end > dataSize) {
                throw new SafetensorsException(path, name, "truncated: its data ends at byte " + (dataStart + end)
                        + " but the file has " + size + " bytes");
            }
            tensors.put(name, new TensorInfo(name, dtype, shape, begin, end));
        }
        return new SafetensorsFile(path, channel, dataStart, size, tensors, metadata);
    }

    public Path path() {
        return path;
    }

    public long fileSize() {
        return fileSize;
    }

    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public Optional<TensorInfo> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    public TensorInfo require(String name) throws SafetensorsException {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new SafetensorsException(path, name, "tensor missing");
        }
        return t;
    }

    /** Maps a tensor's raw little-endian bytes; the tensor must be smaller than 2 GiB. */
    public ByteBuffer map(String name) throws SafetensorsException {
        TensorInfo t = require(name);
        if (t.byteLength() > Integer.MAX_VALUE) {
            throw new SafetensorsException(path, name, "too large to map at once (" + t.byteLength() + " bytes)");
        }
        return mapRange(t, t.begin(), t.byteLength());
    }

    /**
     * Maps a tensor's bytes copy-on-write: writes to the buffer go to this process's own copies of
     * the pages, never to the file (the file must be opened with {@code privateMaps}). The mapping
     * reaches on to the next multiple of {@code granule} bytes of the file (or its end), so that a
     * tensor aligned to huge pages in the file ({@link SafetensorsWriter#alignLargeTensors}) is
     * mapped in whole huge pages, its last one too; the buffer holds the tensor's bytes only. The
     * mapping stays until the buffer is garbage-collected, also after {@link #close}.
     */
    public ByteBuffer mapPrivate(String name, long granule) throws SafetensorsException {
        TensorInfo t = require(name);
        long fileEnd = dataStart + t.begin() + t.byteLength();
        long mapEnd = Math.min(fileSize, (fileEnd + granule - 1) / granule * granule);
        long length = mapEnd - (dataStart + t.begin());
        if (length > Integer.MAX_VALUE) {
            throw new SafetensorsException(path, name, "too large to map at once (" + length + " bytes with its last page, limit "
                    + Integer.MAX_VALUE + ")");
        }
        MappedByteBuffer whole = mapRange(t, FileChannel.MapMode.PRIVATE, t.begin(), length);
        // the slice keeps the mapping alive
        return whole.slice(0, Math.toIntExact(t.byteLength())).order(ByteOrder.LITTLE_ENDIAN);
    }

    private MappedByteBuffer mapRange(TensorInfo t, long offsetInData, long length) throws SafetensorsException {
        return mapRange(t, FileChannel.MapMode.READ_ONLY, offsetInData, length);
    }

    private MappedByteBuffer mapRange(TensorInfo t, FileChannel.MapMode mode, long offsetInData, long length)
            throws SafetensorsException {
        try {
            MappedByteBuffer buf = channel.map(mode, dataStart + offsetInData, length);
            buf.order(ByteOrder.LITTLE_ENDIAN);
            return buf;
        } catch (IOException e) {
            throw new SafetensorsException(path, t.name(), "cannot map: " + e.getMessage(), e);
        }
    }

    /**
     * Copies a tensor's raw little-endian bytes, starting {@code offset} bytes into the tensor, into
     * {@code dst} from its position to its limit (positional reads: nothing stays mapped, so the
     * file's pages are not counted in this process's resident memory). Thread-safe.
     */
    public void readBytes(String name, long offset, ByteBuffer dst) throws SafetensorsException {
        TensorInfo t = require(name);
        if (offset < 0 || offset + dst.remaining() > t.byteLength()) {
            throw new SafetensorsException(path, name, "byte range [" + offset + ", " + (offset + dst.remaining())
                    + ") outside " + t.byteLength() + " bytes");
        }
        try {
            readFully(channel, dst, dataStart + t.begin() + offset);
        } catch (IOException e) {
            throw new SafetensorsException(path, name, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a whole floating-point tensor as fp32. */
    public float[] readFloats(String name) throws SafetensorsException {
        TensorInfo t = require(name);
        if (t.elementCount() > Integer.MAX_VALUE - 8) {
            throw new SafetensorsException(path, name, "too many elements for one float[]: " + t.elementCount());
        }
        float[] out = new float[(int) t.elementCount()];
        readFloats(name, 0, out.length, FloatBuffer.wrap(out));
        return out;
    }

    /**
     * Converts {@code count} elements starting at element {@code from} of a floating-point tensor
     * (F32, F16, BF16 or F64) to fp32 and puts them into {@code dst}.
     */
    public void readFloats(String name, long from, long count, FloatBuffer dst) throws SafetensorsException {
        TensorInfo t = require(name);
        if (!t.dtype().isFloating()) {
            throw new SafetensorsException(path, name, "expected a floating-point tensor, found " + t.dtype());
        }
        if (from < 0 || count < 0 || from + count > t.elementCount()) {
            throw new SafetensorsException(path, name, "element range [" + from + ", " + (from + count)
                    + ") outside " + t.elementCount() + " elements");
        }
        if (dst.remaining() < count) {
            throw new IllegalArgumentException("destination has room for " + dst.remaining() + " of " + count);
        }
        int eb = t.dtype().bytes();
        long windowElems = WINDOW / eb;
        long done = 0;
        while (done < count) {
            long n = Math.min(windowElems, count - done);
            MappedByteBuffer bytes = mapRange(t, t.begin() + (from + done) * eb, n * eb);
            convert(t.dtype(), bytes, (int) n, dst);
            done += n;
        }
    }

    private static void convert(DType dtype, ByteBuffer bytes, int n, FloatBuffer dst) {
        switch (dtype) {
            case F32 -> dst.put(bytes.asFloatBuffer());
            case BF16 -> {
                ShortBuffer s = bytes.asShortBuffer();
                for (int i = 0; i < n; i++) {
                    dst.put(Float.intBitsToFloat((s.get(i) & 0xffff) << 16));
                }
            }
            case F16 -> {
                ShortBuffer s = bytes.asShortBuffer();
                for (int i = 0; i < n; i++) {
                    dst.put(Float.float16ToFloat(s.get(i)));
                }
            }
            case F64 -> {
                var d = bytes.asDoubleBuffer();
                for (int i = 0; i < n; i++) {
                    dst.put((float) d.get(i));
                }
            }
            default -> throw new IllegalStateException("not floating: " + dtype);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("closing " + path, e);
        }
    }
}
