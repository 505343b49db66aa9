package dev.flotilla.sim;

import dev.flotilla.FlotillaException;

/** A scenario file is unreadable or invalid; the message names the file, the rule and the field. */
public final class ScenarioException extends FlotillaException {
    private static final long serialVersionUID = 1L;

    /** Creates one with a message naming the file, rule, field, bad value and what is accepted. */
    public ScenarioException(String message) {
        super(message);
    }

    /** Creates one with its cause (an I/O or YAML syntax error). */
    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
