package org.errata.runtime.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.jspecify.annotations.Nullable;

/**
 * Keys and values per layer owned by one manager: {@code [B, Hkv, S, hd]}. As a
 * {@link LlamaForward.Cache} it takes ownership of what is put and frees what it replaces.
 */
final class KvArrays implements LlamaForward.Cache, AutoCloseable {

    final NDManager manager;
    final @Nullable NDArray[] keys;
    final @Nullable NDArray[] values;

    KvArrays(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    @Override
    public @Nullable NDArray key(int layer) {
        return keys[layer];
    }

    @Override
    public @Nullable NDArray value(int layer) {
        return values[layer];
    }

    @Override
    public void put(int layer, NDArray key, NDArray value) {
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

    /** Tokens held (the S axis); 0 when empty. */
    long length() {
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
