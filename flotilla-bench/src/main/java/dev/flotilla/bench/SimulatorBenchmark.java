package dev.flotilla.bench;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.metering.TokenCounter;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.sim.Scenario;
import dev.flotilla.sim.SimPlan;
import dev.flotilla.sim.SimServer;
import dev.flotilla.sim.SimulatedProvider;
import dev.flotilla.sim.Simulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The simulator's own cost at speed 0 (no simulated delay), with rate limits off: planning one call,
 * a whole in-process call, and a non-streamed Chat Completions call over HTTP on 127.0.0.1. The
 * prompt is about 200 tokens; the answer the default chat length (about 220 tokens).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SimulatorBenchmark {
    private static final String PROMPT =
            "Review this change to the rate limiter and list any bug you find. ".repeat(14);

    private Simulator simulator;
    private SimulatedProvider provider;
    private SimServer server;
    private HttpClient http;
    private HttpRequest chatRequest;
    private final AtomicLong ids = new AtomicLong();

    @Setup
    public void setUp() {
        simulator = Simulator.builder(Catalog.bundled())
                .scenario(Scenario.parse("rateLimits: false\n", "benchmark"))
                .tokenCounter(TokenCounter.o200k())
                .speed(0)
                .build();
        provider = new SimulatedProvider(simulator);
        server = SimServer.start(simulator, "127.0.0.1", 0);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        chatRequest = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-5.4-mini\",\"messages\":[{\"role\":\"user\"," + "\"content\":\"" + PROMPT
                                + "\"}]}"))
                .build();
    }

    @TearDown
    public void tearDown() {
        server.close();
        http.close();
    }

    private ModelCall call() {
        return ModelCall.of("bench-" + ids.incrementAndGet(), "gpt-5.4-mini", List.of(Message.user(PROMPT)), 4000);
    }

    @Benchmark
    public SimPlan plan() {
        return simulator.plan(call());
    }

    @Benchmark
    public ModelResult inProcessCall() {
        return provider.call(call());
    }

    @Benchmark
    public String httpChatCompletion() throws IOException, InterruptedException {
        return http.send(chatRequest, HttpResponse.BodyHandlers.ofString()).body();
    }
}
