package org.errata.correction.recipe;

/** A recipe or profile file that cannot be used; the message names the file, line and key. */
public final class RecipeException extends Exception {
    public RecipeException(String message) {
        super(message);
    }

    public RecipeException(String message, Throwable cause) {
        super(message, cause);
    }
}
