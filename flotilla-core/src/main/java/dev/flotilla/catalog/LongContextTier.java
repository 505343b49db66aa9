package dev.flotilla.catalog;

import java.math.BigDecimal;

/**
 * A price tier for long prompts: when a request's input exceeds {@code aboveInputTokens}, the whole
 * request is priced with the multipliers (input and cached input by {@code inputMultiplier}, output
 * by {@code outputMultiplier}).
 */
public record LongContextTier(long aboveInputTokens, BigDecimal inputMultiplier, BigDecimal outputMultiplier) {

    public LongContextTier {
        if (aboveInputTokens < 0) {
            throw new IllegalArgumentException("aboveInputTokens must not be negative, got " + aboveInputTokens);
        }
        if (inputMultiplier.compareTo(BigDecimal.ONE) < 0 || outputMultiplier.compareTo(BigDecimal.ONE) < 0) {
            throw new IllegalArgumentException("long-context multipliers must be at least 1, got input "
                    + inputMultiplier.toPlainString() + " and output " + outputMultiplier.toPlainString());
        }
    }

    /** Whether a request with this many input tokens is priced in this tier (strictly above). */
    public boolean appliesTo(long inputTokens) {
        return inputTokens > aboveInputTokens;
    }
}
