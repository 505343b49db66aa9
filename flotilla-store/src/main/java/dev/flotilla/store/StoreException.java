package dev.flotilla.store;

import dev.flotilla.FlotillaException;

/**
 * The ledger's database failed or could not be opened. Messages name the operation and the
 * database kind, never a URL's credentials.
 */
public final class StoreException extends FlotillaException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception naming what failed. */
    public StoreException(String message) {
        super(message);
    }

    /** Creates an exception naming what failed, with the driver's error. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
