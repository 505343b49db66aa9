package dev.flotilla.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.LatencyProfile;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.RateLimit;
import dev.flotilla.catalog.Tier;
import dev.flotilla.metering.TokenCounter;
import dev.flotilla.orchestration.Orchestrator;
import dev.flotilla.orchestration.RunLimits;
import dev.flotilla.orchestration.RunResult;
import dev.flotilla.orchestration.SpanStatus;
import dev.flotilla.orchestration.Subtask;
import dev.flotilla.orchestration.SubtaskOutcome;
import dev.flotilla.orchestration.Task;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelProvider;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.StreamEvent;
import dev.flotilla.routing.TaskKind;
import dev.flotilla.sim.SimulatedProvider;
import dev.flotilla.sim.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The fan-out benchmark: a real {@link Orchestrator} over the simulator, whose flagship plans
 * {@code subtasks} independent classify subtasks (routed to nano), sub-agents answer them, and the
 * flagship judges. Nano is limited to {@code nanoRpm} requests per minute in both the catalog the
 * router paces by and the simulator that answers 429s; the other models' limits and every
 * tokens-per-minute limit are set far out of reach, so nano's RPM alone sets the lower bound.
 *
 * <p>Both sides' request buckets start full (capacity = RPM) and refill evenly, so N calls at R
 * RPM cannot finish before {@code max(0, N - R) * 60 / R} seconds: R start at once, the rest at one
 * per {@code 60 / R} s. Run with {@code java -cp benchmarks.jar dev.flotilla.bench.FanOutBenchmark
 * [--subtasks N] [--rpm R] [--speed S] [--concurrency C] [--runs K]}.
 */
public final class FanOutBenchmark {
    /** Far above anything the run needs: these limits never bind. */
    private static final RateLimit UNBOUNDED = new RateLimit(1_000_000, 1_000_000_000);

    /**
     * One benchmark setting.
     *
     * @param subtasks how many subtasks the flagship plans
     * @param nanoRpm nano's requests per minute (the limit under test)
     * @param speed the simulator's speed factor (1 as profiled, 0 no delay)
     * @param concurrency the run's cap on sub-agents in flight
     * @param seed the simulator's seed
     */
    public record Config(int subtasks, long nanoRpm, double speed, int concurrency, long seed) {
        public Config {
            if (subtasks < 1 || nanoRpm < 1 || concurrency < 1 || !(speed >= 0)) {
                throw new IllegalArgumentException("subtasks, rpm and concurrency must be positive and speed >= 0, got "
                        + subtasks + ", " + nanoRpm + ", " + concurrency + ", " + speed);
            }
        }

        /** The lower bound the limits set: the calls beyond the full bucket, one per 60/R seconds. */
        public double boundSeconds() {
            return Math.max(0, subtasks - nanoRpm) * 60.0 / nanoRpm;
        }
    }

    /**
     * What one run did.
     *
     * @param config the setting
     * @param elapsed wall time of {@code orchestrator.run(task)}
     * @param subtasksOk subtasks that finished with an answer
     * @param nanoCalls model calls served by nano
     * @param calls every model call attempt
     * @param rateLimited attempts the simulator refused with a 429
     * @param otherFailures attempts that failed otherwise
     * @param answer the judge's answer
     */
    public record Result(
            Config config,
            Duration elapsed,
            int subtasksOk,
            long nanoCalls,
            long calls,
            long rateLimited,
            long otherFailures,
            List<String> firstFailures,
            String answer) {

        /** Measured time over the bound (infinite when the bound is zero). */
        public double ratio() {
            double bound = config.boundSeconds();
            return bound == 0 ? Double.POSITIVE_INFINITY : elapsed.toNanos() / 1e9 / bound;
        }

        /** One line for the report. */
        public String line() {
            return String.format(
                    Locale.ROOT,
                    "subtasks=%d ok=%d rpm=%d speed=%s concurrency=%d bound=%.2fs elapsed=%.2fs ratio=%.3f"
                            + " calls=%d nano=%d 429=%d other_failures=%d",
                    config.subtasks(),
                    subtasksOk,
                    config.nanoRpm(),
                    config.speed(),
                    config.concurrency(),
                    config.boundSeconds(),
                    elapsed.toNanos() / 1e9,
                    ratio(),
                    calls,
                    nanoCalls,
                    rateLimited,
                    otherFailures);
        }
    }

    private FanOutBenchmark() {}

    /**
     * The bundled catalog with nano at {@code nanoRpm} requests per minute and every other limit
     * out of reach, at every account tier. The flagship answers at 20,000 tokens/s: a 500-subtask
     * plan is about 17,000 output tokens, minutes at its real speed, which is not what the limits set.
     */
    public static Catalog catalog(long nanoRpm) {
        Catalog bundled = Catalog.bundled();
        List<ModelSpec> models = new ArrayList<>();
        for (ModelSpec m : bundled.models()) {
            RateLimit limit = m.tier() == Tier.NANO ? new RateLimit(nanoRpm, UNBOUNDED.tokensPerMinute()) : UNBOUNDED;
            LatencyProfile latency = m.tier() == Tier.FLAGSHIP ? new LatencyProfile(200, 20_000) : m.latency();
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
                    Map.of(1, limit),
                    latency,
                    m.endpoint(),
                    m.fallbacks(),
                    m.assumed()));
        }
        return bundled.withModels(models);
    }

    /** Answers the plan with {@code subtasks} classify subtasks, each sub-agent with a label, the judge with a count. */
    static Simulator.Responder responder(int subtasks, ObjectMapper mapper) {
        String plan = plan(subtasks, mapper);
        return call -> {
            TaskKind kind = call.taskKind();
            if (kind == TaskKind.PLAN) {
                return Optional.of(new Simulator.Response(plan, List.of()));
            }
            if (kind == TaskKind.JUDGE) {
                String results = call.messages().getLast().text();
                long ok = results.split("status=\"ok\"", -1).length - 1L;
                ObjectNode answer = mapper.createObjectNode();
                answer.put("answer", ok + " of " + subtasks + " items classified");
                answer.putArray("more_work");
                return Optional.of(new Simulator.Response(answer.toString(), List.of()));
            }
            if (kind == TaskKind.CLASSIFY) {
                String brief = call.messages().getLast().text();
                return Optional.of(new Simulator.Response("label " + (brief.hashCode() & 7), List.of()));
            }
            return Optional.empty();
        };
    }

    private static String plan(int subtasks, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("rationale", "independent items, one nano classification each");
        ArrayNode items = root.putArray("subtasks");
        for (int i = 1; i <= subtasks; i++) {
            ObjectNode item = items.addObject();
            item.put("id", "s" + i);
            item.put("kind", TaskKind.CLASSIFY.wireName());
            item.put("brief", "Classify item " + i);
            item.putArray("inputs");
            item.putArray("depends_on");
            item.put("expected_output", Subtask.TEXT_OUTPUT);
            item.putNull("model_hint");
        }
        return root.toString();
    }

    /** Runs the fan-out once with a fresh simulator and orchestrator (fresh, full buckets). */
    public static Result run(Config config, TokenCounter tokens) {
        ObjectMapper mapper = JsonMapper.builder().build();
        Catalog catalog = catalog(config.nanoRpm());
        SimulatedProvider simulator = new SimulatedProvider(Simulator.builder(catalog)
                .speed(config.speed())
                .seed(config.seed())
                .tokenCounter(tokens)
                .responder(responder(config.subtasks(), mapper))
                .build());
        CountingProvider counting = new CountingProvider(simulator);
        RunLimits limits = new RunLimits(
                config.concurrency(),
                config.subtasks(),
                1,
                4,
                200_000,
                Duration.ofMinutes(10),
                new java.math.BigDecimal("0.50"),
                1,
                null,
                1,
                false,
                1_000);
        Orchestrator orchestrator = Orchestrator.builder()
                .catalog(catalog)
                .provider(counting)
                .tokenCounter(tokens)
                .mapper(mapper)
                .limits(limits)
                .build();
        long start = System.nanoTime();
        RunResult result = orchestrator.run(Task.of("Classify " + config.subtasks() + " items"));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        int ok = (int) result.outcomes().stream()
                .map(SubtaskOutcome::status)
                .filter(s -> s == SpanStatus.OK)
                .count();
        String nano = catalog.forTier(Tier.NANO).orElseThrow().id();
        var nanoTotals = result.summary().byModel().get(nano);
        return new Result(
                config,
                elapsed,
                ok,
                nanoTotals == null ? 0 : nanoTotals.calls(),
                counting.calls.get(),
                counting.rateLimited.get(),
                counting.otherFailures.get(),
                List.copyOf(counting.failures),
                result.answer());
    }

    /**
     * Runs the benchmark and prints one line per run.
     *
     * @param args {@code --subtasks N} (500), {@code --rpm R} (300), {@code --speed S} (10),
     *     {@code --concurrency C} (32), {@code --runs K} (3), {@code --seed X} (42)
     */
    public static void main(String[] args) {
        int subtasks = 500;
        long rpm = 300;
        double speed = 10;
        int concurrency = 32;
        int runs = 3;
        long seed = 42;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--subtasks" -> subtasks = Integer.parseInt(value);
                case "--rpm" -> rpm = Long.parseLong(value);
                case "--speed" -> speed = Double.parseDouble(value);
                case "--concurrency" -> concurrency = Integer.parseInt(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + "; accepted: --subtasks, --rpm, --speed, --concurrency, --runs, --seed");
            }
        }
        TokenCounter tokens = TokenCounter.o200k();
        Config config = new Config(subtasks, rpm, speed, concurrency, seed);
        System.out.printf(
                Locale.ROOT,
                "fan-out: %d classify subtasks on nano at %d RPM (bucket starts full): bound = max(0, %d - %d) * 60 / %d"
                        + " = %.2f s%n",
                subtasks,
                rpm,
                subtasks,
                rpm,
                rpm,
                config.boundSeconds());
        for (int run = 1; run <= runs; run++) {
            Result result = run(config, tokens);
            System.out.println("run " + run + ": " + result.line());
            result.firstFailures().forEach(f -> System.out.println("  failed attempt " + f));
        }
    }

    /** Counts attempts and their failures on the way to the simulator. */
    static final class CountingProvider implements ModelProvider {
        private final ModelProvider delegate;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong rateLimited = new AtomicLong();
        final AtomicLong otherFailures = new AtomicLong();
        final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

        CountingProvider(ModelProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public boolean simulated() {
            return delegate.simulated();
        }

        @Override
        public void stream(ModelCall call, Consumer<StreamEvent> events) {
            calls.incrementAndGet();
            delegate.stream(call, event -> {
                if (event instanceof StreamEvent.Failed failed) {
                    if (failures.size() < 5) {
                        failures.add(call.callId() + ": " + failed.error().getMessage());
                    }
                    if (failed.error() instanceof ProviderException.RateLimited) {
                        rateLimited.incrementAndGet();
                    } else {
                        otherFailures.incrementAndGet();
                    }
                }
                events.accept(event);
            });
        }
    }
}
