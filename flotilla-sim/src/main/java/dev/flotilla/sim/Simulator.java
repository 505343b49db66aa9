package dev.flotilla.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.LatencyProfile;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.RateLimit;
import dev.flotilla.metering.TokenCounter;
import dev.flotilla.metering.Usage;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.RateLimitSnapshot;
import dev.flotilla.provider.ToolCall;
import dev.flotilla.provider.ToolChoice;
import dev.flotilla.provider.ToolSpec;
import dev.flotilla.routing.TaskKind;
import dev.flotilla.sim.internal.JsonSchemaGenerator;
import dev.flotilla.sim.internal.PrefixCache;
import dev.flotilla.sim.internal.PromptRenderer;
import dev.flotilla.sim.internal.TextGenerator;
import dev.flotilla.sim.internal.TokenBuckets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The simulator's engine: decides, for each call, what a catalog model would do. It draws time to
 * first token and output speed from the model's {@link LatencyProfile} (lognormal around the
 * medians), counts the prompt in o200k tokens, reports cached tokens for prefixes shared with
 * recent prompts (1024 tokens, then blocks of 128, as OpenAI does), refuses calls past the model's
 * RPM/TPM buckets, refuses prompts longer than the context window, and injects faults by scenario
 * rule or at random. Text is plainly labelled as simulated; structured output is a valid instance
 * of the schema; tool calls come when tools are offered and forced or scripted.
 *
 * <p>Deterministic for a seed: each call's draws come from the seed, the call id, the model and the
 * prompt, so concurrent calls do not disturb each other's answers. Thread-safe.
 */
public final class Simulator {
    /** The provider name in errors and traces. */
    public static final String PROVIDER = "simulator";

    private static final double TTFT_SIGMA = 0.25;
    private static final double SPEED_SIGMA = 0.15;
    private static final double LENGTH_SIGMA = 0.35;
    private static final long PREFILL_NANOS_PER_TOKEN = 20_000;
    private static final Duration CACHE_TTL = Duration.ofMinutes(10);
    private static final long DEFAULT_OUTPUT_TOKENS = 220;

    private final Catalog catalog;
    private final Scenario scenario;
    private final Responder responder;
    private final long seed;
    private final double speed;
    private final SimClock clock;
    private final TokenCounter tokens;
    private final int rateLimitTier;
    private final PromptRenderer renderer;
    private final TextGenerator text;
    private final TokenBuckets buckets = new TokenBuckets();
    private final PrefixCache cache = new PrefixCache(64, CACHE_TTL);
    private final AtomicLong requests = new AtomicLong();
    private final ReentrantLock rulesLock = new ReentrantLock();
    private final int[] firings;

    private Simulator(Builder builder) {
        this.catalog = builder.catalog;
        this.scenario = builder.scenario;
        this.responder = builder.responder;
        this.seed = builder.seed;
        this.speed = builder.speed;
        this.clock = builder.clock;
        this.tokens = builder.tokens != null ? builder.tokens : TokenCounter.o200k();
        Integer tier = scenario.rateLimitTier() != null ? scenario.rateLimitTier() : builder.rateLimitTier;
        this.rateLimitTier = tier != null ? tier : catalog.rateLimitTier();
        this.renderer = new PromptRenderer(tokens);
        this.text = new TextGenerator(tokens);
        this.firings = new int[scenario.rules().size()];
    }

    /** A builder for a simulator of this catalog's models. */
    public static Builder builder(Catalog catalog) {
        return new Builder(catalog);
    }

    /** The models simulated. */
    public Catalog catalog() {
        return catalog;
    }

    /** The time source and sleeper the faces pace answers with. */
    public SimClock clock() {
        return clock;
    }

    /** The speed factor: 1 as profiled, 10 ten times faster, 0 no delay at all. */
    public double speed() {
        return speed;
    }

    /** The account tier whose rate limits apply. */
    public int rateLimitTier() {
        return rateLimitTier;
    }

    /**
     * Decides what happens to a call: refused (with the typed error) or answered (with its text,
     * tool calls, usage, pacing and any mid-stream fault). Consumes rate-limit budget, scenario rule
     * firings and prompt-cache state; never blocks on time.
     */
    public SimPlan plan(ModelCall call) {
        long now = clock.nanoTime();
        String requestId = String.format(Locale.ROOT, "req_sim_%016x", mix(seed ^ mix(requests.incrementAndGet())));
        Optional<ModelSpec> found = catalog.find(call.model());
        if (found.isEmpty()) {
            return refuse(
                    requestId,
                    call.model(),
                    new ProviderException.InvalidRequest(
                            PROVIDER,
                            call.model(),
                            404,
                            requestId,
                            "The model '" + call.model() + "' does not exist; simulated models: "
                                    + String.join(", ", catalog.ids()),
                            "model"),
                    RateLimitSnapshot.NONE);
        }
        ModelSpec spec = found.get();
        PromptRenderer.Prompt prompt = renderer.render(call);
        SplittableRandom random = new SplittableRandom(
                mix(mix(mix(seed ^ call.callId().hashCode()) ^ call.model().hashCode())
                        ^ prompt.rendered().hashCode()));
        Optional<RateLimit> limit = scenario.rateLimits() ? spec.rateLimitFor(rateLimitTier) : Optional.empty();
        RateLimitSnapshot before =
                limit.map(l -> buckets.peek(spec.id(), l, now)).orElse(RateLimitSnapshot.NONE);

        ScenarioRule rule = fire(call, prompt.messageText());
        Fault fault = rule != null && rule.fault() != null ? rule.fault() : drawFault(random);

        // Refusals: the scripted or drawn fault first, then the checks a real server makes.
        if (fault != null) {
            Optional<SimPlan.Refused> refused = refusal(fault, requestId, spec, prompt, before);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        if (call.maxOutputTokens() > spec.maxOutputTokens()) {
            return refuse(
                    requestId,
                    spec.id(),
                    new ProviderException.InvalidRequest(
                            PROVIDER,
                            spec.id(),
                            400,
                            requestId,
                            "max_output_tokens " + call.maxOutputTokens() + " is above the model's limit of "
                                    + spec.maxOutputTokens(),
                            "max_output_tokens"),
                    before);
        }
        if (prompt.inputTokens() + call.maxOutputTokens() > spec.contextWindow()) {
            return refuse(
                    requestId, spec.id(), contextTooLong(spec, prompt, call.maxOutputTokens(), requestId), before);
        }

        if (call.toolChoice() instanceof ToolChoice.Named named
                && find(call.tools(), named.name()).isEmpty()) {
            return refuse(
                    requestId,
                    spec.id(),
                    new ProviderException.InvalidRequest(
                            PROVIDER,
                            spec.id(),
                            400,
                            requestId,
                            "tool_choice names '" + named.name() + "', which is not among the offered tools",
                            "tool_choice"),
                    before);
        }
        Content content = content(call, spec, rule, prompt, random);
        long output = content.reasoning + content.textTokens + content.toolTokens;
        RateLimitSnapshot snapshot = RateLimitSnapshot.NONE;
        if (limit.isPresent()) {
            TokenBuckets.Admission admission =
                    buckets.acquire(spec.id(), limit.get(), prompt.inputTokens() + output, now);
            if (!admission.admitted()) {
                return refuse(
                        requestId,
                        spec.id(),
                        rateLimited(spec, admission, limit.get(), prompt.inputTokens() + output, requestId),
                        admission.snapshot());
            }
            snapshot = admission.snapshot();
        }
        int shared = cache.lookupAndStore(spec.id(), prompt.rendered(), now);
        long sharedTokens = shared == 0
                ? 0
                : shared == prompt.rendered().length()
                        ? prompt.inputTokens()
                        // The token at the cut may differ from the other prompt's: do not count it.
                        : Math.max(0, renderer.count(prompt.rendered().substring(0, shared)) - 1);
        long cached = Math.min(PrefixCache.cachedTokens(sharedTokens), prompt.inputTokens());
        Usage usage = new Usage(prompt.inputTokens(), cached, output, content.reasoning);

        LatencyProfile profile = spec.latency();
        double tokensPerSecond = lognormal(random, profile.outputTokensPerSecond(), SPEED_SIGMA);
        long intervalNanos = Math.round(1e9 / tokensPerSecond);
        long firstNanos = Math.round(lognormal(random, profile.timeToFirstTokenMillis() * 1e6, TTFT_SIGMA))
                + (prompt.inputTokens() - cached) * PREFILL_NANOS_PER_TOKEN
                + content.reasoning * intervalNanos;
        Duration extra = rule != null ? rule.delay() : Duration.ZERO;
        if (fault instanceof Fault.SlowHeaders slow) {
            extra = extra.plus(slow.delay());
        }
        Fault midStream = fault instanceof Fault.BrokenStream
                        || fault instanceof Fault.StreamError
                        || fault instanceof Fault.MalformedJson
                ? fault
                : null;
        int cut = switch (midStream) {
            case Fault.BrokenStream broken ->
                (int) Math.floor(broken.afterFraction() * content.text.chunks().size());
            case Fault.StreamError error ->
                (int) Math.floor(error.afterFraction() * content.text.chunks().size());
            case null, default -> 0;
        };
        return new SimPlan.Answer(
                requestId,
                spec.id(),
                content.text.text(),
                content.text.chunks(),
                content.toolCalls,
                content.finishReason,
                usage,
                content.textTokens,
                snapshot,
                scaled(Duration.ofNanos(firstNanos).plus(extra)),
                scaled(Duration.ofNanos(intervalNanos)),
                midStream,
                Math.min(cut, content.text.chunks().size()));
    }

    /** A profile duration at this simulator's speed (zero at speed 0). */
    public Duration scaled(Duration profiled) {
        if (speed == 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.round(profiled.toNanos() / speed));
    }

    private @Nullable ScenarioRule fire(ModelCall call, String promptText) {
        rulesLock.lock();
        try {
            List<ScenarioRule> rules = scenario.rules();
            for (int i = 0; i < rules.size(); i++) {
                ScenarioRule rule = rules.get(i);
                if ((rule.times() == 0 || firings[i] < rule.times()) && rule.matches(call, promptText)) {
                    firings[i]++;
                    return rule;
                }
            }
            return null;
        } finally {
            rulesLock.unlock();
        }
    }

    private @Nullable Fault drawFault(SplittableRandom random) {
        if (scenario.faultRates().isEmpty()) {
            return null;
        }
        double draw = random.nextDouble();
        double cumulative = 0;
        for (Fault.Kind kind : Fault.Kind.values()) {
            cumulative += scenario.faultRates().getOrDefault(kind, 0.0);
            if (draw < cumulative) {
                return Fault.withDefaults(kind);
            }
        }
        return null;
    }

    private Optional<SimPlan.Refused> refusal(
            Fault fault, String requestId, ModelSpec spec, PromptRenderer.Prompt prompt, RateLimitSnapshot before) {
        String model = spec.id();
        return switch (fault) {
            case Fault.RateLimited limited -> {
                RateLimitSnapshot exhausted = new RateLimitSnapshot(
                        before.limitRequests(),
                        limited.limit() == ProviderException.LimitKind.REQUESTS
                                ? Long.valueOf(0)
                                : before.remainingRequests(),
                        limited.limit() == ProviderException.LimitKind.REQUESTS
                                ? limited.retryAfter()
                                : before.resetRequests(),
                        before.limitTokens(),
                        limited.limit() == ProviderException.LimitKind.TOKENS
                                ? Long.valueOf(0)
                                : before.remainingTokens(),
                        limited.limit() == ProviderException.LimitKind.TOKENS
                                ? limited.retryAfter()
                                : before.resetTokens());
                yield Optional.of(refuse(
                        requestId,
                        model,
                        new ProviderException.RateLimited(
                                PROVIDER,
                                model,
                                requestId,
                                "Rate limit reached for " + model + " on "
                                        + (limited.limit() == ProviderException.LimitKind.TOKENS
                                                ? "tokens per min (TPM)"
                                                : "requests per min (RPM)")
                                        + " (simulated, scripted). Please try again in "
                                        + limited.retryAfter().toMillis() + "ms.",
                                limited.retryAfter(),
                                limited.limit()),
                        exhausted));
            }
            case Fault.InsufficientQuota q ->
                Optional.of(refuse(
                        requestId,
                        model,
                        new ProviderException.InsufficientQuota(
                                PROVIDER,
                                model,
                                requestId,
                                "You exceeded your current quota, please check your plan and billing details"
                                        + " (simulated)."),
                        before));
            case Fault.ServerError error ->
                Optional.of(refuse(
                        requestId,
                        model,
                        new ProviderException.ServerError(
                                PROVIDER,
                                model,
                                error.status(),
                                requestId,
                                "The server had an error while processing your request (simulated)."),
                        before));
            case Fault.Timeout timeout ->
                Optional.of(new SimPlan.Refused(
                        requestId,
                        model,
                        new ProviderException.Timeout(
                                PROVIDER,
                                model,
                                "no answer within " + timeout.after().toMillis() + "ms (simulated)"),
                        before,
                        scaled(timeout.after())));
            case Fault.ContextTooLong c ->
                Optional.of(refuse(requestId, model, contextTooLong(spec, prompt, 0, requestId), before));
            case Fault.SlowHeaders s -> Optional.empty();
            case Fault.BrokenStream b -> Optional.empty();
            case Fault.MalformedJson m -> Optional.empty();
            case Fault.StreamError e -> Optional.empty();
        };
    }

    private static SimPlan.Refused refuse(
            String requestId, String model, ProviderException error, RateLimitSnapshot rateLimits) {
        return new SimPlan.Refused(requestId, model, error, rateLimits, Duration.ZERO);
    }

    private static ProviderException contextTooLong(
            ModelSpec spec, PromptRenderer.Prompt prompt, long maxOutput, String requestId) {
        return new ProviderException.ContextTooLong(
                PROVIDER,
                spec.id(),
                requestId,
                "This model's maximum context length is " + spec.contextWindow() + " tokens. However, you requested "
                        + (prompt.inputTokens() + maxOutput) + " tokens (" + prompt.inputTokens()
                        + " in the messages, " + maxOutput + " in the completion) (simulated).");
    }

    private static ProviderException rateLimited(
            ModelSpec spec, TokenBuckets.Admission admission, RateLimit limit, long requested, String requestId) {
        boolean tokens = admission.refusedBy() == ProviderException.LimitKind.TOKENS;
        String what = tokens
                ? "tokens per min (TPM): Limit " + limit.tokensPerMinute() + ", Requested " + requested
                : "requests per min (RPM): Limit " + limit.requestsPerMinute();
        String wait = admission.retryAfter() != null
                ? " Please try again in " + admission.retryAfter().toMillis() + "ms."
                : " The request is larger than the whole limit.";
        return new ProviderException.RateLimited(
                PROVIDER,
                spec.id(),
                requestId,
                "Rate limit reached for " + spec.id() + " on " + what + " (simulated)." + wait,
                admission.retryAfter(),
                Objects.requireNonNull(admission.refusedBy()));
    }

    /** Job-aware simulated answers; see {@link Builder#responder}. */
    @FunctionalInterface
    public interface Responder {
        /** The answer to this call, or empty to let the engine make one up. */
        Optional<Response> respond(ModelCall call);
    }

    /**
     * A responder's answer: text (JSON for structured output) or tool calls.
     *
     * @param text the answer text; ignored when there are tool calls
     * @param toolCalls the tool calls to make instead of answering
     */
    public record Response(String text, List<ToolCall> toolCalls) {
        public Response {
            Objects.requireNonNull(text, "text");
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /** What the answer holds, before pacing. */
    private record Content(
            TextGenerator.Text text,
            long textTokens,
            List<ToolCall> toolCalls,
            long toolTokens,
            long reasoning,
            String finishReason) {}

    private Content content(
            ModelCall call,
            ModelSpec spec,
            @Nullable ScenarioRule rule,
            PromptRenderer.Prompt prompt,
            SplittableRandom random) {
        long cap = call.maxOutputTokens();
        long target = rule != null && rule.outputTokens() > 0
                ? rule.outputTokens()
                : Math.max(1, Math.round(lognormal(random, medianOutput(call.taskKind()), LENGTH_SIGMA)));
        long reasoning = 0;
        if (call.reasoningEffort() != null) {
            double factor = switch (call.reasoningEffort()) {
                case NONE -> 0;
                case MINIMAL -> 0.1;
                case LOW -> 0.5;
                case MEDIUM -> 1;
                case HIGH -> 2;
                case XHIGH -> 3;
            };
            reasoning = Math.min(Math.round(target * factor), cap / 2);
        }
        long room = cap - reasoning;

        boolean scripted = rule != null
                && (rule.replyJson() != null
                        || rule.replyText() != null
                        || !rule.toolCalls().isEmpty());
        Optional<Response> responded = scripted ? Optional.empty() : responder.respond(call);
        List<ToolCall> toolCalls =
                responded.isPresent() ? responded.get().toolCalls() : toolCalls(call, rule, prompt, random);
        if (!toolCalls.isEmpty()) {
            long toolTokens = 0;
            for (ToolCall toolCall : toolCalls) {
                toolTokens += tokens.count(toolCall.name()) + tokens.count(toolCall.argumentsJson()) + 3;
            }
            toolTokens = Math.min(toolTokens, room);
            return new Content(text.given(""), 0, toolCalls, toolTokens, reasoning, "tool_calls");
        }
        String given = responded.map(Response::text).orElse(null);
        if (given != null) {
            // the responder's answer
        } else if (rule != null && rule.replyJson() != null) {
            given = rule.replyJson().toString();
        } else if (rule != null && rule.replyText() != null) {
            given = rule.replyText();
        } else if (call.responseSchema() != null) {
            given = JsonSchemaGenerator.generate(call.responseSchema().schema(), random)
                    .toString();
        }
        TextGenerator.Text answer;
        boolean clipped;
        if (given != null) {
            answer = text.truncated(given, room);
            clipped = answer.text().length() < given.length();
        } else {
            answer = text.simulated(spec.id(), Math.min(target, room), random);
            clipped = target > room;
        }
        return new Content(answer, answer.tokenCount(), List.of(), 0, reasoning, clipped ? "length" : "stop");
    }

    private List<ToolCall> toolCalls(
            ModelCall call, @Nullable ScenarioRule rule, PromptRenderer.Prompt prompt, SplittableRandom random) {
        if (call.tools().isEmpty() || call.toolChoice() instanceof ToolChoice.None) {
            return List.of();
        }
        boolean forced =
                call.toolChoice() instanceof ToolChoice.Required || call.toolChoice() instanceof ToolChoice.Named;
        String only = call.toolChoice() instanceof ToolChoice.Named named ? named.name() : null;
        List<ToolCall> calls = new ArrayList<>();
        // A scripted call is skipped right after a tool result (unless forced), so an agent loop ends.
        if (rule != null && !rule.toolCalls().isEmpty() && (forced || !prompt.lastIsToolResult())) {
            for (ScenarioRule.ScriptedToolCall scripted : rule.toolCalls()) {
                Optional<ToolSpec> tool = find(call.tools(), scripted.name());
                if (tool.isEmpty() || (only != null && !only.equals(scripted.name()))) {
                    continue;
                }
                JsonNode arguments = scripted.arguments() != null
                        ? scripted.arguments()
                        : JsonSchemaGenerator.generate(tool.get().parameters(), random);
                calls.add(new ToolCall(toolCallId(random), scripted.name(), arguments.toString()));
            }
        }
        if (calls.isEmpty() && forced) {
            ToolSpec tool = only != null
                    ? find(call.tools(), only).orElseThrow()
                    : call.tools().get(random.nextInt(call.tools().size()));
            calls.add(new ToolCall(
                    toolCallId(random),
                    tool.name(),
                    JsonSchemaGenerator.generate(tool.parameters(), random).toString()));
        }
        return calls;
    }

    private static Optional<ToolSpec> find(List<ToolSpec> tools, String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static String toolCallId(SplittableRandom random) {
        return String.format(Locale.ROOT, "call_sim_%012x", random.nextLong() & 0xFFFF_FFFF_FFFFL);
    }

    private static long medianOutput(@Nullable TaskKind kind) {
        if (kind == null) {
            return DEFAULT_OUTPUT_TOKENS;
        }
        return switch (kind) {
            case PLAN -> 700;
            case JUDGE -> 450;
            case CODE_SEARCH -> 180;
            case FILE_REVIEW -> 400;
            case DOC_PROCESS -> 300;
            case CLASSIFY -> 12;
            case EXTRACT -> 120;
            case CODE_SIMPLE -> 350;
            case CHAT -> DEFAULT_OUTPUT_TOKENS;
        };
    }

    private static double lognormal(SplittableRandom random, double median, double sigma) {
        if (median <= 0) {
            return 0;
        }
        // exp(N(ln median, sigma)): the median is the profile's, the tail is long as real latencies are.
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        double gaussian = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return median * Math.exp(sigma * gaussian);
    }

    /** SplitMix64's finalizer: spreads any input over all 64 bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Configures a {@link Simulator}. Not thread-safe; the simulator it builds is. */
    public static final class Builder {
        private final Catalog catalog;
        private Scenario scenario = Scenario.DEFAULT;
        private Responder responder = call -> Optional.empty();
        private long seed = 42;
        private double speed = 1;
        private SimClock clock = SimClock.system();
        private @Nullable TokenCounter tokens;
        private @Nullable Integer rateLimitTier;

        private Builder(Catalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
        }

        /** The script: rules, fault rates, rate-limit switch (default: none, limits on). */
        public Builder scenario(Scenario scenario) {
            this.scenario = Objects.requireNonNull(scenario, "scenario");
            return this;
        }

        /** The seed of every draw (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The speed factor (default 1): 10 runs ten times faster than the profile, 0 answers without delay.
         *
         * @throws IllegalArgumentException when negative, infinite or NaN
         */
        public Builder speed(double speed) {
            if (!(speed >= 0) || Double.isInfinite(speed)) {
                throw new IllegalArgumentException(
                        "speed must be 0 (no delay) or a positive factor such as 1 or 10, got " + speed);
            }
            this.speed = speed;
            return this;
        }

        /** The time source and sleeper (default: the system's). */
        public Builder clock(SimClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A shared token counter (default: a new o200k counter, about 0.3 s to build). */
        public Builder tokenCounter(TokenCounter tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /**
         * The account tier whose limits apply (default: the scenario's, else the catalog's).
         *
         * @throws IllegalArgumentException outside 1 to 5
         */
        public Builder rateLimitTier(int tier) {
            if (tier < 1 || tier > 5) {
                throw new IllegalArgumentException("rateLimitTier must be 1 to 5, got " + tier);
            }
            this.rateLimitTier = tier;
            return this;
        }

        /**
         * Job-aware behaviour: what simulated models answer to the calls the responder knows (a
         * review's classification, plan, file reviews and judgement), played with the profile's
         * timing and the engine's usage and rate limits. A scenario rule that replies or calls tools
         * still wins.
         */
        public Builder responder(Responder value) {
            this.responder = Objects.requireNonNull(value, "responder");
            return this;
        }

        /** Builds the simulator. */
        public Simulator build() {
            return new Simulator(this);
        }
    }
}
