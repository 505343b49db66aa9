package dev.flotilla.openai;

import dev.flotilla.provider.RateLimitSnapshot;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a client knows about an answer beyond its body, needed to build a {@code ModelResult}.
 *
 * @param callId the call answered
 * @param requestId the provider's {@code x-request-id}, if any
 * @param rateLimits the {@code x-ratelimit-*} headers seen
 * @param timeToFirstToken from sending the request to the first output
 * @param latency from sending the request to the end of the answer
 */
public record ResultContext(
        String callId,
        @Nullable String requestId,
        RateLimitSnapshot rateLimits,
        Duration timeToFirstToken,
        Duration latency) {
    public ResultContext {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
        Objects.requireNonNull(latency, "latency");
    }

    /** A context with only a call id: no request id, no rate limits, zero timings. */
    public static ResultContext of(String callId) {
        return new ResultContext(callId, null, RateLimitSnapshot.NONE, Duration.ZERO, Duration.ZERO);
    }
}
