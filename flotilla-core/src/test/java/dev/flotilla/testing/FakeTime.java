package dev.flotilla.testing;

import dev.flotilla.limits.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;

/**
 * A clock that moves only when told, and a sleeper that advances it instead of sleeping: waiting
 * for a duration is the clock jumping by it. Records every sleep so tests can assert on delays.
 */
public final class FakeTime extends Clock implements Sleeper {
    private final AtomicReference<Instant> now;
    private final List<Duration> sleeps = new ArrayList<>();

    public FakeTime() {
        this(Instant.parse("2026-03-17T12:00:00Z"));
    }

    public FakeTime(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        advance(duration);
    }

    @Override
    public void await(Condition condition, Duration max) {
        sleep(max);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
