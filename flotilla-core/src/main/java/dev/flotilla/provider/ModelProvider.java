package dev.flotilla.provider;

import dev.flotilla.metering.Usage;
import java.util.function.Consumer;

/**
 * Calls models: OpenAI, an OpenAI-compatible server, or the simulator. A provider never retries:
 * the router is the one retry loop. Implementations are thread-safe.
 */
public interface ModelProvider {

    /** A short name for logs and traces, e.g. {@code openai} or {@code simulator}. */
    String name();

    /** Whether this provider simulates models instead of calling real ones (reports say so). */
    default boolean simulated() {
        return false;
    }

    /**
     * Calls a model and waits for the whole answer. The default streams and collects; providers
     * with a cheaper non-streaming path override it.
     *
     * @throws ProviderException typed by what the caller should do next (callers that must meter
     *     a failed call's partial usage use {@link #stream} and read {@link StreamEvent.Failed})
     */
    default ModelResult call(ModelCall call) {
        StreamCollector collector = new StreamCollector();
        stream(call, collector);
        return collector.result();
    }

    /**
     * Calls a model for its whole answer and returns the terminal event: {@link
     * StreamEvent.Completed}, or {@link StreamEvent.Failed} with the usage known so far. Never throws
     * for provider errors. The router uses this when nobody reads the deltas. The default streams and
     * keeps the terminal event; providers with a cheaper non-streaming path override it.
     */
    default StreamEvent answer(ModelCall call) {
        StreamEvent[] terminal = new StreamEvent[1];
        stream(call, event -> {
            if (event.isTerminal() && terminal[0] == null) {
                terminal[0] = event;
            }
        });
        if (terminal[0] == null) {
            return new StreamEvent.Failed(
                    new ProviderException.BrokenStream(
                            name(), call.model(), null, "the stream ended without a terminal event"),
                    Usage.ZERO,
                    true,
                    false);
        }
        return terminal[0];
    }

    /**
     * Calls a model and delivers its answer as events, on the calling thread, ending with exactly
     * one {@link StreamEvent.Completed} or {@link StreamEvent.Failed}. Blocks until the terminal
     * event; interrupting the thread cancels the call (ending in {@code Failed} with
     * {@link ProviderException.Cancelled}). Never throws for provider errors: they arrive as
     * {@code Failed}.
     */
    void stream(ModelCall call, Consumer<StreamEvent> events);
}
