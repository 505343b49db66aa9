package dev.flotilla.provider;

import dev.flotilla.metering.Usage;
import org.jspecify.annotations.Nullable;

/**
 * One event of a streamed model call. A stream ends with exactly one terminal event:
 * {@link Completed} or {@link Failed}.
 */
public sealed interface StreamEvent {

    /** Whether this event ends the stream. */
    default boolean isTerminal() {
        return this instanceof Completed || this instanceof Failed;
    }

    /** A piece of the answer text. */
    record TextDelta(String text) implements StreamEvent {}

    /**
     * A piece of a tool call: the first piece of a call has its id and name, later pieces append to
     * its arguments.
     */
    record ToolCallDelta(
            int index, @Nullable String id, @Nullable String name, String argumentsDelta) implements StreamEvent {}

    /** The stream finished; the result holds the whole answer and its usage. */
    record Completed(ModelResult result) implements StreamEvent {}

    /**
     * The stream failed.
     *
     * @param error what went wrong, typed by what to do next
     * @param usageSoFar the usage reported, or estimated from the tokens seen
     * @param usageEstimated whether {@code usageSoFar} is Flotilla's estimate
     * @param receivedOutput whether any output reached the caller before the failure (then no retry)
     */
    record Failed(ProviderException error, Usage usageSoFar, boolean usageEstimated, boolean receivedOutput)
            implements StreamEvent {}
}
