package dev.flotilla.routing;

import dev.flotilla.FlotillaException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A routed call failed for good: no model could take it, the hook refused an attempt, capacity did
 * not come in time, the retry policy gave up, or every escalation was rejected. The message says
 * which; {@link #attempts()} tells the whole story; the cause is the last provider error, if any.
 */
public class RoutedCallException extends FlotillaException {
    private static final long serialVersionUID = 1L;

    private final transient List<RoutedResult.AttemptRecord> attempts;

    /** Creates an exception with the reason, the attempts so far and the last error (or null). */
    public RoutedCallException(
            String message, List<RoutedResult.AttemptRecord> attempts, @Nullable Throwable lastError) {
        super(message, lastError);
        this.attempts = List.copyOf(attempts);
    }

    /** Every attempt made, in order. */
    public List<RoutedResult.AttemptRecord> attempts() {
        return attempts;
    }
}
