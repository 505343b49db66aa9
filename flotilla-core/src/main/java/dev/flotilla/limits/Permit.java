package dev.flotilla.limits;

import dev.flotilla.provider.RateLimitSnapshot;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Room for one call on one model, taken from its buckets. Settle it with the tokens the call really
 * used so the tokens bucket gives back (or takes) the difference from the estimate.
 */
public final class Permit {
    private final ModelScheduler scheduler;
    private final long tokens;
    private final Instant grantedAt;
    private final long requestsGranted;
    private final double tokensGranted;
    private final AtomicBoolean settled = new AtomicBoolean();

    Permit(ModelScheduler scheduler, long tokens, Instant grantedAt, long requestsGranted, double tokensGranted) {
        this.scheduler = scheduler;
        this.tokens = tokens;
        this.grantedAt = grantedAt;
        this.requestsGranted = requestsGranted;
        this.tokensGranted = tokensGranted;
    }

    /** The model the permit is for. */
    public String model() {
        return scheduler.model();
    }

    /** The tokens taken for the call (input estimate plus the output cap). */
    public long tokens() {
        return tokens;
    }

    /** When the permit was granted. */
    public Instant grantedAt() {
        return grantedAt;
    }

    /** The scheduler's count of granted requests, this one included, when it was granted. */
    long requestsGranted() {
        return requestsGranted;
    }

    /** The scheduler's total of granted tokens, this call's included, when it was granted. */
    double tokensGranted() {
        return tokensGranted;
    }

    /**
     * Corrects the model's buckets from the rate-limit headers of this call's response, counting
     * the calls granted and the refill since this permit (the headers are as old as the call).
     */
    public void observe(RateLimitSnapshot snapshot) {
        scheduler.observe(snapshot, this);
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
