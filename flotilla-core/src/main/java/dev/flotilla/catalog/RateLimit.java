package dev.flotilla.catalog;

/** Requests and tokens per minute that a provider allows one account on one model. */
public record RateLimit(long requestsPerMinute, long tokensPerMinute) {

    public RateLimit {
        if (requestsPerMinute <= 0 || tokensPerMinute <= 0) {
            throw new IllegalArgumentException(
                    "rate limits must be positive, got rpm " + requestsPerMinute + " and tpm " + tokensPerMinute);
        }
    }
}
