package dev.flotilla.provider;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The rate-limit state a provider reported with a response ({@code x-ratelimit-*} headers). Any
 * field may be absent.
 */
public record RateLimitSnapshot(
        @Nullable Long limitRequests,
        @Nullable Long remainingRequests,
        @Nullable Duration resetRequests,
        @Nullable Long limitTokens,
        @Nullable Long remainingTokens,
        @Nullable Duration resetTokens) {

    /** Nothing reported. */
    public static final RateLimitSnapshot NONE = new RateLimitSnapshot(null, null, null, null, null, null);

    /** Whether no field was reported. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** Requests allowed per window, when reported. */
    public Optional<Long> requestLimit() {
        return Optional.ofNullable(limitRequests);
    }

    /** Requests left in the window, when reported. */
    public Optional<Long> requestsRemaining() {
        return Optional.ofNullable(remainingRequests);
    }

    /** Tokens allowed per window, when reported. */
    public Optional<Long> tokenLimit() {
        return Optional.ofNullable(limitTokens);
    }

    /** Tokens left in the window, when reported. */
    public Optional<Long> tokensRemaining() {
        return Optional.ofNullable(remainingTokens);
    }
}
