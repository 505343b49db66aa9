package dev.flotilla.sim;

import dev.flotilla.sim.internal.SimHttpApi;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.time.Clock;
import java.util.Objects;

/**
 * The simulator's HTTP face: an OpenAI-compatible server ({@code /v1/chat/completions},
 * {@code /v1/responses}, {@code /v1/models}, SSE streaming) playing the same {@link Simulator} as
 * {@link SimulatedProvider}, with OpenAI's error bodies, {@code x-request-id} and
 * {@code x-ratelimit-*} headers. Any API key is accepted. Close it to stop.
 */
public final class SimServer implements AutoCloseable {
    /** Largest request body accepted (long prompts are the point of some simulations). */
    public static final long MAX_REQUEST_BYTES = 64L * 1024 * 1024;

    private final Javalin app;
    private final String host;

    private SimServer(Javalin app, String host) {
        this.app = app;
        this.host = host;
    }

    /**
     * Starts a server on {@code host}:{@code port} (port 0 picks a free one).
     *
     * @param wallClock the clock for {@code created} timestamps in answers
     * @throws IllegalArgumentException when the port is outside 0 to 65535
     * @throws RuntimeException when the address cannot be bound (Javalin's exception)
     */
    public static SimServer start(Simulator simulator, String host, int port, Clock wallClock) {
        Objects.requireNonNull(simulator, "simulator");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) to 65535, got " + port);
        }
        SimHttpApi api = new SimHttpApi(simulator, wallClock);
        Javalin app = Javalin.create(cfg -> {
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            // SSE must reach the client event by event, not in compressed blocks.
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            api.register(cfg.routes);
        });
        app.start();
        return new SimServer(app, host);
    }

    /** Starts a server whose answers carry the system clock's timestamps. */
    public static SimServer start(Simulator simulator, String host, int port) {
        return start(simulator, host, port, Clock.systemUTC());
    }

    /** The bound port. */
    public int port() {
        return app.port();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8089/v1}. */
    public String baseUrl() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port() + "/v1";
    }

    /** Stops the server; streams in flight are cut. */
    @Override
    public void close() {
        app.stop();
    }
}
