package dev.flotilla;

/**
 * The root of every exception Flotilla throws on purpose. Subclasses are split by what the caller
 * should do next: fix the configuration, fix the request, wait and retry, or give up.
 */
public class FlotillaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that names the bad value and what is accepted. */
    public FlotillaException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public FlotillaException(String message, Throwable cause) {
        super(message, cause);
    }
}
