package dev.flotilla.catalog;

import dev.flotilla.FlotillaException;

/**
 * A catalog file is unreadable or invalid. The message names the file, the entry and the field, the
 * bad value and what is accepted; the fix is in the configuration, so retrying does not help.
 */
public class CatalogException extends FlotillaException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message naming the file, entry, field and value. */
    public CatalogException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
