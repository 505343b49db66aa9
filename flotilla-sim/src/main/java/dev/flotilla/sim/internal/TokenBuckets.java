package dev.flotilla.sim.internal;

import dev.flotilla.catalog.RateLimit;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.RateLimitSnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Per-model request and token buckets that refill continuously over a minute, as OpenAI's RPM and
 * TPM limits do. Thread-safe.
 */
public final class TokenBuckets {
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Pair> buckets = new HashMap<>();

    /**
     * The outcome of asking for room.
     *
     * @param refusedBy the limit that refused, or null when admitted
     * @param retryAfter how long until the refused request would fit, or null when it never fits
     * @param snapshot the state after the decision, as {@code x-ratelimit-*} headers would report it
     */
    public record Admission(
            ProviderException.@Nullable LimitKind refusedBy,
            @Nullable Duration retryAfter,
            RateLimitSnapshot snapshot) {
        /** Whether the request may proceed. */
        public boolean admitted() {
            return refusedBy == null;
        }
    }

    /** Takes one request and {@code tokens} tokens from the model's buckets, or refuses without taking any. */
    public Admission acquire(String model, RateLimit limit, long tokens, long nowNanos) {
        lock.lock();
        try {
            Pair pair = buckets.computeIfAbsent(model, unused -> new Pair(limit, nowNanos));
            pair.refill(limit, nowNanos);
            if (pair.requests < 1) {
                Duration wait = nanos((1 - pair.requests) * MINUTE_NANOS / limit.requestsPerMinute());
                return new Admission(ProviderException.LimitKind.REQUESTS, wait, pair.snapshot(limit));
            }
            if (pair.tokens < tokens) {
                Duration wait = tokens > limit.tokensPerMinute()
                        ? null
                        : nanos((tokens - pair.tokens) * MINUTE_NANOS / limit.tokensPerMinute());
                return new Admission(ProviderException.LimitKind.TOKENS, wait, pair.snapshot(limit));
            }
            pair.requests -= 1;
            pair.tokens -= tokens;
            return new Admission(null, null, pair.snapshot(limit));
        } finally {
            lock.unlock();
        }
    }

    /** The model's state without taking anything (for answers refused before admission). */
    public RateLimitSnapshot peek(String model, RateLimit limit, long nowNanos) {
        lock.lock();
        try {
            Pair pair = buckets.computeIfAbsent(model, unused -> new Pair(limit, nowNanos));
            pair.refill(limit, nowNanos);
            return pair.snapshot(limit);
        } finally {
            lock.unlock();
        }
    }

    private static Duration nanos(double value) {
        return Duration.ofNanos((long) Math.ceil(value));
    }

    /** One model's two buckets; levels are fractional so slow refills are not lost to rounding. */
    private static final class Pair {
        double requests;
        double tokens;
        long lastNanos;

        Pair(RateLimit limit, long nowNanos) {
            requests = limit.requestsPerMinute();
            tokens = limit.tokensPerMinute();
            lastNanos = nowNanos;
        }

        void refill(RateLimit limit, long nowNanos) {
            long elapsed = Math.max(0, nowNanos - lastNanos);
            double fraction = (double) elapsed / MINUTE_NANOS;
            requests = Math.min(limit.requestsPerMinute(), requests + fraction * limit.requestsPerMinute());
            tokens = Math.min(limit.tokensPerMinute(), tokens + fraction * limit.tokensPerMinute());
            lastNanos = Math.max(lastNanos, nowNanos);
        }

        RateLimitSnapshot snapshot(RateLimit limit) {
            return new RateLimitSnapshot(
                    limit.requestsPerMinute(),
                    (long) Math.floor(requests),
                    nanos((limit.requestsPerMinute() - requests) * MINUTE_NANOS / limit.requestsPerMinute()),
                    limit.tokensPerMinute(),
                    (long) Math.floor(tokens),
                    nanos((limit.tokensPerMinute() - tokens) * MINUTE_NANOS / limit.tokensPerMinute()));
        }
    }
}
