package dev.flotilla.routing;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How one routed call may be routed beyond its requirements.
 *
 * @param policy the policy name, or null for the default
 * @param allowedModels the models the caller may use, or null for all
 * @param model the model the caller names explicitly, or null to route automatically
 * @param validator judges the answer; a rejected answer is re-run one tier up (call mode only), or null
 * @param maxEscalations how many times a rejected answer may be re-run one tier up
 */
public record CallOptions(
        @Nullable String policy,
        @Nullable Set<String> allowedModels,
        @Nullable String model,
        @Nullable Validator validator,
        int maxEscalations) {

    /** Default policy, every model, automatic routing, no validator. */
    public static final CallOptions DEFAULT = new CallOptions(null, null, null, null, 0);

    public CallOptions {
        allowedModels = allowedModels == null ? null : Set.copyOf(allowedModels);
        if (maxEscalations < 0) {
            throw new IllegalArgumentException("maxEscalations must not be negative, got " + maxEscalations);
        }
    }

    /** These options under another policy. */
    public CallOptions withPolicy(@Nullable String name) {
        return new CallOptions(name, allowedModels, model, validator, maxEscalations);
    }

    /** These options limited to these models. */
    public CallOptions withAllowedModels(@Nullable Set<String> allowed) {
        return new CallOptions(policy, allowed, model, validator, maxEscalations);
    }

    /** These options naming a model. */
    public CallOptions withModel(@Nullable String named) {
        return new CallOptions(policy, allowedModels, named, validator, maxEscalations);
    }

    /** These options with a validator and at most {@code escalations} re-runs one tier up. */
    public CallOptions withValidator(Validator check, int escalations) {
        return new CallOptions(policy, allowedModels, model, check, escalations);
    }
}
