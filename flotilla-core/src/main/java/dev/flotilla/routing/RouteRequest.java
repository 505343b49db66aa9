package dev.flotilla.routing;

import dev.flotilla.catalog.Tier;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One question to the router: which model for this task with these requirements.
 *
 * @param kind what the call is for
 * @param requirements what it needs
 * @param policy the policy name, or null for the default
 * @param allowedModels the models this caller may use, or null for every model
 * @param model the model the call names explicitly, or null to route automatically
 * @param minimumTier the lowest tier to consider (an escalation after a failed validation), or null
 */
public record RouteRequest(
        TaskKind kind,
        Requirements requirements,
        @Nullable String policy,
        @Nullable Set<String> allowedModels,
        @Nullable String model,
        @Nullable Tier minimumTier) {

    public RouteRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requirements, "requirements");
        allowedModels = allowedModels == null ? null : Set.copyOf(allowedModels);
    }

    /** Automatic routing under the default policy, every model allowed. */
    public static RouteRequest of(TaskKind kind, Requirements requirements) {
        return new RouteRequest(kind, requirements, null, null, null, null);
    }

    /** The same request under this policy (null for the default). */
    public RouteRequest withPolicy(@Nullable String name) {
        return new RouteRequest(kind, requirements, name, allowedModels, model, minimumTier);
    }

    /** The same request limited to these models (null for every model). */
    public RouteRequest withAllowedModels(@Nullable Set<String> allowed) {
        return new RouteRequest(kind, requirements, policy, allowed, model, minimumTier);
    }

    /** The same request naming a model explicitly (null to route automatically). */
    public RouteRequest withModel(@Nullable String named) {
        return new RouteRequest(kind, requirements, policy, allowedModels, named, minimumTier);
    }

    /** The same request considering only models of this tier or above (null for all). */
    public RouteRequest withMinimumTier(@Nullable Tier tier) {
        return new RouteRequest(kind, requirements, policy, allowedModels, model, tier);
    }

    /** The same request with other requirements. */
    public RouteRequest withRequirements(Requirements other) {
        return new RouteRequest(kind, other, policy, allowedModels, model, minimumTier);
    }
}
