package dev.flotilla.routing;

import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.provider.ProviderException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The one decision after a failed model call: retry the same model, fall back to another, or fail.
 * A pure function of the error, the attempt number and the context, plus the injected random source
 * for jitter (seed it in tests).
 *
 * @param maxAttemptsPerModel attempts on one model before falling back (1 = never retry the same)
 * @param baseDelay the first backoff delay
 * @param maxDelay the cap on backoff delays
 * @param maxRetryAfter the longest provider-requested wait honoured on the same model; a longer
 *     {@code retry-after} falls back instead
 * @param random the jitter source
 */
public record RetryPolicy(
        int maxAttemptsPerModel,
        Duration baseDelay,
        Duration maxDelay,
        Duration maxRetryAfter,
        RandomGenerator random) {

    public RetryPolicy {
        if (maxAttemptsPerModel < 1) {
            throw new IllegalArgumentException("maxAttemptsPerModel must be at least 1, got " + maxAttemptsPerModel);
        }
        if (!baseDelay.isPositive() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException(
                    "need 0 < baseDelay <= maxDelay, got baseDelay " + baseDelay + " and maxDelay " + maxDelay);
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must not be negative, got " + maxRetryAfter);
        }
        Objects.requireNonNull(random, "random");
    }

    /** Three attempts per model, backoff 500 ms doubling to 8 s, retry-after honoured up to 30 s. */
    public static RetryPolicy defaults(RandomGenerator random) {
        return new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(30), random);
    }

    /**
     * Decides what to do after attempt number {@code attempt} (1 for the first) on {@code
     * context.model()} failed with {@code error}.
     */
    public RetryDecision decide(ProviderException error, int attempt, RetryContext context) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1, got " + attempt);
        }
        // Output already reached the caller: a retry would repeat it, so only a failure is honest.
        if (context.receivedOutput() && !(error instanceof ProviderException.Cancelled)) {
            return new RetryDecision.Fail("the stream failed after output reached the caller ("
                    + error.getClass().getSimpleName() + "); retrying would repeat it");
        }
        return switch (error) {
            // The caller gave up (interrupt, disconnect, a sibling failed): nobody wants the answer.
            case ProviderException.Cancelled e -> new RetryDecision.Fail("cancelled: " + e.getMessage());
            // Billing: the account is out of quota; another attempt or model on it fails the same way.
            case ProviderException.InsufficientQuota e ->
                new RetryDecision.Fail("insufficient_quota is a billing error and is never retried");
            // The request itself is wrong; sending it again, anywhere, gets the same answer.
            case ProviderException.InvalidRequest e ->
                new RetryDecision.Fail("invalid request is never retried: " + e.getMessage());
            // The key is missing or not allowed: a configuration problem, not a transient one.
            case ProviderException.AuthenticationFailed e ->
                new RetryDecision.Fail(
                        "authentication failed (HTTP " + e.status() + "); fix the key, retrying cannot help");
            // Only a larger window can take it: fall back to one, never retry the same model.
            case ProviderException.ContextTooLong e ->
                fallBack(context, m -> m.contextWindow() > context.model().contextWindow())
                        .<RetryDecision>map(m -> new RetryDecision.FallBack(
                                m,
                                "context too long for " + context.model().id() + " ("
                                        + context.model().contextWindow() + " tokens); " + m.id() + " has "
                                        + m.contextWindow()))
                        .orElseGet(() -> new RetryDecision.Fail("context too long for "
                                + context.model().id() + " and no fallback has a larger window"));
            // 429: honour the provider's retry-after when it is short enough; else go elsewhere.
            case ProviderException.RateLimited e -> rateLimited(e, attempt, context);
            // Transient: server error, timeout, a stream cut before any output. Back off, then fall back.
            case ProviderException.ServerError e -> transientFailure(e, attempt, context);
            case ProviderException.Timeout e -> transientFailure(e, attempt, context);
            case ProviderException.BrokenStream e -> transientFailure(e, attempt, context);
        };
    }

    private RetryDecision rateLimited(ProviderException.RateLimited e, int attempt, RetryContext context) {
        Optional<Duration> retryAfter = e.retryAfter();
        if (attempt < maxAttemptsPerModel) {
            if (retryAfter.isPresent() && retryAfter.get().compareTo(maxRetryAfter) <= 0) {
                return new RetryDecision.RetrySame(
                        retryAfter.get(),
                        "rate limited; the provider asked to retry after "
                                + retryAfter.get().toMillis() + " ms");
            }
            if (retryAfter.isEmpty()) {
                return new RetryDecision.RetrySame(backoff(attempt), "rate limited without retry-after; backing off");
            }
        }
        String why = retryAfter.isPresent() && retryAfter.get().compareTo(maxRetryAfter) > 0
                ? "rate limited for " + retryAfter.get().toMillis() + " ms, longer than the " + maxRetryAfter.toMillis()
                        + " ms honoured"
                : "rate limited after " + attempt + " attempts";
        return fallBackOrFail(context, why);
    }

    private RetryDecision transientFailure(ProviderException e, int attempt, RetryContext context) {
        String what = e.getClass().getSimpleName();
        if (attempt < maxAttemptsPerModel) {
            return new RetryDecision.RetrySame(backoff(attempt), what + " on attempt " + attempt + "; backing off");
        }
        return fallBackOrFail(context, what + " after " + attempt + " attempts");
    }

    private RetryDecision fallBackOrFail(RetryContext context, String why) {
        return fallBack(context, m -> true)
                .<RetryDecision>map(m -> new RetryDecision.FallBack(m, why + "; falling back to " + m.id()))
                .orElseGet(() -> new RetryDecision.Fail(why + "; no fallback left"));
    }

    private static Optional<ModelSpec> fallBack(RetryContext context, Predicate<ModelSpec> fits) {
        return context.fallbacks().stream()
                .filter(m ->
                        !m.id().equals(context.model().id()) && !context.tried().contains(m.id()))
                .filter(fits)
                .findFirst();
    }

    /** Capped exponential backoff with equal jitter: half the step fixed, half random. */
    Duration backoff(int attempt) {
        long base = baseDelay.toMillis();
        long step = attempt >= 31 ? maxDelay.toMillis() : Math.min(maxDelay.toMillis(), base << (attempt - 1));
        long half = step / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (step - half)));
    }
}
