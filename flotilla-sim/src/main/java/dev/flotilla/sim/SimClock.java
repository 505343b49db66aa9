package dev.flotilla.sim;

import java.time.Duration;

/**
 * The simulator's time source and sleeper. Injected so tests run on a fake that advances when
 * slept on and nothing really waits.
 */
public interface SimClock {

    /** A monotonic reading in nanoseconds (only differences matter). */
    long nanoTime();

    /**
     * Waits this long (returns at once for zero or negative durations).
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;

    /** The machine's monotonic clock and {@link Thread#sleep}. */
    static SimClock system() {
        return SystemClock.INSTANCE;
    }

    /** The real clock, kept private so callers inject {@link SimClock} instead of sleeping themselves. */
    enum SystemClock implements SimClock {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (duration.isPositive()) {
                Thread.sleep(duration);
            }
        }
    }
}
