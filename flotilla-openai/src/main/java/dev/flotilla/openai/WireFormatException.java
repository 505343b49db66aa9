package dev.flotilla.openai;

import dev.flotilla.FlotillaException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A wire message Flotilla cannot read or cannot represent: a malformed request body (a server
 * answers it with 400 and {@link #param()}), or a malformed answer (a client treats it as a
 * server error).
 */
public final class WireFormatException extends FlotillaException {
    private static final long serialVersionUID = 1L;
    private final @Nullable String param;

    /** Creates the exception; {@code param} names the field at fault, e.g. {@code messages[2].role}. */
    public WireFormatException(String message, @Nullable String param) {
        super(message);
        this.param = param;
    }

    /** Creates the exception with its cause. */
    public WireFormatException(String message, @Nullable String param, Throwable cause) {
        super(message, cause);
        this.param = param;
    }

    /** The request field at fault, when known. */
    public Optional<String> param() {
        return Optional.ofNullable(param);
    }
}
