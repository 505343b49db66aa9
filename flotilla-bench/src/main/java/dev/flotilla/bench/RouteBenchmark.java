package dev.flotilla.bench;

import dev.flotilla.catalog.Capability;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.Modality;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.Prices;
import dev.flotilla.catalog.Tier;
import dev.flotilla.routing.Policies;
import dev.flotilla.routing.Requirements;
import dev.flotilla.routing.RouteDecision;
import dev.flotilla.routing.RouteRequest;
import dev.flotilla.routing.Router;
import dev.flotilla.routing.TaskKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing decision over a catalog of {@code models} models (the bundled four plus seeded
 * synthetic ones with varied tiers, prices, windows and capabilities), with every rejected
 * alternative listed. Sample time, so the report has the median.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteBenchmark {
    @Param({"50"})
    public int models;

    private Router router;
    private RouteRequest classify;
    private RouteRequest planWithTools;
    private RouteRequest stepUp;

    @Setup
    public void setUp() {
        router = new Router(synthetic(models, 42), Policies.bundled());
        classify = RouteRequest.of(TaskKind.CLASSIFY, Requirements.of(2_000, 500));
        planWithTools = RouteRequest.of(
                TaskKind.PLAN,
                Requirements.of(40_000, 8_000)
                        .withCapabilities(Set.of(Capability.TOOLS, Capability.STRUCTURED_OUTPUT)));
        stepUp = RouteRequest.of(TaskKind.CLASSIFY, Requirements.of(600_000, 1_000));
    }

    /** classify: the cheapest nano-tier model. */
    @Benchmark
    public RouteDecision routeClassify() {
        return router.route(classify);
    }

    /** plan with tools and structured output: the cheapest capable flagship. */
    @Benchmark
    public RouteDecision routePlanWithTools() {
        return router.route(planWithTools);
    }

    /** classify with an input only large windows take: a step up to a higher tier, explained. */
    @Benchmark
    public RouteDecision routeStepUp() {
        return router.route(stepUp);
    }

    /** The bundled catalog plus seeded synthetic models up to {@code size}. */
    static Catalog synthetic(int size, long seed) {
        Catalog base = Catalog.bundled();
        List<ModelSpec> all = new ArrayList<>(base.models());
        Random random = new Random(seed);
        ModelSpec t = base.require("gpt-5.4-mini");
        for (int i = all.size(); i < size; i++) {
            BigDecimal in = BigDecimal.valueOf(5 + random.nextInt(400), 2);
            Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
            for (Capability c : Capability.values()) {
                if (random.nextInt(3) > 0) {
                    capabilities.add(c);
                }
            }
            long window = 32_000L << random.nextInt(6);
            all.add(new ModelSpec(
                    "synthetic-" + i,
                    Tier.values()[random.nextInt(3)],
                    true,
                    new Prices(in, in.divide(BigDecimal.TEN), in.multiply(BigDecimal.valueOf(6)), null, Map.of()),
                    window,
                    Math.min(window, t.maxOutputTokens()),
                    random.nextBoolean() ? Set.of(Modality.TEXT) : Set.of(Modality.TEXT, Modality.IMAGE),
                    capabilities,
                    t.quotaWeight(),
                    t.quality(),
                    t.rateLimits(),
                    t.latency(),
                    t.endpoint(),
                    List.of(),
                    Set.of()));
        }
        return base.withModels(all);
    }
}
