package org.errata.correction.trace;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifier types. Node and run ids are time-ordered UUIDs (the version-7 layout: 48 bits of
 * milliseconds, then 74 random bits), so databases of shards merge without clashes while the
 * store's id index grows at its end instead of being written all over (about twice the write
 * speed of fully random ids in {@code errata bench store}).
 */
public final class Ids {
    private Ids() {}

    public static String newId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long msb = (System.currentTimeMillis() << 16) | 0x7000L | (r.nextInt() & 0x0fffL);
        long lsb = (r.nextLong() & 0x3fff_ffff_ffff_ffffL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    static String check(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) throw new IllegalArgumentException(what + " must not be blank");
        return value;
    }
}
