package org.errata.assets;

import java.io.IOException;

/** A bundled asset is missing or does not match its recorded SHA-256. */
public class AssetException extends IOException {

    public AssetException(String message) {
        super(message);
    }

    public AssetException(String message, Throwable cause) {
        super(message, cause);
    }
}
