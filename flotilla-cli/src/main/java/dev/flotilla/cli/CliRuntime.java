package dev.flotilla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.metering.TokenCounter;
import dev.flotilla.openai.OpenAiProvider;
import dev.flotilla.orchestration.Orchestrator;
import dev.flotilla.orchestration.RunLimits;
import dev.flotilla.orchestration.RunListener;
import dev.flotilla.provider.ModelProvider;
import dev.flotilla.review.SimulatedReviewer;
import dev.flotilla.routing.Policies;
import dev.flotilla.sim.SimulatedProvider;
import dev.flotilla.sim.Simulator;
import dev.flotilla.store.JdbcLedger;
import dev.flotilla.store.StoreConfig;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a job command runs on: live models when an API key is configured (simulated otherwise, or
 * with {@code --simulate}), the ledger in {@code $FLOTILLA_HOME}, and an orchestrator over both.
 */
final class CliRuntime implements AutoCloseable {
    /** The simulator's speed for jobs: ten times the profiled latency, so a first review is quick. */
    static final double SIMULATED_SPEED = 10;

    /** The highest fan-out cap a job may ask for. */
    static final int MAX_SUBTASKS = 200;

    private final JdbcLedger ledger;
    private final ModelProvider provider;
    private final Orchestrator orchestrator;
    private final boolean simulated;

    CliRuntime(
            FlotillaCommand root,
            boolean forceSimulate,
            @Nullable String policy,
            int concurrency,
            int maxSubtasks,
            @Nullable BigDecimal budgetUsd,
            RunListener listener) {
        CliEnvironment environment = root.environment();
        Catalog catalog = root.catalog();
        ObjectMapper mapper = new ObjectMapper();
        TokenCounter tokens = TokenCounter.o200k();
        String key = environment.env().get("OPENAI_API_KEY");
        this.simulated = forceSimulate || key == null || key.isBlank();
        if (simulated) {
            SimulatedReviewer reviewer = new SimulatedReviewer(mapper);
            Simulator simulator = Simulator.builder(catalog)
                    .speed(SIMULATED_SPEED)
                    .tokenCounter(tokens)
                    .responder(call -> reviewer.respond(call)
                            .map(reply -> new Simulator.Response(reply.text(), reply.toolCalls())))
                    .build();
            this.provider = new SimulatedProvider(simulator);
        } else {
            this.provider = OpenAiProvider.builder(catalog)
                    .env(environment.env())
                    .tokenCounter(tokens)
                    .build();
        }
        StoreConfig config;
        try {
            config = StoreConfig.fromEnvironment(environment.env(), environment.flotillaHome());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        this.ledger = JdbcLedger.open(config, Clock.systemUTC());
        Policies policies = Policies.resolve(null, environment.flotillaHome());
        if (policy != null && policies.find(policy).isEmpty()) {
            throw new UsageException(
                    "unknown policy '" + policy + "'; accepted: " + String.join(", ", policies.names()));
        }
        this.orchestrator = Orchestrator.builder()
                .catalog(catalog)
                .provider(provider)
                .ledger(ledger)
                .store(ledger.runStore())
                .policies(policies)
                .policy(policy)
                .limits(RunLimits.DEFAULTS
                        .withConcurrency(concurrency)
                        .withMaxSubtasks(maxSubtasks)
                        .withMaxPlanCostUsd(budgetUsd))
                .budgetUsd(budgetUsd)
                .tokenCounter(tokens)
                .mapper(mapper)
                .listener(Objects.requireNonNull(listener))
                .build();
    }

    boolean simulated() {
        return simulated;
    }

    Orchestrator orchestrator() {
        return orchestrator;
    }

    JdbcLedger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        ledger.close();
    }
}
