package dev.flotilla.limits;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * How Flotilla waits: injected so that tests advance a fake clock instead of sleeping. The system
 * sleeper parks the (virtual) thread; nothing here holds a monitor while it waits.
 */
public interface Sleeper {

    /**
     * Waits for {@code duration}.
     *
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Waits on {@code condition}, whose lock the caller holds, until it is signalled or
     * {@code max} has passed; the lock is released while waiting and held again on return.
     *
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void await(Condition condition, Duration max) throws InterruptedException;

    /** The real sleeper: {@link Thread#sleep} and {@link Condition#await(long, TimeUnit)}. */
    static Sleeper system() {
        return new Sleeper() {
            @Override
            public void sleep(Duration duration) throws InterruptedException {
                if (duration.isPositive()) {
                    Thread.sleep(duration);
                }
            }

            @Override
            public void await(Condition condition, Duration max) throws InterruptedException {
                if (max.isPositive()) {
                    long nanos = max.toNanos();
                    condition.awaitNanos(nanos);
                }
            }
        };
    }
}
