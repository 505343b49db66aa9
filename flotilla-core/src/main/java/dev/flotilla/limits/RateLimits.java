package dev.flotilla.limits;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.UnknownModelException;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.RateLimitSnapshot;
import dev.flotilla.routing.Capacity;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The schedulers of every catalog model, seeded from the catalog's rate limits at its account tier
 * and corrected live. The router reads it as its {@link Capacity}. Thread-safe.
 */
public final class RateLimits implements Capacity {
    private final Map<String, ModelScheduler> schedulers;

    /** One scheduler per catalog model; time and waiting come from {@code clock} and {@code sleeper}. */
    public RateLimits(Catalog catalog, Clock clock, Sleeper sleeper) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        Map<String, ModelScheduler> map = new LinkedHashMap<>();
        for (ModelSpec model : catalog.models()) {
            map.put(
                    model.id(),
                    new ModelScheduler(model.id(), catalog.rateLimit(model).orElse(null), clock, sleeper));
        }
        this.schedulers = java.util.Collections.unmodifiableMap(map);
    }

    /**
     * The scheduler of a model.
     *
     * @throws UnknownModelException naming the id and the known ones
     */
    public ModelScheduler scheduler(String model) {
        ModelScheduler scheduler = schedulers.get(model);
        if (scheduler == null) {
            throw new UnknownModelException(model, schedulers.keySet());
        }
        return scheduler;
    }

    @Override
    public Duration waitFor(String model, long tokens) {
        return scheduler(model).waitFor(tokens);
    }

    /** Corrects a model's buckets from a response's rate-limit headers. */
    public void observe(String model, RateLimitSnapshot snapshot) {
        scheduler(model).observe(snapshot);
    }

    /** Records a 429 on a model: blocked for its retry-after, or the limit hit emptied. */
    public void rateLimited(String model, ProviderException.RateLimited error) {
        scheduler(model).rateLimited(error.retryAfter().orElse(null), error.limit());
    }

    /** The status of every model, in catalog order. */
    public List<ModelScheduler.Status> status() {
        return schedulers.values().stream().map(ModelScheduler::status).toList();
    }
}
