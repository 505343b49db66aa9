package dev.flotilla.gateway.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's Prometheus metrics. Tags are the API, the HTTP status and the model id only (never a
 * key, a key id or anything from a request body), so the scrape cannot leak a secret.
 *
 * <ul>
 *   <li>{@code flotilla_gateway_requests_total{api,status}}
 *   <li>{@code flotilla_gateway_overhead_seconds}: the gateway's own time per request (total minus
 *       upstream), a histogram with buckets at 0.1, 0.3, 1, 3, 10 and 100 ms
 *   <li>{@code flotilla_gateway_upstream_seconds}: time inside the upstream provider, all attempts
 *   <li>{@code flotilla_gateway_cost_usd_total{model}}: what the ledger recorded
 *   <li>{@code flotilla_gateway_in_flight}: requests being served
 * </ul>
 */
public final class GatewayMetrics {
    private static final Duration[] OVERHEAD_BUCKETS = {
        Duration.ofNanos(100_000),
        Duration.ofNanos(300_000),
        Duration.ofMillis(1),
        Duration.ofMillis(3),
        Duration.ofMillis(10),
        Duration.ofMillis(100)
    };
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> costs = new ConcurrentHashMap<>();
    private final Timer overhead;
    private final Timer upstream;

    /** Metrics for the requests tracked in {@code exchanges}. */
    public GatewayMetrics(Exchanges exchanges) {
        Objects.requireNonNull(exchanges, "exchanges");
        overhead = Timer.builder("flotilla.gateway.overhead")
                .description("The gateway's own time per request: total minus time in the upstream provider")
                // buckets around the targets (0.3 ms p50, 1 ms p99), so a scrape gives the share under each
                .serviceLevelObjectives(OVERHEAD_BUCKETS)
                .register(registry);
        upstream = Timer.builder("flotilla.gateway.upstream")
                .description("Time inside the upstream provider per request, all attempts")
                .register(registry);
        Gauge.builder("flotilla.gateway.in.flight", exchanges, Exchanges::size)
                .description("Requests being served")
                .register(registry);
    }

    /** Counts a finished request. */
    public void request(String api, int status) {
        requests.computeIfAbsent(
                        api + ' ' + status,
                        k -> Counter.builder("flotilla.gateway.requests")
                                .description("Requests served, by API and HTTP status")
                                .tag("api", api)
                                .tag("status", Integer.toString(status))
                                .register(registry))
                .increment();
    }

    /** Records the overhead and upstream time of a request that reached the router. */
    public void timing(long overheadNanos, long upstreamNanos) {
        overhead.record(Math.max(0, overheadNanos), TimeUnit.NANOSECONDS);
        upstream.record(Math.max(0, upstreamNanos), TimeUnit.NANOSECONDS);
    }

    /** Adds a request's recorded cost under the model that served it. */
    public void cost(String model, BigDecimal usd) {
        if (usd.signum() == 0) {
            return;
        }
        costs.computeIfAbsent(
                        model,
                        m -> Counter.builder("flotilla.gateway.cost.usd")
                                .description("Cost recorded in the ledger, by serving model")
                                .tag("model", m)
                                .register(registry))
                .increment(usd.doubleValue());
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
