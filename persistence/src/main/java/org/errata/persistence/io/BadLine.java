package org.errata.persistence.io;

import java.nio.file.Path;

/** A line of an import file that could not be read, and why. Line numbers count from 1. */
public record BadLine(Path file, int line, String reason) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
