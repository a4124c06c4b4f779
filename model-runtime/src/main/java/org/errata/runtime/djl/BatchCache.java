package org.errata.runtime.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The keys and values of every row being decoded, with the storage they live in. Rows share
 * columns: a decoding step writes columns {@code width .. width + t - 1} of every row at once.
 * A row's own tokens are the columns it marks valid; the others (a shorter prompt's padding, the
 * drafted tokens a row rejected) are masked out of its attention. Rejected columns at the end of
 * every row are given back ({@link #commit}), so a single row never keeps a hole.
 *
 * <p>Storage has spare columns beyond {@link #width()} ({@link #SPARE_COLUMNS} at first, then half
 * again) so a step writes in place. Used only on the model thread.
 */
final class BatchCache implements AutoCloseable {

    /** Spare columns the storage gets beyond what it holds, so decoding writes in place. */
    static final long SPARE_COLUMNS = 64;

    private final NDManager root;
    private final LlamaConfig config;
    private final DataType dataType;
    private @Nullable KvArrays kv;
    private final List<BitSet> valid = new ArrayList<>();

    BatchCache(NDManager root, LlamaConfig config, DataType dataType) {
        this.root = root;
        this.config = config;
        this.dataType = dataType;
    }

    /** The storage, for a decoding step. */
    KvArrays storage() {
        if (kv == null) {
            throw new IllegalStateException("no rows");
        }
        return kv;
    }

    int rows() {
        return valid.size();
    }

    /** Columns in use (the first free column of every row). */
    int width() {
        return kv == null ? 0 : (int) kv.length();
    }

    /** The tokens a row holds. */
    int tokens(int row) {
        return valid.get(row).cardinality();
    }

    boolean isValid(int row, int column) {
        return valid.get(row).get(column);
    }

    /** Appends {@code n} rows that each hold {@code prefill}'s keys and values (its length columns). */
    void join(KvArrays prefill, int n) {
        long len = prefill.length();
        try (NDManager tmp = root.newSubManager()) {
            if (kv == null || kv.isEmpty()) {
                KvArrays fresh = new KvArrays(root, config.numLayers());
                for (int l = 0; l < config.numLayers(); l++) {
                    fresh.store(l, pad(repeat(prefill.keys[l], n, tmp), SPARE_COLUMNS, tmp),
                            pad(repeat(prefill.values[l], n, tmp), SPARE_COLUMNS, tmp));
                }
                fresh.setLength(len);
                if (kv != null) {
                    kv.close();
                }
                kv = fresh;
            } else {
                long width = kv.length();
                long capacity = kv.capacity();
                long newCapacity = Math.max(capacity, len + SPARE_COLUMNS);
                for (int l = 0; l < config.numLayers(); l++) {
                    NDArray[] add = {prefill.keys[l], prefill.values[l]};
                    NDArray[] old = {kv.keys[l], kv.values[l]};
                    NDArray[] merged = new NDArray[2];
                    for (int i = 0; i < 2; i++) {
                        NDArray rows = pad(repeat(add[i], n, tmp), newCapacity - len, tmp);
                        merged[i] = pad(old[i], newCapacity - capacity, tmp).concat(rows, 0);
                    }
                    kv.store(l, merged[0], merged[1]);
                }
                kv.setLength(Math.max(width, len));
            }
        }
        for (int i = 0; i < n; i++) {
            BitSet b = new BitSet();
            b.set(0, (int) len);
            valid.add(b);
        }
    }

    /** Makes room for {@code columns} more columns beyond the width. */
    void reserve(int columns) {
        KvArrays k = storage();
        if (k.length() + columns <= k.capacity()) {
            return;
        }
        long extra = Math.max(Math.max(SPARE_COLUMNS, k.capacity() / 2), k.length() + columns - k.capacity());
        try (NDManager tmp = root.newSubManager()) {
            for (int l = 0; l < config.numLayers(); l++) {
                k.store(l, pad(k.keys[l], extra, tmp), pad(k.values[l], extra, tmp));
            }
        }
    }

    /**
     * The additive mask of a step of {@code t} new columns per row, {@code [rows, t, width + t]}
     * flattened: new token {@code i} of a row sees the row's valid columns and new columns
     * {@code 0..i}. With a sliding window, of those only the ones whose position (a valid column's
     * rank in its row) the token attends to ({@link LlamaConfig#attends}). For {@code t == 1}, null
     * when nothing is hidden.
     */
    float @Nullable [] mask(int t) {
        int width = width();
        int s = width + t;
        int rows = rows();
        float[] mask = new float[rows * t * s];
        boolean any = t > 1;
        boolean windowed = config.slidingWindow() > 0;
        for (int r = 0; r < rows; r++) {
            BitSet b = valid.get(r);
            int held = b.cardinality();
            for (int i = 0; i < t; i++) {
                int base = (r * t + i) * s;
                for (int c = b.nextClearBit(0); c < width; c = b.nextClearBit(c + 1)) {
                    mask[base + c] = Float.NEGATIVE_INFINITY;
                    any = true;
                }
                for (int c = width + i + 1; c < s; c++) {
                    mask[base + c] = Float.NEGATIVE_INFINITY;
                }
                if (windowed) {
                    int position = held + i;
                    int rank = 0;
                    for (int c = b.nextSetBit(0); c >= 0 && c < width; c = b.nextSetBit(c + 1), rank++) {
                        if (!config.attends(position, rank)) {
                            mask[base + c] = Float.NEGATIVE_INFINITY;
                            any = true;
                        }
                    }
                    for (int j = 0; j <= i; j++) {
                        if (!config.attends(position, held + j)) {
                            mask[base + width + j] = Float.NEGATIVE_INFINITY;
                            any = true;
                        }
                    }
                }
            }
        }
        return any ? mask : null;
    }

    /**
     * Ends a step that wrote {@code t} columns at the old width: row {@code r} keeps the first
     * {@code kept[r]} of them (at least 1: the token it fed), the rest are rolled back. The width
     * becomes the end of the last column any row kept.
     */
    void commit(int t, int[] kept) {
        int width = width();
        int end = width;
        for (int r = 0; r < rows(); r++) {
            if (kept[r] > 0) {
                valid.get(r).set(width, width + kept[r]);
                end = Math.max(end, width + kept[r]);
            }
        }
        storage().setLength(end);
    }

    /** Keeps only the given rows (in order); frees the storage when none is left. */
    void keep(int[] rows) {
        if (rows.length == rows()) {
            return;
        }
        if (rows.length == 0) {
            close();
            valid.clear();
            return;
        }
        KvArrays k = storage();
        try (NDManager tmp = root.newSubManager()) {
            NDArray idx = tmp.create(Arrays.stream(rows).asLongStream().toArray());
            NDIndex pick = new NDIndex("{}", idx);
            for (int l = 0; l < config.numLayers(); l++) {
                k.store(l, k.keys[l].get(pick), k.values[l].get(pick));
            }
        }
        List<BitSet> kept = new ArrayList<>();
        for (int r : rows) {
            kept.add(valid.get(r));
        }
        valid.clear();
        valid.addAll(kept);
    }

    /** A row's own keys and values (its valid columns) as an exactly filled cache the caller owns. */
    KvArrays copyRow(int row) {
        KvArrays k = storage();
        KvArrays out = new KvArrays(root, config.numLayers());
        try (NDManager tmp = root.newSubManager()) {
            NDArray cols = tmp.create(valid.get(row).stream().mapToLong(i -> i).toArray());
            NDIndex pick = new NDIndex(":, {}", cols);
            for (int l = 0; l < config.numLayers(); l++) {
                NDArray key = attach(k.keys[l].get(row), tmp).get(pick).expandDims(0);
                NDArray value = attach(k.values[l].get(row), tmp).get(pick).expandDims(0);
                out.put(l, key, value);
            }
        }
        return out;
    }

    /** {@code a} with {@code extra} zero columns appended (in {@code tmp}), or {@code a} itself. */
    private NDArray pad(NDArray a, long extra, NDManager tmp) {
        if (extra == 0) {
            return a;
        }
        NDArray zeros = tmp.zeros(new Shape(a.getShape().get(0), config.numKvHeads(), extra, config.headDim()),
                dataType);
        return attach(a.concat(zeros, 2), tmp);
    }

    private static NDArray repeat(NDArray a, int n, NDManager tmp) {
        return attach(n == 1 ? a.duplicate() : a.repeat(0, n), tmp);
    }

    private static NDArray attach(NDArray a, NDManager m) {
        a.attach(m);
        return a;
    }

    @Override
    public void close() {
        if (kv != null) {
            kv.close();
            kv = null;
        }
    }
}
