package org.errata.runtime.api;

/** A model folder or server could not be opened; the message names the file or address. */
public class ModelLoadException extends ModelException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
