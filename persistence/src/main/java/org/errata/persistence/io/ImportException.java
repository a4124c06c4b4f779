package org.errata.persistence.io;

import org.errata.persistence.db.PersistenceException;

/** An import was aborted (and nothing written) because of the named bad line. */
public final class ImportException extends PersistenceException {
    private final BadLine line;

    public ImportException(BadLine line) {
        this(line, false);
    }

    /** {@code unskippable}: the file's layout (a JSON array, pretty-printed JSON) cannot go on past this error. */
    public ImportException(BadLine line, boolean unskippable) {
        super(line + (unskippable ? " (nothing was imported; a JSON array or pretty-printed file cannot skip a broken value)"
                : " (nothing was imported; --skip-bad skips such lines)"));
        this.line = line;
    }

    public BadLine badLine() {
        return line;
    }
}
