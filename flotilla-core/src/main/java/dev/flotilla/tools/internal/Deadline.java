package dev.flotilla.tools.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** The end of one tool call's time limit, checked cooperatively by loops and by regex matching. */
public final class Deadline {
    private final InstantSource clock;
    private final Instant end;
    private final Duration limit;

    private Deadline(InstantSource clock, Duration limit) {
        this.clock = clock;
        this.limit = limit;
        this.end = clock.instant().plus(limit);
    }

    /** A deadline {@code limit} after now on {@code clock}. */
    public static Deadline after(InstantSource clock, Duration limit) {
        return new Deadline(clock, limit);
    }

    /** The limit this deadline was set with. */
    public Duration limit() {
        return limit;
    }

    /**
     * Throws when the deadline has passed or the thread was interrupted (a cancelled sub-agent).
     *
     * @throws TimeLimitExceededException when either happened
     */
    public void check() {
        if (Thread.currentThread().isInterrupted()) {
            throw new TimeLimitExceededException(true);
        }
        if (!clock.instant().isBefore(end)) {
            throw new TimeLimitExceededException(false);
        }
    }

    /** Thrown by {@link #check()}; carries no stack trace (it is control flow). */
    public static final class TimeLimitExceededException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean interrupted;

        TimeLimitExceededException(boolean interrupted) {
            super(interrupted ? "interrupted" : "time limit exceeded", null, false, false);
            this.interrupted = interrupted;
        }

        /** Whether the thread was interrupted (rather than the time being up). */
        public boolean interrupted() {
            return interrupted;
        }
    }
}
