package dev.flotilla.sim;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.Endpoint;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.WireApi;
import dev.flotilla.openai.OpenAiProvider;
import dev.flotilla.provider.ModelProvider;
import dev.flotilla.provider.ModelProviderContract;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * The OpenAI provider passes the provider contract against {@code flotilla sim serve} over real
 * HTTP on 127.0.0.1, through both wire APIs.
 */
class OpenAiProviderOverSimServerContractTest {

    /** Servers one test started; closed after it. */
    abstract static class OverHttp extends ModelProviderContract {
        private final List<SimServer> servers = new ArrayList<>();

        abstract ModelProvider provider(SimServer server);

        SimServer server(Scenario scenario) {
            Simulator simulator = Simulator.builder(SimFixtures.CATALOG)
                    .scenario(scenario)
                    .tokenCounter(SimFixtures.TOKENS)
                    .speed(0)
                    .build();
            SimServer server = SimServer.start(simulator, "127.0.0.1", 0);
            servers.add(server);
            return server;
        }

        @Override
        protected ModelProvider provider() {
            return provider(servers.isEmpty() ? server(Scenario.DEFAULT) : servers.get(0));
        }

        @Override
        protected ModelProvider providerWith(InjectedFault fault) {
            return provider(server(SimFixtures.scenario("rules:\n  - match: { model: " + model() + " }\n    fault: "
                    + fault.name().toLowerCase(Locale.ROOT) + "\n")));
        }

        @AfterEach
        void stopServers() {
            servers.forEach(SimServer::close);
        }
    }

    /** OpenAI's models speak the Responses API: OPENAI_BASE_URL points them at the simulator. */
    @Nested
    class ResponsesApi extends OverHttp {
        @Override
        ModelProvider provider(SimServer server) {
            return OpenAiProvider.builder(SimFixtures.CATALOG)
                    .env(Map.of("OPENAI_API_KEY", "sk-simulated", OpenAiProvider.BASE_URL_ENV, server.baseUrl()))
                    .tokenCounter(SimFixtures.TOKENS)
                    .build();
        }
    }

    /** A generic OpenAI-compatible endpoint speaks Chat Completions, with no key. */
    @Nested
    class ChatCompletionsApi extends OverHttp {
        @Override
        ModelProvider provider(SimServer server) {
            List<ModelSpec> models = new ArrayList<>();
            Endpoint endpoint = new Endpoint(URI.create(server.baseUrl()), null, WireApi.CHAT_COMPLETIONS);
            for (ModelSpec m : SimFixtures.CATALOG.models()) {
                models.add(new ModelSpec(
                        m.id(),
                        m.tier(),
                        m.autoRoute(),
                        m.prices(),
                        m.contextWindow(),
                        m.maxOutputTokens(),
                        m.inputModalities(),
                        m.capabilities(),
                        m.quotaWeight(),
                        m.quality(),
                        m.rateLimits(),
                        m.latency(),
                        endpoint,
                        m.fallbacks(),
                        m.assumed()));
            }
            Catalog catalog = SimFixtures.CATALOG.withModels(models);
            return OpenAiProvider.builder(catalog)
                    .env(Map.of())
                    .tokenCounter(SimFixtures.TOKENS)
                    .build();
        }
    }
}
