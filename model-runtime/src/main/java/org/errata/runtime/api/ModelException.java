package org.errata.runtime.api;

/** A model could not be loaded or could not answer. The message is meant for a person. */
public class ModelException extends Exception {

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
