package org.errata.correction.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Unmodifiable copies that keep their entries' order. {@code Map.copyOf} iterates in an order
 * that changes from one JVM to the next, so a run's parameters or a problem's source fields
 * would come out of an export in a different order each time; these copies keep the order they
 * were given (and, like {@code Map.copyOf}, refuse null keys and values).
 */
final class OrderedMaps {
    private OrderedMaps() {}

    static <K, V> Map<K, V> copyOf(Map<K, V> map) {
        if (map.isEmpty()) return Map.of();
        Map<K, V> copy = new LinkedHashMap<>(map);
        copy.forEach((k, v) -> {
            Objects.requireNonNull(k, "null key");
            Objects.requireNonNull(v, "null value");
        });
        return Collections.unmodifiableMap(copy);
    }
}
