package org.errata.app.services;

import java.util.List;

/** One page of a longer result: {@code items} start at {@code offset} of {@code total}. */
public record Page<T>(List<T> items, int offset, int total) {
    public Page {
        items = List.copyOf(items);
        if (offset < 0 || total < 0) throw new IllegalArgumentException("offset " + offset + ", total " + total);
    }

    public static <T> Page<T> of(List<T> all, int offset, int limit) {
        int from = Math.min(Math.max(offset, 0), all.size());
        int to = Math.min(all.size(), from + Math.max(limit, 0));
        return new Page<>(all.subList(from, to), from, all.size());
    }

    public boolean hasMore() {
        return offset + items.size() < total;
    }
}
