package dev.flotilla.sim;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.metering.TokenCounter;
import java.util.ArrayList;
import java.util.List;

/** Shared, immutable test fixtures: the bundled catalog and one token counter. */
final class SimFixtures {
    static final Catalog CATALOG = Catalog.bundled();
    static final TokenCounter TOKENS = TokenCounter.o200k();

    private SimFixtures() {}

    static Simulator.Builder simulator(Scenario scenario, FakeSimClock clock) {
        return Simulator.builder(CATALOG)
                .scenario(scenario)
                .clock(clock)
                .tokenCounter(TOKENS)
                .seed(7);
    }

    static SimulatedProvider provider(Scenario scenario, FakeSimClock clock) {
        return new SimulatedProvider(simulator(scenario, clock).build());
    }

    static Scenario scenario(String yaml) {
        return Scenario.parse(yaml, "test.yaml");
    }

    /** The bundled catalog with one model's context window and output cap replaced. */
    static Catalog withSmallWindow(String id, long contextWindow, long maxOutput) {
        List<ModelSpec> models = new ArrayList<>();
        for (ModelSpec m : CATALOG.models()) {
            models.add(
                    m.id().equals(id)
                            ? new ModelSpec(
                                    m.id(),
                                    m.tier(),
                                    m.autoRoute(),
                                    m.prices(),
                                    contextWindow,
                                    maxOutput,
                                    m.inputModalities(),
                                    m.capabilities(),
                                    m.quotaWeight(),
                                    m.quality(),
                                    m.rateLimits(),
                                    m.latency(),
                                    m.endpoint(),
                                    m.fallbacks(),
                                    m.assumed())
                            : m);
        }
        return CATALOG.withModels(models);
    }
}
