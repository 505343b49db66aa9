package dev.flotilla.metering;

import java.math.BigDecimal;

/**
 * A call's price term by term, so a user can check the arithmetic.
 *
 * @param modelId the model priced
 * @param usage the tokens priced
 * @param toolCalls hosted tool calls charged per call
 * @param longContext whether the long-context tier applied to the whole request
 * @param inputPerMillion the input price used (after the long-context multiplier)
 * @param cachedInputPerMillion the cached-input price used
 * @param outputPerMillion the output price used
 * @param uncachedInputUsd (input - cached) x input price
 * @param cachedInputUsd cached x cached-input price
 * @param outputUsd output x output price
 * @param toolFeesUsd the sum of per-call tool fees
 * @param cost the total in USD and quota units
 */
public record PriceBreakdown(
        String modelId,
        Usage usage,
        long toolCalls,
        boolean longContext,
        BigDecimal inputPerMillion,
        BigDecimal cachedInputPerMillion,
        BigDecimal outputPerMillion,
        BigDecimal uncachedInputUsd,
        BigDecimal cachedInputUsd,
        BigDecimal outputUsd,
        BigDecimal toolFeesUsd,
        Cost cost) {}
