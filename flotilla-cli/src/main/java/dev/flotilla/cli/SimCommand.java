package dev.flotilla.cli;

import dev.flotilla.sim.Scenario;
import dev.flotilla.sim.ScenarioException;
import dev.flotilla.sim.SimServer;
import dev.flotilla.sim.Simulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code flotilla sim}: the model simulator. */
@Command(
        name = "sim",
        mixinStandardHelpOptions = true,
        versionProvider = FlotillaCommand.Version.class,
        description = "The model simulator: every catalog model's latency, usage, rate limits and faults.",
        subcommands = {SimCommand.Serve.class})
final class SimCommand implements Runnable {
    @ParentCommand
    FlotillaCommand root;

    @Override
    public void run() {
        new CommandLine(this).usage(root.environment().out());
    }

    /** {@code flotilla sim serve}: an OpenAI-compatible HTTP server of simulated models. */
    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            versionProvider = FlotillaCommand.Version.class,
            description = {
                "Serve the catalog's models, simulated, over OpenAI's HTTP API",
                "(/v1/chat/completions, /v1/responses, /v1/models, SSE streaming) until stopped.",
                "Point any OpenAI client at the printed URL; any API key is accepted."
            })
    static final class Serve implements Runnable {
        @ParentCommand
        SimCommand sim;

        @Option(
                names = "--host",
                paramLabel = "HOST",
                defaultValue = "127.0.0.1",
                description = "Address to listen on (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(
                names = "--port",
                paramLabel = "N",
                defaultValue = "8089",
                description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--scenario",
                paramLabel = "FILE",
                description = "A scenario YAML scripting replies, tool calls, faults and delays.")
        @Nullable
        Path scenario;

        @Option(
                names = "--seed",
                paramLabel = "S",
                defaultValue = "42",
                description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--speed",
                paramLabel = "X",
                defaultValue = "1",
                description = "Speed factor: 10 runs ten times faster than the profiles, 0 answers without delay"
                        + " (default: ${DEFAULT-VALUE}).")
        double speed;

        @Override
        public void run() {
            if (port < 0 || port > 65_535) {
                throw new UsageException("--port must be 0 (any free port) to 65535, got " + port);
            }
            if (!(speed >= 0) || Double.isInfinite(speed)) {
                throw new UsageException(
                        "--speed must be 0 (no delay) or a positive factor such as 1 or 10, got " + speed);
            }
            Scenario script;
            try {
                script = scenario != null ? Scenario.load(scenario) : Scenario.DEFAULT;
            } catch (ScenarioException e) {
                throw new UsageException(e.getMessage());
            }
            FlotillaCommand root = sim.root;
            Simulator simulator = Simulator.builder(root.catalog())
                    .scenario(script)
                    .seed(seed)
                    .speed(speed)
                    .build();
            CountDownLatch stopped = new CountDownLatch(1);
            boolean interrupted = false;
            try (SimServer server = SimServer.start(simulator, host, port)) {
                Thread hook = new Thread(stopped::countDown, "flotilla-sim-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                PrintWriter out = root.environment().out();
                out.println("flotilla sim: serving simulated models at " + server.baseUrl());
                out.println(
                        "flotilla sim: " + String.join(", ", simulator.catalog().ids()) + "; seed " + seed
                                + ", speed " + speed + (scenario != null ? ", scenario " + scenario : "")
                                + "; stop with Ctrl-C");
                out.flush();
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    // Stopped by the caller (an in-process test) rather than a signal; the flag is
                    // restored after the server has stopped, which must not see it.
                    interrupted = true;
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // The JVM is already exiting: the hook is running.
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
