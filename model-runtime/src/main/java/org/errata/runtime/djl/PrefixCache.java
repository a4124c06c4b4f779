package org.errata.runtime.djl;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Keys and values of earlier prompts (and finished generations), least recently used first
 * out. A new prompt reuses the entry sharing its longest prefix. Used only on the model thread.
 */
final class PrefixCache implements AutoCloseable {

    record Entry(int[] tokens, KvArrays kv) {}

    record Hit(Entry entry, int length) {}

    private final int capacity;
    private final List<Entry> entries = new ArrayList<>();

    PrefixCache(int capacity) {
        this.capacity = capacity;
    }

    /** The entry sharing the longest prefix with {@code prompt}, at most {@code prompt.length - 1}. */
    @Nullable Hit lookup(int[] prompt) {
        Entry best = null;
        int bestLen = 0;
        for (Entry e : entries) {
            int n = Math.min(e.tokens().length, prompt.length - 1);
            int i = 0;
            while (i < n && e.tokens()[i] == prompt[i]) {
                i++;
            }
            if (i > bestLen) {
                best = e;
                bestLen = i;
            }
        }
        if (best == null) {
            return null;
        }
        entries.remove(best);
        entries.add(best);
        return new Hit(best, bestLen);
    }

    /** Adds an entry (taking ownership), replacing one with the same tokens and evicting the oldest. */
    void put(int[] tokens, KvArrays kv) {
        if (capacity == 0) {
            kv.close();
            return;
        }
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (java.util.Arrays.equals(e.tokens(), tokens)) {
                it.remove();
                e.kv().close();
            }
        }
        entries.add(new Entry(tokens.clone(), kv));
        while (entries.size() > capacity) {
            entries.remove(0).kv().close();
        }
    }

    int size() {
        return entries.size();
    }

    @Override
    public void close() {
        entries.forEach(e -> e.kv().close());
        entries.clear();
    }
}
