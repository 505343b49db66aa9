package dev.flotilla.metering;

import dev.flotilla.catalog.LongContextTier;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.Prices;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Prices calls from their usage with exact decimal arithmetic. Pure functions of the catalog entry
 * and the token counts.
 *
 * <p>cost = (input - cached) x input price + cached x cached-input price + output x output price
 * (reasoning is part of output) + tool fees; when the input exceeds the model's long-context
 * threshold, the multipliers apply to the whole request. Quota units = (input + output) x the
 * model's quota weight.
 */
public final class Pricing {
    private Pricing() {}

    /** The cost of a call with this usage and no hosted tool calls. */
    public static Cost cost(ModelSpec model, Usage usage) {
        return breakdown(model, usage, Map.of()).cost();
    }

    /**
     * Prices a call term by term.
     *
     * @param toolCalls hosted tool calls by tool name (e.g. {@code web_search: 2}); tools without a
     *     fee in the catalog cost nothing per call
     * @throws IllegalArgumentException when a tool call count is negative
     */
    public static PriceBreakdown breakdown(ModelSpec model, Usage usage, Map<String, Long> toolCalls) {
        Prices prices = model.prices();
        boolean longContext = prices.longContextTier()
                .map(tier -> tier.appliesTo(usage.inputTokens()))
                .orElse(false);
        BigDecimal inputMultiplier = longContext
                ? prices.longContextTier().map(LongContextTier::inputMultiplier).orElseThrow()
                : BigDecimal.ONE;
        BigDecimal outputMultiplier = longContext
                ? prices.longContextTier()
                        .map(LongContextTier::outputMultiplier)
                        .orElseThrow()
                : BigDecimal.ONE;
        BigDecimal inputPrice = prices.inputPerMillion().multiply(inputMultiplier);
        BigDecimal cachedPrice = prices.cachedInputPerMillion().multiply(inputMultiplier);
        BigDecimal outputPrice = prices.outputPerMillion().multiply(outputMultiplier);

        BigDecimal uncached = perMillion(usage.uncachedInputTokens(), inputPrice);
        BigDecimal cached = perMillion(usage.cachedInputTokens(), cachedPrice);
        BigDecimal output = perMillion(usage.outputTokens(), outputPrice);
        BigDecimal fees = BigDecimal.ZERO;
        long calls = 0;
        for (Map.Entry<String, Long> entry : toolCalls.entrySet()) {
            if (entry.getValue() < 0) {
                throw new IllegalArgumentException(
                        "tool call count for '" + entry.getKey() + "' must not be negative, got " + entry.getValue());
            }
            calls += entry.getValue();
            BigDecimal fee = prices.toolFees().getOrDefault(entry.getKey(), BigDecimal.ZERO);
            fees = fees.add(fee.multiply(BigDecimal.valueOf(entry.getValue())));
        }
        BigDecimal usd = uncached.add(cached).add(output).add(fees);
        BigDecimal quota = model.quotaWeight().multiply(BigDecimal.valueOf(usage.totalTokens()));
        return new PriceBreakdown(
                model.id(),
                usage,
                calls,
                longContext,
                inputPrice,
                cachedPrice,
                outputPrice,
                uncached,
                cached,
                output,
                fees,
                new Cost(usd, quota));
    }

    /**
     * The most a call can cost before it is sent: every input token uncached, every allowed output
     * token written, the long-context tier included when the input reaches it. Budgets reserve this.
     *
     * @throws IllegalArgumentException when a count is negative
     */
    public static Cost worstCase(ModelSpec model, long inputTokens, long maxOutputTokens) {
        return cost(model, Usage.of(inputTokens, maxOutputTokens));
    }

    private static BigDecimal perMillion(long tokens, BigDecimal pricePerMillion) {
        // Exact: a decimal shift, no division and no rounding.
        return pricePerMillion.multiply(BigDecimal.valueOf(tokens)).movePointLeft(6);
    }
}
