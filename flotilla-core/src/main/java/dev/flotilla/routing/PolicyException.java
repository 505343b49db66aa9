package dev.flotilla.routing;

import dev.flotilla.FlotillaException;

/**
 * A routing policy is unknown, or a policy file is unreadable or invalid. The message names the
 * file, the policy and the field, the bad value and what is accepted; the fix is in the
 * configuration or the request, so retrying does not help.
 */
public class PolicyException extends FlotillaException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception whose message names the bad value and what is accepted. */
    public PolicyException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
