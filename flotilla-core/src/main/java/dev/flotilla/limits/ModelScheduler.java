package dev.flotilla.limits;

import dev.flotilla.catalog.RateLimit;
import dev.flotilla.limits.internal.TokenBucket;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.RateLimitSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The capacity of one model: a requests-per-minute and a tokens-per-minute bucket, and a queue of
 * callers waiting for room, coordinators first, then in arrival order. Only the head of the queue
 * takes capacity, so a large call is not starved by small ones behind it. Waits are bounded and
 * happen on a {@link Condition} through the injected {@link Sleeper}, so virtual threads park
 * without pinning. Thread-safe.
 */
public final class ModelScheduler {
    private final String model;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final @Nullable TokenBucket requests;
    private final @Nullable TokenBucket tokens;
    private final PriorityQueue<Waiter> queue =
            new PriorityQueue<>(Comparator.comparing(Waiter::priority).thenComparingLong(Waiter::sequence));
    private long nextSequence;
    private Instant blockedUntil = Instant.MIN;
    // Running totals of what permits took, so a response's (older) headers can be brought up to date.
    private long grantedRequests;
    private double grantedTokens;

    private record Waiter(Priority priority, long sequence, long tokens) {}

    /**
     * A scheduler for {@code model} seeded with {@code limit}; without a limit the model is never
     * throttled locally (the provider's 429s still block it for their retry-after).
     */
    public ModelScheduler(String model, @Nullable RateLimit limit, Clock clock, Sleeper sleeper) {
        this.model = Objects.requireNonNull(model, "model");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        Instant now = clock.instant();
        this.requests = limit == null ? null : new TokenBucket(limit.requestsPerMinute(), now);
        this.tokens = limit == null ? null : new TokenBucket(limit.tokensPerMinute(), now);
    }

    /** The model this scheduler guards. */
    public String model() {
        return model;
    }

    /**
     * Waits for room for one call counting {@code callTokens}, behind callers of higher priority and
     * earlier arrival, for at most {@code maxWait}. Gives up at once when even the head of the
     * queue could not start within {@code maxWait}, so the caller can go elsewhere.
     *
     * @return the permit, or empty when there was no room in time
     * @throws InterruptedException when the thread is interrupted while waiting (it leaves the queue)
     * @throws IllegalArgumentException when {@code callTokens} or {@code maxWait} is negative
     */
    public Optional<Permit> acquire(long callTokens, Priority priority, Duration maxWait) throws InterruptedException {
        if (callTokens < 0) {
            throw new IllegalArgumentException("call tokens must not be negative, got " + callTokens);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, got " + maxWait);
        }
        lock.lock();
        Waiter me = new Waiter(priority, nextSequence++, callTokens);
        queue.add(me);
        try {
            Instant deadline = clock.instant().plus(maxWait);
            while (true) {
                Instant now = clock.instant();
                refill(now);
                Duration wait;
                if (queue.peek() == me) {
                    wait = timeUntil(1, callTokens, now);
                    if (wait.isZero()) {
                        take(callTokens);
                        return Optional.of(new Permit(this, callTokens, now, grantedRequests, grantedTokens));
                    }
                    if (now.plus(wait).isAfter(deadline)) {
                        return Optional.empty();
                    }
                } else {
                    wait = Duration.between(now, deadline);
                }
                if (!now.isBefore(deadline)) {
                    return Optional.empty();
                }
                Duration left = Duration.between(now, deadline);
                sleeper.await(changed, wait.compareTo(left) < 0 ? wait : left);
            }
        } finally {
            queue.remove(me);
            changed.signalAll();
            lock.unlock();
        }
    }

    /**
     * How long until a new call counting {@code callTokens} could start, counting the calls already
     * queued ahead of it; zero when it could start now.
     */
    public Duration waitFor(long callTokens) {
        lock.lock();
        try {
            Instant now = clock.instant();
            refill(now);
            long queuedTokens = 0;
            for (Waiter waiter : queue) {
                queuedTokens += waiter.tokens();
            }
            return timeUntil(queue.size() + 1, queuedTokens + callTokens, now);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Corrects the buckets from rate-limit headers that describe the provider's buckets now (a
     * fresh snapshot); for the headers of a response, use {@link Permit#observe}.
     */
    public void observe(RateLimitSnapshot snapshot) {
        lock.lock();
        try {
            refill(clock.instant());
            if (requests != null && snapshot.remainingRequests() != null) {
                requests.correct(snapshot.remainingRequests(), orZero(snapshot.limitRequests()));
            }
            if (tokens != null && snapshot.remainingTokens() != null) {
                tokens.correct(snapshot.remainingTokens(), orZero(snapshot.limitTokens()));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Corrects the buckets from the headers of the response to the call holding {@code permit}.
     * Those headers are as old as the call: the provider counted them when it admitted it, and
     * responses come back out of order. Taken as they are, a slow response hands back room that
     * calls granted since have already used (429s follow) and drops what refilled meanwhile (a
     * slower pace). So the provider's level is brought forward to now (plus the refill since the
     * permit was granted, capped at the capacity, minus what this scheduler granted after it) and
     * only ever lowers the bucket: it shows what others on the same key used. It cannot raise it,
     * because a call granted earlier may reach the provider later and be missing from the headers.
     * Remaining counts are whole numbers rounded down, so the provider's level may be up to one
     * higher: lowering to the count itself would drop a fraction of a request on every response.
     */
    void observe(RateLimitSnapshot snapshot, Permit permit) {
        lock.lock();
        try {
            Instant now = clock.instant();
            refill(now);
            double minutes =
                    Math.max(0, Duration.between(permit.grantedAt(), now).toNanos()) / 60e9;
            if (requests != null && snapshot.remainingRequests() != null) {
                long limit = orZero(snapshot.limitRequests());
                double capacity = limit > 0 ? limit : requests.capacity();
                double level = Math.min(capacity, snapshot.remainingRequests() + 1 + minutes * capacity)
                        - (grantedRequests - permit.requestsGranted());
                requests.lower(level, limit);
            }
            if (tokens != null && snapshot.remainingTokens() != null) {
                long limit = orZero(snapshot.limitTokens());
                double capacity = limit > 0 ? limit : tokens.capacity();
                double level = Math.min(capacity, snapshot.remainingTokens() + 1 + minutes * capacity)
                        - (grantedTokens - permit.tokensGranted());
                tokens.lower(level, limit);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records a 429: no call starts before the provider's {@code retryAfter}; without one, the limit
     * that was hit is emptied so that the bucket's own refill decides.
     */
    public void rateLimited(@Nullable Duration retryAfter, ProviderException.LimitKind limit) {
        lock.lock();
        try {
            Instant now = clock.instant();
            refill(now);
            if (retryAfter != null && retryAfter.isPositive()) {
                Instant until = now.plus(retryAfter);
                if (until.isAfter(blockedUntil)) {
                    blockedUntil = until;
                }
            } else {
                if (requests != null && limit != ProviderException.LimitKind.TOKENS) {
                    requests.drain();
                }
                if (tokens != null && limit != ProviderException.LimitKind.REQUESTS) {
                    tokens.drain();
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** What the scheduler knows now. */
    public Status status() {
        lock.lock();
        try {
            Instant now = clock.instant();
            refill(now);
            return new Status(
                    model,
                    requests == null ? -1 : requests.capacity(),
                    requests == null ? -1 : requests.available(),
                    tokens == null ? -1 : tokens.capacity(),
                    tokens == null ? -1 : tokens.available(),
                    blockedUntil.isAfter(now) ? blockedUntil : null,
                    queue.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * A snapshot of one model's limits; -1 where the catalog gives no limit.
     *
     * @param blockedUntil until when a 429's retry-after blocks the model, or null
     * @param queued callers waiting now
     */
    public record Status(
            String model,
            long requestsPerMinute,
            long requestsAvailable,
            long tokensPerMinute,
            long tokensAvailable,
            @Nullable Instant blockedUntil,
            int queued) {}

    void settle(long reserved, long actual) {
        lock.lock();
        try {
            if (tokens != null) {
                refill(clock.instant());
                if (actual < reserved) {
                    tokens.give(reserved - actual);
                } else {
                    tokens.take(actual - reserved);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void refill(Instant now) {
        if (requests != null) {
            requests.refill(now);
        }
        if (tokens != null) {
            tokens.refill(now);
        }
    }

    private Duration timeUntil(long requestCount, long tokenCount, Instant now) {
        Duration wait = blockedUntil.isAfter(now) ? Duration.between(now, blockedUntil) : Duration.ZERO;
        if (requests != null) {
            wait = max(wait, requests.timeUntil(requestCount));
        }
        if (tokens != null) {
            wait = max(wait, tokens.timeUntil(tokenCount));
        }
        return wait;
    }

    private void take(long callTokens) {
        grantedRequests++;
        grantedTokens += callTokens;
        if (requests != null) {
            requests.take(1);
        }
        if (tokens != null) {
            tokens.take(callTokens);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static long orZero(@Nullable Long value) {
        return value == null ? 0 : value;
    }
}
