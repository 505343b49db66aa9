package dev.flotilla.routing;

import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.Tier;
import dev.flotilla.limits.ModelScheduler;
import dev.flotilla.limits.Permit;
import dev.flotilla.limits.Priority;
import dev.flotilla.limits.RateLimits;
import dev.flotilla.limits.Sleeper;
import dev.flotilla.metering.Usage;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelProvider;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.StreamEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Makes a model call the way Flotilla makes every call: route it (cheapest capable model, live
 * capacity, downgrade before the 429), queue for the model's capacity, pass the attempt through the
 * {@link AttemptHook} (budgets, metering), call the provider, and on failure retry, fall back or
 * fail as {@link RetryPolicy} decides; a validator's rejection re-runs the call one tier up. Every
 * attempt has its own call id, {@code <callId>#<n>}. Thread-safe: one instance serves every
 * virtual thread.
 */
public final class RoutedCaller {
    private static final int MAX_ATTEMPTS = 12;

    private final Router router;
    private final ModelProvider provider;
    private final RateLimits limits;
    private final Downgrades downgrades;
    private final RetryPolicy retryPolicy;
    private final AttemptHook hook;
    private final Sleeper sleeper;
    private final Duration maxQueueWait;

    private RoutedCaller(Builder b) {
        this.router = b.router;
        this.provider = b.provider;
        this.limits = Objects.requireNonNull(b.limits, "rateLimits");
        this.downgrades = Objects.requireNonNull(b.downgrades, "downgrades");
        this.retryPolicy = Objects.requireNonNull(b.retryPolicy, "retryPolicy");
        this.hook = b.hook;
        this.sleeper = b.sleeper;
        this.maxQueueWait = b.maxQueueWait;
    }

    /**
     * A builder over a router and a provider. Defaults: the system clock and sleeper, rate limits
     * seeded from the router's catalog, a fresh {@link Downgrades}, {@link RetryPolicy#defaults}
     * with an unseeded random source, no hook, and a 60 s bound on queueing for capacity.
     */
    public static Builder builder(Router router, ModelProvider provider) {
        return new Builder(router, provider);
    }

    /** The rate limits this caller feeds and reads. */
    public RateLimits rateLimits() {
        return limits;
    }

    /** The sticky downgrades in force. */
    public Downgrades downgrades() {
        return downgrades;
    }

    /**
     * Calls a model for {@code call} with the default options. {@code call.model()} is ignored
     * (the router chooses); its call id names the attempts.
     *
     * @throws RoutedCallException when the call fails for good
     */
    public RoutedResult call(ModelCall call, TaskKind kind, Requirements requirements) {
        return call(call, kind, requirements, CallOptions.DEFAULT);
    }

    /**
     * Calls a model and waits for the whole answer. A validator in {@code options} may reject the
     * answer, which re-runs the call one tier up, at most {@code options.maxEscalations()} times.
     *
     * @throws RoutedCallException when the call fails for good
     * @throws PolicyException when the options name an unknown policy
     */
    public RoutedResult call(ModelCall call, TaskKind kind, Requirements requirements, CallOptions options) {
        return run(call, kind, requirements, options, null);
    }

    /**
     * Calls a model and streams its answer to {@code events}: text and tool-call deltas as they
     * come, then exactly one {@link StreamEvent.Completed} or {@link StreamEvent.Failed}. Failed
     * attempts are retried or fallen back only while no output has reached {@code events}.
     * Validators are not applied (streamed output cannot be taken back).
     *
     * @return the result and its attempts (also delivered as the final {@code Completed})
     * @throws RoutedCallException when the call fails for good (after the final {@code Failed}
     *     event, when there was a provider error)
     * @throws IllegalArgumentException when {@code options} carries a validator
     */
    public RoutedResult stream(
            ModelCall call,
            TaskKind kind,
            Requirements requirements,
            CallOptions options,
            Consumer<StreamEvent> events) {
        if (options.validator() != null) {
            throw new IllegalArgumentException(
                    "validators apply to call(), not stream(): streamed output cannot be re-run one tier up");
        }
        return run(call, kind, requirements, options, Objects.requireNonNull(events, "events"));
    }

    private RoutedResult run(
            ModelCall call,
            TaskKind kind,
            Requirements requirements,
            CallOptions options,
            @Nullable Consumer<StreamEvent> events) {
        RouteRequest request =
                new RouteRequest(kind, requirements, options.policy(), options.allowedModels(), options.model(), null);
        List<RoutedResult.AttemptRecord> log = new ArrayList<>();
        Set<String> tried = new LinkedHashSet<>();
        Map<String, Integer> attemptsPerModel = new HashMap<>();
        Priority priority = Priority.of(kind);
        long tokens = requirements.rateLimitTokens();
        ModelSpec forced = null;
        String forcedCause = "route";
        String forcedReason = "";
        int escalations = 0;
        ProviderException lastError = null;
        for (int n = 1; n <= MAX_ATTEMPTS; n++) {
            ModelSpec model;
            String cause;
            String reason;
            if (forced != null) {
                model = forced;
                cause = forcedCause;
                reason = forcedReason;
            } else {
                RouteDecision decision = router.route(request, limits, downgrades);
                switch (decision) {
                    case RouteDecision.Selected s -> {
                        model = s.model();
                        reason = s.reason();
                    }
                    case RouteDecision.Wait w -> {
                        model = w.model();
                        reason = w.reason();
                    }
                    case RouteDecision.Unroutable u -> throw new RoutedCallException(u.reason(), log, lastError);
                }
                cause = forcedCause.equals("escalation") ? "escalation" : "route";
                forcedCause = "route";
            }
            forced = null;

            Permit permit = acquire(model, tokens, priority, log, lastError);
            String attemptId = call.callId() + "#" + n;
            ModelCall attemptCall = call.withModel(model.id()).withCallId(attemptId);
            Attempt attempt =
                    new Attempt(attemptId, call.callId(), n, cause, reason, model, attemptCall, kind, requirements);
            switch (hook.before(attempt)) {
                case AttemptHook.Admission.Refuse refuse -> {
                    permit.settle(0);
                    log.add(new RoutedResult.AttemptRecord(
                            attemptId, model.id(), cause, reason, "refused: " + refuse.reason()));
                    throw new RoutedCallException(
                            "attempt " + attemptId + " on " + model.id() + " refused: " + refuse.reason(),
                            log,
                            lastError);
                }
                case AttemptHook.Admission.Proceed proceed -> {
                    ModelCall admitted = proceed.call();
                    if (!admitted.callId().equals(attemptId)
                            || !admitted.model().equals(model.id())) {
                        permit.settle(0);
                        throw new IllegalStateException(
                                "the hook changed the call id or model of " + attemptId + " (to " + admitted.callId()
                                        + " on " + admitted.model() + "); only the output cap may change");
                    }
                    attemptCall = admitted;
                }
            }
            tried.add(model.id());
            int onThisModel = attemptsPerModel.merge(model.id(), 1, Integer::sum);

            Terminal terminal = send(attemptCall, events);
            switch (terminal.event()) {
                case StreamEvent.Completed completed -> {
                    ModelResult result = completed.result();
                    permit.observe(result.rateLimits());
                    permit.settle(result.usage().totalTokens());
                    Validator validator = events == null ? options.validator() : null;
                    Validator.Verdict verdict =
                            validator == null ? Validator.Verdict.ACCEPT : validator.validate(result);
                    if (verdict instanceof Validator.Verdict.Reject reject) {
                        hook.after(attempt, new AttemptOutcome.Rejected(result, reject.reason()));
                        log.add(new RoutedResult.AttemptRecord(
                                attemptId, model.id(), cause, reason, "rejected: " + reject.reason()));
                        Optional<Tier> up = oneTierUp(model.tier());
                        if (escalations >= options.maxEscalations() || up.isEmpty()) {
                            throw new RoutedCallException(
                                    "the answer of " + model.id() + " was rejected (" + reject.reason() + ") and "
                                            + (up.isEmpty()
                                                    ? "there is no tier above "
                                                            + model.tier().wireName()
                                                    : "the " + options.maxEscalations() + " escalations are spent"),
                                    log,
                                    lastError);
                        }
                        escalations++;
                        request = request.withModel(null).withMinimumTier(up.get());
                        forcedCause = "escalation";
                        continue;
                    }
                    hook.after(attempt, new AttemptOutcome.Succeeded(result));
                    log.add(new RoutedResult.AttemptRecord(attemptId, model.id(), cause, reason, "ok"));
                    if (events != null) {
                        events.accept(completed);
                    }
                    return new RoutedResult(result, log);
                }
                case StreamEvent.Failed failed -> {
                    ProviderException error = failed.error();
                    lastError = error;
                    boolean reachedCaller = events != null && terminal.forwardedOutput();
                    hook.after(
                            attempt,
                            new AttemptOutcome.Failed(
                                    error, failed.usageSoFar(), failed.usageEstimated(), failed.receivedOutput()));
                    permit.settle(failed.usageSoFar().totalTokens());
                    if (error instanceof ProviderException.RateLimited limited) {
                        limits.rateLimited(model.id(), limited);
                    }
                    log.add(new RoutedResult.AttemptRecord(attemptId, model.id(), cause, reason, error.getMessage()));
                    RetryContext context =
                            new RetryContext(model, router.fallbacks(request, model.id()), tried, reachedCaller);
                    RetryDecision decision = retryPolicy.decide(error, onThisModel, context);
                    switch (decision) {
                        case RetryDecision.RetrySame retry -> {
                            pause(retry.delay(), log, error);
                            forced = model;
                            forcedCause = "retry";
                            forcedReason = retry.reason();
                        }
                        case RetryDecision.FallBack fallBack -> {
                            forced = fallBack.model();
                            forcedCause = "fallback";
                            forcedReason = fallBack.reason();
                        }
                        case RetryDecision.Fail fail -> {
                            if (events != null) {
                                events.accept(failed);
                            }
                            throw new RoutedCallException(fail.reason(), log, error);
                        }
                    }
                }
                default -> throw new IllegalStateException("not a terminal event: " + terminal.event());
            }
        }
        throw new RoutedCallException("gave up after " + MAX_ATTEMPTS + " attempts", log, lastError);
    }

    private Permit acquire(
            ModelSpec model,
            long tokens,
            Priority priority,
            List<RoutedResult.AttemptRecord> log,
            @Nullable ProviderException lastError) {
        ModelScheduler scheduler = limits.scheduler(model.id());
        try {
            return scheduler
                    .acquire(tokens, priority, maxQueueWait)
                    .orElseThrow(() -> new RoutedCallException(
                            "no capacity on " + model.id() + " within " + maxQueueWait.toMillis() + " ms",
                            log,
                            lastError));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoutedCallException("interrupted while waiting for capacity on " + model.id(), log, e);
        }
    }

    private void pause(Duration delay, List<RoutedResult.AttemptRecord> log, ProviderException error) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoutedCallException("interrupted while backing off before a retry", log, error);
        }
    }

    private static Optional<Tier> oneTierUp(Tier tier) {
        for (Tier t : Tier.values()) {
            if (t.rank() == tier.rank() + 1) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private record Terminal(StreamEvent event, boolean forwardedOutput) {}

    /** One attempt: forwards deltas to the caller (stream mode), returns the terminal event. */
    private Terminal send(ModelCall call, @Nullable Consumer<StreamEvent> events) {
        StreamEvent[] terminal = new StreamEvent[1];
        boolean[] forwarded = new boolean[1];
        try {
            if (events == null) {
                StreamEvent answer = provider.answer(call); // nobody reads deltas: the cheaper whole answer
                terminal[0] = answer.isTerminal() ? answer : null;
            } else {
                provider.stream(call, event -> {
                    if (event.isTerminal()) {
                        if (terminal[0] == null) {
                            terminal[0] = event;
                        }
                    } else {
                        forwarded[0] = true;
                        events.accept(event);
                    }
                });
            }
        } catch (RuntimeException e) {
            // A provider must not throw; treat it as a server error so the attempt is still settled.
            terminal[0] = new StreamEvent.Failed(
                    new ProviderException.ServerError(
                            provider.name(),
                            call.model(),
                            0,
                            null,
                            "provider threw " + e.getClass().getSimpleName() + ": " + e.getMessage()),
                    Usage.ZERO,
                    true,
                    forwarded[0]);
        }
        if (terminal[0] == null) {
            terminal[0] = new StreamEvent.Failed(
                    new ProviderException.BrokenStream(
                            provider.name(), call.model(), null, "the stream ended without a terminal event"),
                    Usage.ZERO,
                    true,
                    forwarded[0]);
        }
        return new Terminal(terminal[0], forwarded[0]);
    }

    /** Configures a {@link RoutedCaller}. Not thread-safe; the built caller is. */
    public static final class Builder {
        private final Router router;
        private final ModelProvider provider;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private @Nullable RateLimits limits;
        private @Nullable Downgrades downgrades;
        private @Nullable RetryPolicy retryPolicy;
        private AttemptHook hook = AttemptHook.NONE;
        private Duration maxQueueWait = Duration.ofSeconds(60);

        private Builder(Router router, ModelProvider provider) {
            this.router = Objects.requireNonNull(router, "router");
            this.provider = Objects.requireNonNull(provider, "provider");
        }

        /** The clock for rate limits and downgrades (default: the system UTC clock). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** How to wait for capacity and backoff (default: the system sleeper). */
        public Builder sleeper(Sleeper value) {
            this.sleeper = Objects.requireNonNull(value, "sleeper");
            return this;
        }

        /** Shared rate limits (default: new ones seeded from the router's catalog). */
        public Builder rateLimits(RateLimits value) {
            this.limits = Objects.requireNonNull(value, "rateLimits");
            return this;
        }

        /** Shared sticky downgrades (default: new ones on the clock). */
        public Builder downgrades(Downgrades value) {
            this.downgrades = Objects.requireNonNull(value, "downgrades");
            return this;
        }

        /** The retry decision (default: {@link RetryPolicy#defaults} with an unseeded random). */
        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
            return this;
        }

        /** The hook around every attempt (default: none). */
        public Builder hook(AttemptHook value) {
            this.hook = Objects.requireNonNull(value, "hook");
            return this;
        }

        /**
         * The longest a call queues for a model's capacity before it fails.
         *
         * @throws IllegalArgumentException when negative
         */
        public Builder maxQueueWait(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("maxQueueWait must not be negative, got " + value);
            }
            this.maxQueueWait = value;
            return this;
        }

        /** Builds the caller. */
        public RoutedCaller build() {
            if (limits == null) {
                limits = new RateLimits(router.catalog(), clock, sleeper);
            }
            if (downgrades == null) {
                downgrades = new Downgrades(clock);
            }
            if (retryPolicy == null) {
                retryPolicy = RetryPolicy.defaults(RandomGenerator.getDefault());
            }
            return new RoutedCaller(this);
        }
    }
}
