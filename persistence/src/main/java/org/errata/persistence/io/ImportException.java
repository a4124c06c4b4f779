package org.errata.persistence.io;

import org.errata.persistence.db.PersistenceException;

/** An import was aborted (and nothing written) because of the named bad line. */
public final class ImportException extends PersistenceException {
    private final BadLine line;

    public ImportException(BadLine line) {
        super(line + " (nothing was imported; --skip-bad skips such lines)");
        this.line = line;
    }

    public BadLine badLine() {
        return line;
    }
}
