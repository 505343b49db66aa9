package dev.flotilla.cli;

import dev.flotilla.FlotillaException;

/** A command was given a bad value; the CLI prints the message on one line and exits 2. */
public class UsageException extends FlotillaException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception whose message names the option, the bad value and what is accepted. */
    public UsageException(String message) {
        super(message);
    }
}
