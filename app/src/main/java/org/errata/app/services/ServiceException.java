package org.errata.app.services;

/** A service could not do what was asked (the store failed, a model could not be loaded...). */
public class ServiceException extends Exception {
    public ServiceException(String message) {
        super(message);
    }

    public ServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
