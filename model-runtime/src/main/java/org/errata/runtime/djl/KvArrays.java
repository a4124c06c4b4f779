package org.errata.runtime.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.jspecify.annotations.Nullable;

/**
 * Keys and values per layer owned by one manager: storage {@code [B, Hkv, C, hd]} of which the
 * first {@link #length()} columns hold tokens; the batch being decoded keeps spare columns
 * ({@code C > length}) so that a step writes its column in place. As a {@link LlamaForward.Cache}
 * (prefill) it holds exactly {@code length} columns, takes ownership of what is put and frees
 * what it replaces.
 */
final class KvArrays implements LlamaForward.Cache, AutoCloseable {

    final NDManager manager;
    final @Nullable NDArray[] keys;
    final @Nullable NDArray[] values;
    /** Per layer, a transposed view ({@code [B, Hkv, hd, C]}) of the key storage, made on first use. */
    private final @Nullable NDArray[] keysT;
    private long length;

    KvArrays(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        this.keysT = new NDArray[layers];
    }

    /**
     * The keys of {@code layer} as a view {@code [B, Hkv, hd, C]} sharing their storage (so it sees
     * in-place writes), kept until the storage is replaced; {@code transpose} makes it when missing.
     */
    NDArray keysTransposed(int layer, java.util.function.UnaryOperator<NDArray> transpose) {
        NDArray t = keysT[layer];
        if (t == null) {
            NDArray k = keys[layer];
            if (k == null) {
                throw new IllegalStateException("no keys for layer " + layer);
            }
            t = transpose.apply(k);
            keysT[layer] = t;
        }
        return t;
    }

    @Override
    public @Nullable NDArray key(int layer) {
        return keys[layer];
    }

    @Override
    public @Nullable NDArray value(int layer) {
        return values[layer];
    }

    /** Stores exactly-filled keys and values: the length becomes their column count. */
    @Override
    public void put(int layer, NDArray key, NDArray value) {
        store(layer, key, value);
        length = key.getShape().get(2);
    }

    /** Replaces a layer's storage (taking ownership) without changing the length. */
    void store(int layer, NDArray key, NDArray value) {
        NDArray view = keysT[layer];
        if (view != null && key != keys[layer]) {
            view.close();
            keysT[layer] = null;
        }
        replace(keys, layer, key);
        replace(values, layer, value);
    }

    private void replace(@Nullable NDArray[] slots, int layer, NDArray a) {
        NDArray old = slots[layer];
        a.attach(manager);
        slots[layer] = a;
        if (old != null && old != a) {
            old.close();
        }
    }

    /** Tokens held (filled columns); 0 when empty. */
    long length() {
        return keys[0] == null ? 0 : length;
    }

    void setLength(long length) {
        this.length = length;
    }

    /** Columns of storage. */
    long capacity() {
        NDArray k = keys[0];
        return k == null ? 0 : k.getShape().get(2);
    }

    long rows() {
        NDArray k = keys[0];
        return k == null ? 0 : k.getShape().get(0);
    }

    boolean isEmpty() {
        return keys[0] == null;
    }

    @Override
    public void close() {
        manager.close();
    }
}
