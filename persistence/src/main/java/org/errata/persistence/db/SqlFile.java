package org.errata.persistence.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** SQL kept in a resource file beside the class that runs it, read once. */
public final class SqlFile {
    private SqlFile() {}

    /** The text of resource {@code name} in {@code owner}'s package; a missing file is a build error. */
    public static String load(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("SQL file " + name + " is missing beside " + owner.getName());
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read SQL file " + name, e);
        }
    }
}
