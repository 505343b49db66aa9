package dev.flotilla.gateway.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The requests in flight, by logical call id. Thread-safe. */
public final class Exchanges {
    private final Map<String, Exchange> open = new ConcurrentHashMap<>();

    /** Starts tracking {@code exchange}. */
    public void register(Exchange exchange) {
        open.put(exchange.callId(), exchange);
    }

    /** Stops tracking the request. */
    public void remove(Exchange exchange) {
        open.remove(exchange.callId(), exchange);
    }

    /** The request an attempt or call id belongs to, or null (a call the gateway did not start). */
    public @Nullable Exchange of(String attemptOrCallId) {
        return open.get(Exchange.logicalId(attemptOrCallId));
    }

    /** How many requests are in flight. */
    public int size() {
        return open.size();
    }
}
