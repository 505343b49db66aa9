package dev.flotilla.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One model in the catalog: what it costs, what it can do, how fast it is and how much it may be
 * called.
 *
 * @param id the model id sent to the provider, e.g. {@code gpt-5.4-mini}
 * @param tier flagship, mini or nano
 * @param autoRoute whether automatic routing may pick it (false: usable only by id)
 * @param prices token prices, the long-context tier and tool fees
 * @param contextWindow the most tokens (input plus output) one request may hold
 * @param maxOutputTokens the most tokens one response may hold
 * @param inputModalities the kinds of input accepted
 * @param capabilities what it can do beyond text
 * @param quotaWeight the share of the flagship's quota one of its tokens consumes (flagship 1)
 * @param quality benchmark scores in percent by task family ({@code coding}, {@code reasoning}, ...)
 * @param rateLimits limits by account tier (1 to 5)
 * @param latency time to first token and output speed
 * @param endpoint where it is served
 * @param fallbacks models to try, in order, when this one fails for good
 * @param assumed the fields whose values are assumptions, by path (e.g. {@code prices.cachedInput})
 */
public record ModelSpec(
        String id,
        Tier tier,
        boolean autoRoute,
        Prices prices,
        long contextWindow,
        long maxOutputTokens,
        Set<Modality> inputModalities,
        Set<Capability> capabilities,
        BigDecimal quotaWeight,
        Map<String, BigDecimal> quality,
        Map<Integer, RateLimit> rateLimits,
        LatencyProfile latency,
        Endpoint endpoint,
        List<String> fallbacks,
        Set<String> assumed) {

    public ModelSpec {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("model id must not be blank");
        }
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(prices, "prices");
        if (contextWindow <= 0) {
            throw new IllegalArgumentException("contextWindow must be positive, got " + contextWindow);
        }
        if (maxOutputTokens <= 0 || maxOutputTokens > contextWindow) {
            throw new IllegalArgumentException("maxOutputTokens must be between 1 and the context window "
                    + contextWindow + ", got " + maxOutputTokens);
        }
        if (quotaWeight.signum() < 0) {
            throw new IllegalArgumentException("quotaWeight must not be negative, got " + quotaWeight.toPlainString());
        }
        if (!inputModalities.contains(Modality.TEXT)) {
            throw new IllegalArgumentException("inputModalities must include text, got " + inputModalities);
        }
        inputModalities = Set.copyOf(inputModalities);
        capabilities = Set.copyOf(capabilities);
        quality = Map.copyOf(quality);
        rateLimits = Map.copyOf(rateLimits);
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(endpoint, "endpoint");
        fallbacks = List.copyOf(fallbacks);
        assumed = Set.copyOf(assumed);
    }

    /** Whether the model has every one of these capabilities. */
    public boolean supports(Set<Capability> needed) {
        return capabilities.containsAll(needed);
    }

    /** Whether the model accepts every one of these input modalities. */
    public boolean accepts(Set<Modality> needed) {
        return inputModalities.containsAll(needed);
    }

    /** The benchmark score for a task family, when the catalog has one. */
    public Optional<BigDecimal> qualityFor(String family) {
        return Optional.ofNullable(quality.get(family));
    }

    /** The rate limit for an account tier, or for the nearest lower tier listed. */
    public Optional<RateLimit> rateLimitFor(int accountTier) {
        for (int t = accountTier; t >= 1; t--) {
            RateLimit limit = rateLimits.get(t);
            if (limit != null) {
                return Optional.of(limit);
            }
        }
        return Optional.empty();
    }
}
