package dev.flotilla.routing;

import java.time.Duration;

/**
 * What the router sees of the rate limiters: how long until a model could start a call of a given
 * size. Implemented by {@code dev.flotilla.limits.RateLimits}; tests pass a lambda.
 */
@FunctionalInterface
public interface Capacity {
    /** Every model always has room. */
    Capacity UNLIMITED = (model, tokens) -> Duration.ZERO;

    /**
     * How long until {@code model} has room for a call counting {@code tokens} against its
     * tokens-per-minute limit; {@link Duration#ZERO} when it has room now.
     */
    Duration waitFor(String model, long tokens);
}
