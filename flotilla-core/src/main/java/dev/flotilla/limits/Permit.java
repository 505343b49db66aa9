package dev.flotilla.limits;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Room for one call on one model, taken from its buckets. Settle it with the tokens the call really
 * used so the tokens bucket gives back (or takes) the difference from the estimate.
 */
public final class Permit {
    private final ModelScheduler scheduler;
    private final long tokens;
    private final AtomicBoolean settled = new AtomicBoolean();

    Permit(ModelScheduler scheduler, long tokens) {
        this.scheduler = scheduler;
        this.tokens = tokens;
    }

    /** The model the permit is for. */
    public String model() {
        return scheduler.model();
    }

    /** The tokens taken for the call (input estimate plus the output cap). */
    public long tokens() {
        return tokens;
    }

    /** Corrects the tokens bucket by what the call really counted; only the first call counts. */
    public void settle(long actualTokens) {
        if (actualTokens < 0) {
            throw new IllegalArgumentException("actual tokens must not be negative, got " + actualTokens);
        }
        if (settled.compareAndSet(false, true)) {
            scheduler.settle(tokens, actualTokens);
        }
    }
}
