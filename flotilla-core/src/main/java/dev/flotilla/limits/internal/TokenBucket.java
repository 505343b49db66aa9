package dev.flotilla.limits.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * A continuously refilling bucket: {@code capacity} per minute, refilled evenly. Not thread-safe:
 * the owning scheduler guards it with its lock. The level may go negative when one call takes more
 * than a whole minute's capacity (it then waits for the bucket to be full and drives it below zero,
 * as a provider would count it).
 */
public final class TokenBucket {
    private static final double NANOS_PER_MINUTE = 60e9;

    private double capacity;
    private double available;
    private Instant last;

    /** A full bucket of {@code perMinute} at {@code now}. */
    public TokenBucket(long perMinute, Instant now) {
        if (perMinute <= 0) {
            throw new IllegalArgumentException("a bucket needs a positive capacity per minute, got " + perMinute);
        }
        this.capacity = perMinute;
        this.available = perMinute;
        this.last = now;
    }

    /** Adds what has refilled since the last call. */
    public void refill(Instant now) {
        if (now.isAfter(last)) {
            long elapsed = Duration.between(last, now).toNanos();
            available = Math.min(capacity, available + elapsed * capacity / NANOS_PER_MINUTE);
            last = now;
        }
    }

    /** How long until {@code amount} is available (a call larger than the capacity waits for a full bucket). */
    public Duration timeUntil(double amount) {
        double wanted = Math.min(amount, capacity);
        double deficit = wanted - available;
        if (deficit <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(deficit * NANOS_PER_MINUTE / capacity));
    }

    /** Takes {@code amount} (may leave the level negative). */
    public void take(double amount) {
        available -= amount;
    }

    /** Gives back {@code amount}, never above the capacity. */
    public void give(double amount) {
        available = Math.min(capacity, available + amount);
    }

    /** Corrects the level (and the capacity, when given) from what the provider reported. */
    public void correct(double remaining, long limit) {
        if (limit > 0) {
            capacity = limit;
        }
        available = Math.min(capacity, remaining);
    }

    /**
     * Lowers the level to {@code level} when that is below it (a provider counted more than this
     * bucket did), and takes the capacity from {@code limit} when given; never raises the level.
     */
    public void lower(double level, long limit) {
        if (limit > 0) {
            capacity = limit;
        }
        available = Math.min(Math.min(available, capacity), level);
    }

    /** Empties the bucket. */
    public void drain() {
        available = Math.min(available, 0);
    }

    /** The capacity per minute. */
    public long capacity() {
        return (long) capacity;
    }

    /** The level now (after the last refill), rounded down. */
    public long available() {
        return (long) Math.floor(available);
    }
}
