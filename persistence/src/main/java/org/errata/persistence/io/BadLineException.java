package org.errata.persistence.io;

/** Thrown while parsing one line; the importer turns it into a {@link BadLine}. */
final class BadLineException extends RuntimeException {
    BadLineException(String reason) {
        super(reason, null, false, false);
    }
}
