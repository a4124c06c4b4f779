package org.errata.correction.trace;

import java.util.Objects;
import java.util.UUID;

/** Identifier types. Node and run ids are random UUIDs so that databases of shards merge without clashes. */
public final class Ids {
    private Ids() {}

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    static String check(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) throw new IllegalArgumentException(what + " must not be blank");
        return value;
    }
}
