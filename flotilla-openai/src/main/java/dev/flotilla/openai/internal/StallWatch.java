package dev.flotilla.openai.internal;

import dev.flotilla.limits.Sleeper;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Closes response bodies that stop delivering: the JDK client's body stream has no read timeout,
 * so a stream that sends its headers and then nothing would block its reader for ever (holding the
 * call's budget reservation). One daemon thread (started with the first body) looks at the open
 * bodies a few times per timeout and closes any that has not moved for longer than the timeout,
 * which ends the blocked read.
 */
public final class StallWatch {
    /** One watched body: its reader calls {@link #moved()} after every read. */
    public final class Watched implements AutoCloseable {
        private final Closeable body;
        private volatile long lastMoved;
        private volatile boolean stalled;

        private Watched(Closeable body) {
            this.body = body;
            this.lastMoved = nanoTime.getAsLong();
        }

        /** Records progress: data arrived. */
        public void moved() {
            lastMoved = nanoTime.getAsLong();
        }

        /** Whether this body was closed for stalling (its read then ended early). */
        public boolean stalled() {
            return stalled;
        }

        /** Stops watching (the reader is done). */
        @Override
        public void close() {
            open.remove(this);
        }

        private void check(long now) {
            if (now - lastMoved > timeout.toNanos()) {
                stalled = true;
                open.remove(this);
                try {
                    body.close();
                } catch (IOException e) {
                    // closing is what matters: the reader sees the end of the body
                }
            }
        }
    }

    private final Duration timeout;
    private final LongSupplier nanoTime;
    private final Set<Watched> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();

    /** Watches with {@code timeout} of silence allowed, on the system's monotonic clock. */
    public StallWatch(Duration timeout) {
        this(timeout, System::nanoTime);
    }

    StallWatch(Duration timeout, LongSupplier nanoTime) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    private void scan() {
        Duration period = Duration.ofMillis(Math.max(10, Math.min(1_000, timeout.toMillis() / 4)));
        Sleeper sleeper = Sleeper.system();
        while (true) {
            try {
                sleeper.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            long now = nanoTime.getAsLong();
            for (Watched watched : open) {
                watched.check(now);
            }
        }
    }

    /** Starts watching {@code body}. */
    public Watched watch(Closeable body) {
        if (!started.get() && started.compareAndSet(false, true)) {
            Thread.ofPlatform().name("flotilla-stall-watch").daemon().start(this::scan);
        }
        Watched watched = new Watched(body);
        open.add(watched);
        return watched;
    }

    /** The silence allowed. */
    public Duration timeout() {
        return timeout;
    }
}
