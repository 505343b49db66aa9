package dev.flotilla.routing;

import dev.flotilla.catalog.ModelSpec;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link RetryPolicy#decide} knows about a failed attempt besides the error.
 *
 * @param model the model that failed
 * @param fallbacks where the call may go instead, best first (the model's catalog fallback chain,
 *     then the policy's other choices; see {@link Router#fallbacks})
 * @param tried the models already tried for this call (never fallen back to again)
 * @param receivedOutput whether any output of the failed attempt already reached the caller
 */
public record RetryContext(ModelSpec model, List<ModelSpec> fallbacks, Set<String> tried, boolean receivedOutput) {
    public RetryContext {
        Objects.requireNonNull(model, "model");
        fallbacks = List.copyOf(fallbacks);
        tried = Set.copyOf(tried);
    }
}
