package org.errata.persistence.db;

/** A store operation failed; the message is meant for the user and names the file involved. */
public class PersistenceException extends Exception {
    public PersistenceException(String message) {
        super(message);
    }

    public PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
