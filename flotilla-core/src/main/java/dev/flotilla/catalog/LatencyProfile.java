package dev.flotilla.catalog;

/**
 * How fast a model answers: median time to first token and median output speed. Routing uses it
 * to estimate latency; the simulator draws from it.
 */
public record LatencyProfile(long timeToFirstTokenMillis, double outputTokensPerSecond) {

    public LatencyProfile {
        if (timeToFirstTokenMillis < 0) {
            throw new IllegalArgumentException("ttftMs must not be negative, got " + timeToFirstTokenMillis);
        }
        if (!(outputTokensPerSecond > 0)) {
            throw new IllegalArgumentException("outputTokensPerSecond must be positive, got " + outputTokensPerSecond);
        }
    }

    /** The expected wall time of a call that writes {@code outputTokens}, in milliseconds. */
    public long expectedMillis(long outputTokens) {
        return timeToFirstTokenMillis + Math.round(outputTokens * 1000.0 / outputTokensPerSecond);
    }
}
