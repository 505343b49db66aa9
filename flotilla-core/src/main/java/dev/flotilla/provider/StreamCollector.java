package dev.flotilla.provider;

import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Collects a stream's events: the text so far, and the terminal event. Use one per stream.
 * Not thread-safe: a provider delivers a stream's events on one thread.
 */
public final class StreamCollector implements Consumer<StreamEvent> {
    private final StringBuilder text = new StringBuilder();
    private @Nullable StreamEvent terminal;

    @Override
    public void accept(StreamEvent event) {
        if (terminal != null) {
            throw new IllegalStateException("event " + event.getClass().getSimpleName() + " after the terminal event "
                    + terminal.getClass().getSimpleName());
        }
        switch (event) {
            case StreamEvent.TextDelta delta -> text.append(delta.text());
            case StreamEvent.ToolCallDelta ignored -> {}
            case StreamEvent.Completed completed -> terminal = completed;
            case StreamEvent.Failed failed -> terminal = failed;
        }
    }

    /** The text deltas received so far, joined. */
    public String textSoFar() {
        return text.toString();
    }

    /** The terminal event, once received. */
    public Optional<StreamEvent> terminal() {
        return Optional.ofNullable(terminal);
    }

    /**
     * The finished result.
     *
     * @throws ProviderException the stream's error when it failed
     * @throws IllegalStateException when the stream ended without a terminal event (a provider bug)
     */
    public ModelResult result() {
        return switch (terminal) {
            case StreamEvent.Completed completed -> completed.result();
            case StreamEvent.Failed failed -> throw failed.error();
            case null -> throw new IllegalStateException("the stream ended without a terminal event");
            default -> throw new IllegalStateException("not a terminal event: " + terminal);
        };
    }
}
