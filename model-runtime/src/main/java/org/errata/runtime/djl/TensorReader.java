package org.errata.runtime.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.errata.runtime.safetensors.DType;
import org.errata.runtime.safetensors.SafetensorsCheckpoint;
import org.errata.runtime.safetensors.SafetensorsException;
import org.errata.runtime.safetensors.TensorInfo;

/**
 * Reads checkpoint tensors into engine arrays of one data type, chunk by chunk, through two
 * reused direct buffers. Each tensor's array is allocated once, whole; a chunk of the file's
 * bytes is copied into the first buffer as stored, the engine wraps the buffer without copying
 * it (a view), converts it in native code and copies it into its place in the array. So a tensor
 * is never held twice, nothing passes through the Java heap, no file stays mapped (its pages are
 * not this process's resident memory), and the buffers ({@code 3 * chunk} bytes) are the only
 * direct memory the load leaves for the garbage collector.
 *
 * <p>The engine (DJL 0.35.1's PyTorch binding) cannot wrap bf16 or int16 memory, so bf16 goes
 * through the second buffer: the engine copies each element's two bytes into the upper half of a
 * four-byte slot whose lower half stays zero, and the buffer is then wrapped as f32. That is the
 * exact bf16 to f32 conversion ({@code bits << 16}); f16 and f64 are converted by the engine, all
 * giving the values a conversion in Java gives.
 */
final class TensorReader implements AutoCloseable {

    /** Bytes of the file read per chunk. */
    static final int CHUNK = 8 << 20;

    private final SafetensorsCheckpoint ckpt;
    private final NDManager manager;
    private final NDManager views;
    private final DataType dataType;
    private final ByteBuffer raw;
    private ByteBuffer wide;

    TensorReader(SafetensorsCheckpoint ckpt, NDManager manager, DataType dataType) {
        this(ckpt, manager, dataType, CHUNK);
    }

    /** A reader with chunks of {@code chunkBytes} (a multiple of 8; tests use small ones). */
    TensorReader(SafetensorsCheckpoint ckpt, NDManager manager, DataType dataType, int chunkBytes) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("loading safetensors needs a little-endian machine");
        }
        if (chunkBytes < 8 || chunkBytes % 8 != 0) {
            throw new IllegalArgumentException("chunk of " + chunkBytes + " bytes: needs a positive multiple of 8");
        }
        this.ckpt = ckpt;
        this.manager = manager;
        this.dataType = dataType;
        // views of the buffers must alias them: on the CPU, whatever device the weights go to
        this.views = NDManager.newBaseManager(Device.cpu(), manager.getEngine().getEngineName());
        this.raw = ByteBuffer.allocateDirect(chunkBytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** One tensor. */
    NDArray read(String name) throws SafetensorsException {
        return stacked(false, name);
    }

    /**
     * Tensors of equal trailing dimensions stacked along their first dimension (q, k and v; gate
     * and up) as one array, each part read into its rows; {@code transposed}: matrices ({@code
     * [out_i, in]}) read straight into the columns of one {@code [in, sum out_i]} array, so no
     * second matrix is made to transpose them.
     */
    NDArray stacked(boolean transposed, String... names) throws SafetensorsException {
        List<TensorInfo> parts = new ArrayList<>();
        long rows = 0;
        for (String name : names) {
            TensorInfo t = ckpt.require(name);
            dataTypeOf(t);
            if ((!parts.isEmpty() && !sameTrailing(t, parts.get(0))) || (transposed && t.shape().length != 2)) {
                throw new IllegalArgumentException("cannot stack " + name + " " + t.shapeString()
                        + (parts.isEmpty() ? " as a matrix" : " under " + parts.get(0).name() + " "
                        + parts.get(0).shapeString()));
            }
            parts.add(t);
            rows += t.shape().length == 0 ? 1 : t.shape()[0];
        }
        long[] shape = parts.get(0).shape().clone();
        if (shape.length > 0) {
            shape[0] = rows;
        }
        if (transposed) {
            shape = new long[] {shape[1], rows};
        }
        boolean allBf16 = parts.stream().allMatch(t -> t.dtype() == DType.BF16);
        long bytes = new Shape(shape).size() * 4;
        // bf16 rows into a CPU f32 array of at most 2 GiB: written in place (see readBf16Into)
        boolean inPlace = !transposed && allBf16 && dataType == DataType.FLOAT32 && manager.getDevice().equals(Device.cpu())
                && bytes > 0 && bytes <= Integer.MAX_VALUE;
        NDArray out = inPlace ? manager.zeros(new Shape(shape), dataType) : manager.create(new Shape(shape), dataType);
        if (out.size() == 0) {
            return out;
        }
        // the new array is contiguous; without its own memory, the general path below
        ByteBuffer target = inPlace ? DjlEngine.ownMemory(out) : null;
        try (NDArray flat = transposed ? null : out.reshape(-1)) { // a view of the new, contiguous array
            long at = 0;
            for (TensorInfo t : parts) {
                if (transposed) {
                    readColumns(t, out, at);
                    at += t.shape()[0];
                } else if (target != null) {
                    readBf16Into(t, target, at);
                    at += t.elementCount();
                } else {
                    readInto(t, flat, at);
                    at += t.elementCount();
                }
            }
        } catch (SafetensorsException | RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    private void readInto(TensorInfo t, NDArray flat, long at) throws SafetensorsException {
        int eb = t.dtype().bytes();
        DataType source = dataTypeOf(t);
        long perChunk = raw.capacity() / eb;
        for (long done = 0; done < t.elementCount(); done += perChunk) {
            int n = Math.toIntExact(Math.min(perChunk, t.elementCount() - done));
            raw.clear().limit(n * eb);
            ckpt.readBytes(t.name(), done * eb, raw);
            raw.flip();
            try (NDArray chunk = converted(n, source)) {
                flat.set(new NDIndex().addSliceDim(at + done, at + done + n), chunk);
            }
        }
    }

    /**
     * A bf16 tensor into a zeroed f32 array's memory ({@code dst}, from element {@code at}): each
     * chunk's 16-bit values are copied into the high halves of their floats (the low halves stay
     * zero: {@code bits << 16}, the exact conversion), with no f32 chunk in between and no second
     * copy of it (a third fewer passes over the weights than {@link #readInto}).
     */
    private void readBf16Into(TensorInfo t, ByteBuffer dst, long at) throws SafetensorsException {
        long perChunk = raw.capacity() / 2;
        for (long done = 0; done < t.elementCount(); done += perChunk) {
            int n = Math.toIntExact(Math.min(perChunk, t.elementCount() - done));
            raw.clear().limit(n * 2);
            ckpt.readBytes(t.name(), done * 2, raw);
            raw.flip();
            bf16Into(dst.duplicate().position(Math.toIntExact((at + done) * 4)).limit(Math.toIntExact((at + done + n) * 4L))
                    .slice().order(ByteOrder.LITTLE_ENDIAN), n);
        }
    }

    /**
     * The first {@code n} bf16 values in {@link #raw} as floats in {@code floats}, whose low halves
     * must be zero: each value's two bytes go into the high half of its float ({@code bits << 16}).
     */
    private void bf16Into(ByteBuffer floats, int n) {
        try (NDArray slots = views.create(floats, new Shape(n, 4), DataType.UINT8);
             NDArray halves = views.create(window(raw, 2L * n), new Shape(n, 2), DataType.UINT8)) {
            slots.set(new NDIndex().addAllDim().addSliceDim(2, 4), halves);
        }
    }

    /** Rows of {@code t} ({@code [out, in]}) as columns {@code at...} of {@code dst} ({@code [in, *]}). */
    private void readColumns(TensorInfo t, NDArray dst, long at) throws SafetensorsException {
        int eb = t.dtype().bytes();
        DataType source = dataTypeOf(t);
        long out = t.shape()[0];
        long in = t.shape()[1];
        long rowBytes = in * eb;
        if (rowBytes > raw.capacity()) { // rows longer than a chunk: each row in pieces, into its column
            long perPiece = raw.capacity() / eb;
            for (long r = 0; r < out; r++) {
                for (long i = 0; i < in; i += perPiece) {
                    int n = Math.toIntExact(Math.min(perPiece, in - i));
                    raw.clear().limit(n * eb);
                    ckpt.readBytes(t.name(), (r * in + i) * eb, raw);
                    raw.flip();
                    try (NDArray piece = converted(n, source); NDArray column = piece.reshape(n, 1)) {
                        dst.set(new NDIndex().addSliceDim(i, i + n).addSliceDim(at + r, at + r + 1), column);
                    }
                }
            }
            return;
        }
        long perChunk = raw.capacity() / rowBytes;
        for (long r = 0; r < out; r += perChunk) {
            long k = Math.min(perChunk, out - r);
            raw.clear().limit(Math.toIntExact(k * rowBytes));
            ckpt.readBytes(t.name(), r * rowBytes, raw);
            raw.flip();
            // Transposed into a contiguous block first (flattening the transposed view copies it with
            // the engine's blocked transpose), then placed as rows of k contiguous values: written
            // straight from the transposed view, each value landed a whole row of dst away from the
            // last (at the 1B shape 3x slower: 240 against 83 ms per 256 MB).
            try (NDArray chunk = converted(Math.toIntExact(k * in), source);
                 NDArray rowsOf = chunk.reshape(k, in);
                 NDArray columns = rowsOf.transpose();
                 NDArray packed = columns.reshape(-1);
                 NDArray block = packed.reshape(in, k)) {
                dst.set(new NDIndex().addAllDim().addSliceDim(at + r, at + r + k), block);
            }
        }
    }

    /** The first {@code n} elements in {@link #raw}, of type {@code source}, as a CPU array of {@link #dataType}. */
    private NDArray converted(int n, DataType source) {
        NDArray f;
        if (source == DataType.BFLOAT16) {
            if (wide == null) {
                wide = ByteBuffer.allocateDirect(raw.capacity() * 2).order(ByteOrder.LITTLE_ENDIAN); // zeroed
            }
            bf16Into(window(wide, 4L * n), n);
            f = views.create(window(wide, 4L * n), new Shape(n), DataType.FLOAT32);
        } else {
            f = views.create(window(raw, (long) n * bytesOf(source)), new Shape(n), source);
        }
        if (f.getDataType() == dataType) {
            return f; // still a view of a buffer: the caller copies it into place before the next read
        }
        try (f) {
            return f.toType(dataType, false);
        }
    }

    private static ByteBuffer window(ByteBuffer b, long bytes) {
        return b.duplicate().clear().limit(Math.toIntExact(bytes)).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int bytesOf(DataType t) {
        return t.getNumOfBytes();
    }

    private DataType dataTypeOf(TensorInfo t) throws SafetensorsException {
        return switch (t.dtype()) {
            case F32 -> DataType.FLOAT32;
            case F16 -> DataType.FLOAT16;
            case BF16 -> DataType.BFLOAT16;
            case F64 -> DataType.FLOAT64;
            default -> throw new SafetensorsException(ckpt.fileOf(t.name()).path(), t.name(),
                    "expected a floating-point tensor, found " + t.dtype());
        };
    }

    private static boolean sameTrailing(TensorInfo a, TensorInfo b) {
        long[] x = a.shape();
        long[] y = b.shape();
        return x.length == y.length && x.length > 0
                && Arrays.equals(Arrays.copyOfRange(x, 1, x.length), Arrays.copyOfRange(y, 1, y.length));
    }

    @Override
    public void close() {
        views.close();
    }
}
