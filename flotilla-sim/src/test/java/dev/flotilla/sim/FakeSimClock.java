package dev.flotilla.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** A clock that only moves when slept on or advanced; records every sleep. */
final class FakeSimClock implements SimClock {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Duration> sleeps = new ArrayList<>();
    private long now = 1_000_000_000L;

    @Override
    public long nanoTime() {
        lock.lock();
        try {
            return now;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before sleeping " + duration);
        }
        lock.lock();
        try {
            sleeps.add(duration);
            if (duration.isPositive()) {
                now += duration.toNanos();
            }
        } finally {
            lock.unlock();
        }
    }

    void advance(Duration duration) {
        lock.lock();
        try {
            now += duration.toNanos();
        } finally {
            lock.unlock();
        }
    }

    List<Duration> sleeps() {
        lock.lock();
        try {
            return List.copyOf(sleeps);
        } finally {
            lock.unlock();
        }
    }
}
