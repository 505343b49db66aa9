package dev.flotilla.gateway.internal;

import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelProvider;
import dev.flotilla.provider.StreamEvent;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Measures the time each request spends inside the upstream provider (the gateway's overhead is the
 * rest). Time spent in the consumer (writing to the client) is counted as upstream time too, since
 * it happens while the upstream stream is open.
 */
public final class TimedProvider implements ModelProvider {
    private final ModelProvider delegate;
    private final Exchanges exchanges;
    private final LongSupplier nanoTime;

    /** Times {@code delegate} for the requests in {@code exchanges} with {@code nanoTime}. */
    public TimedProvider(ModelProvider delegate, Exchanges exchanges, LongSupplier nanoTime) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.exchanges = Objects.requireNonNull(exchanges, "exchanges");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public boolean simulated() {
        return delegate.simulated();
    }

    @Override
    public void stream(ModelCall call, Consumer<StreamEvent> events) {
        long start = nanoTime.getAsLong();
        try {
            delegate.stream(call, events);
        } finally {
            timed(call, start);
        }
    }

    @Override
    public StreamEvent answer(ModelCall call) {
        long start = nanoTime.getAsLong();
        try {
            return delegate.answer(call);
        } finally {
            timed(call, start);
        }
    }

    private void timed(ModelCall call, long start) {
        Exchange exchange = exchanges.of(call.callId());
        if (exchange != null) {
            exchange.addUpstreamNanos(nanoTime.getAsLong() - start);
        }
    }
}
