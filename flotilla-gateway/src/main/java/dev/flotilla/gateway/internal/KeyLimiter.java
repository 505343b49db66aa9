package dev.flotilla.gateway.internal;

import dev.flotilla.store.VirtualKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A virtual key's requests-per-minute and tokens-per-minute limits: two continuously refilling
 * buckets per key (full at the start). A request takes one request and its input estimate plus
 * output cap in tokens; unused tokens are given back when it ends. Thread-safe (a lock per key).
 */
public final class KeyLimiter {

    /** Why a request was refused and when to retry. */
    public record Denied(boolean tokens, Duration retryAfter, long limit) {}

    private final Clock clock;
    private final Map<String, Buckets> byKey = new ConcurrentHashMap<>();

    /** Limits measured with {@code clock}. */
    public KeyLimiter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Takes one request and {@code tokens} from the key's buckets, or says why not (taking nothing). */
    public Optional<Denied> tryAcquire(VirtualKey key, long tokens) {
        if (key.rpm() == null && key.tpm() == null) {
            return Optional.empty();
        }
        Buckets buckets = byKey.compute(
                key.id(), (id, old) -> old != null && old.matches(key) ? old : new Buckets(key, clock.millis()));
        return buckets.tryAcquire(tokens, clock.millis());
    }

    /** Gives back tokens taken but not used. */
    public void giveBack(VirtualKey key, long tokens) {
        Buckets buckets = byKey.get(key.id());
        if (buckets != null && tokens > 0) {
            buckets.giveBack(tokens, clock.millis());
        }
    }

    private static final class Buckets {
        private final @Nullable Long rpm;
        private final @Nullable Long tpm;
        private double requests;
        private double tokens;
        private long at;

        Buckets(VirtualKey key, long now) {
            this.rpm = key.rpm();
            this.tpm = key.tpm();
            this.requests = rpm == null ? 0 : rpm;
            this.tokens = tpm == null ? 0 : tpm;
            this.at = now;
        }

        boolean matches(VirtualKey key) {
            return Objects.equals(rpm, key.rpm()) && Objects.equals(tpm, key.tpm());
        }

        synchronized Optional<Denied> tryAcquire(long amount, long now) {
            refill(now);
            if (rpm != null && requests < 1) {
                return Optional.of(new Denied(false, wait(1 - requests, rpm), rpm));
            }
            if (tpm != null && tokens < Math.min(amount, tpm)) {
                return Optional.of(new Denied(true, wait(Math.min(amount, tpm) - tokens, tpm), tpm));
            }
            if (rpm != null) {
                requests -= 1;
            }
            if (tpm != null) {
                tokens -= amount;
            }
            return Optional.empty();
        }

        synchronized void giveBack(long amount, long now) {
            refill(now);
            if (tpm != null) {
                tokens = Math.min(tpm, tokens + amount);
            }
        }

        private void refill(long now) {
            long elapsed = Math.max(0, now - at);
            at = now;
            if (rpm != null) {
                requests = Math.min(rpm, requests + elapsed * rpm / 60_000.0);
            }
            if (tpm != null) {
                tokens = Math.min(tpm, tokens + elapsed * tpm / 60_000.0);
            }
        }

        private static Duration wait(double missing, long perMinute) {
            return Duration.ofMillis(Math.max(1, (long) Math.ceil(missing * 60_000.0 / perMinute)));
        }
    }
}
