package dev.flotilla.cli;

import dev.flotilla.gateway.Gateway;
import dev.flotilla.gateway.GatewayConfig;
import dev.flotilla.gateway.TaskClassifier;
import dev.flotilla.openai.OpenAiProvider;
import dev.flotilla.provider.ModelProvider;
import dev.flotilla.routing.Policies;
import dev.flotilla.routing.TaskKind;
import dev.flotilla.sim.SimulatedProvider;
import dev.flotilla.sim.Simulator;
import dev.flotilla.store.JdbcLedger;
import dev.flotilla.store.StoreConfig;
import dev.flotilla.store.VirtualKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code flotilla serve}: the OpenAI-compatible gateway. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = FlotillaCommand.Version.class,
        description = {
            "Serve the OpenAI-compatible API (/v1/chat/completions, /v1/responses, /v1/models, /health, /metrics)"
                    + " with automatic routing, virtual keys, budgets and metering. Prints the base URL when ready.",
            "Upstream: OpenAI (or OPENAI_BASE_URL) with OPENAI_API_KEY; the simulator without a key or with"
                    + " --simulate. Every answer carries x-flotilla-model, x-flotilla-cost-usd, x-flotilla-route-reason"
                    + " and x-flotilla-overhead-ms (the gateway's own time: total minus upstream)."
        })
final class ServeCommand implements Runnable {
    @ParentCommand
    FlotillaCommand root;

    @Option(names = "--host", paramLabel = "H", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "N", description = "Port (default: ${DEFAULT-VALUE}; 0 for any).")
    int port = 8080;

    @Option(names = "--simulate", description = "Answer with the in-process simulator instead of a real upstream.")
    boolean simulate;

    @Option(
            names = "--task-kind",
            paramLabel = "KIND",
            description = "Task kind for `auto` requests without the x-flotilla-task-kind header (default:"
                    + " classify each request with a cheap heuristic).")
    @Nullable
    String taskKind;

    @Option(names = "--max-body-bytes", paramLabel = "N", description = "Request size cap (default: 4194304).")
    long maxBodyBytes = GatewayConfig.DEFAULT.maxBodyBytes();

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A config YAML whose routing: section adds policies.")
    @Nullable
    Path configFile;

    @Override
    public void run() {
        Map<String, String> env = root.environment().env();
        ModelProvider upstream = upstream(env);
        TaskClassifier classifier;
        try {
            classifier = taskKind == null ? TaskClassifier.heuristic() : TaskClassifier.fixed(TaskKind.parse(taskKind));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--task-kind: " + e.getMessage());
        }
        StoreConfig store;
        GatewayConfig config;
        try {
            store = StoreConfig.fromEnvironment(env, root.environment().flotillaHome());
            config = GatewayConfig.DEFAULT.withAddress(host, port).withMaxBodyBytes(maxBodyBytes);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Policies policies = Policies.resolve(configFile, root.environment().flotillaHome());
        JdbcLedger ledger = JdbcLedger.open(store, Clock.systemUTC());
        Gateway gateway = Gateway.builder(root.catalog(), upstream, ledger)
                .policies(policies)
                .keys(VirtualKeys.of(ledger, Clock.systemUTC()))
                .config(config)
                .classifier(classifier)
                .build()
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            ledger.close();
            stopped.countDown();
        }));
        PrintWriter out = root.environment().out();
        gateway.bindNote().ifPresent(note -> out.println("note: " + note));
        out.println("upstream: " + upstream.name() + "; ledger: " + store.describe() + "; keys "
                + (gateway.keysRequired() ? "required" : "optional"));
        out.println("Flotilla gateway ready at " + gateway.baseUrl());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gateway.close();
            ledger.close();
        }
    }

    private ModelProvider upstream(Map<String, String> env) {
        boolean hasKey = env.getOrDefault("OPENAI_API_KEY", "").isBlank() == false;
        if (simulate || !hasKey) {
            // No key, or asked to: every upstream call goes to the in-process simulator.
            return new SimulatedProvider(Simulator.builder(root.catalog()).build());
        }
        return OpenAiProvider.builder(root.catalog()).env(env).build();
    }
}
