package dev.flotilla.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.provider.ModelProvider;
import dev.flotilla.provider.ModelProviderContract;
import dev.flotilla.provider.ModelResult;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The in-process simulator passes the provider contract, on a fake clock at profile speed. */
class SimulatedProviderContractTest extends ModelProviderContract {
    private final FakeSimClock clock = new FakeSimClock();
    private final SimulatedProvider provider = SimFixtures.provider(Scenario.DEFAULT, clock);

    @Override
    protected ModelProvider provider() {
        return provider;
    }

    @Override
    protected ModelProvider providerWith(InjectedFault fault) {
        String type = fault.name().toLowerCase(Locale.ROOT);
        return SimFixtures.provider(
                SimFixtures.scenario("rules:\n  - match: { model: " + model() + " }\n    fault: " + type + "\n"),
                clock);
    }

    @Test
    void repeatedLongPrefix_isServedFromThePromptCache() {
        ModelResult first = provider.call(plainCall("Shared context. ".repeat(600) + "First question."));
        ModelResult second = provider.call(plainCall("Shared context. ".repeat(600) + "Second question."));

        assertThat(first.usage().cachedInputTokens()).isZero();
        assertThat(second.usage().cachedInputTokens()).isGreaterThanOrEqualTo(1024);
        assertThat((second.usage().cachedInputTokens() - 1024) % 128).isZero();
    }

    @Test
    void provider_saysItIsSimulated() {
        assertThat(provider.simulated()).isTrue();
        assertThat(provider.name()).isEqualTo("simulator");
    }
}
