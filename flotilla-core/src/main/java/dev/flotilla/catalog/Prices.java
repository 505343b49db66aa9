package dev.flotilla.catalog;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A model's prices in USD: per 1M tokens for input, cached input and output, an optional
 * long-context tier, and fees per tool call (for example {@code web_search}).
 *
 * @param inputPerMillion USD per 1M uncached input tokens
 * @param cachedInputPerMillion USD per 1M cached input tokens; never above the input price
 * @param outputPerMillion USD per 1M output tokens (reasoning tokens included)
 * @param longContext the tier that reprices the whole request above an input size, or null
 * @param toolFees USD per call of a hosted tool, by tool name
 */
public record Prices(
        BigDecimal inputPerMillion,
        BigDecimal cachedInputPerMillion,
        BigDecimal outputPerMillion,
        @Nullable LongContextTier longContext,
        Map<String, BigDecimal> toolFees) {

    public Prices {
        requireNonNegative("input", inputPerMillion);
        requireNonNegative("cachedInput", cachedInputPerMillion);
        requireNonNegative("output", outputPerMillion);
        if (cachedInputPerMillion.compareTo(inputPerMillion) > 0) {
            throw new IllegalArgumentException("cachedInput price " + cachedInputPerMillion.toPlainString()
                    + " must not exceed the input price " + inputPerMillion.toPlainString());
        }
        toolFees = Map.copyOf(toolFees);
        toolFees.forEach((tool, fee) -> requireNonNegative("toolFees." + tool, fee));
    }

    /** The long-context tier, when the model has one. */
    public Optional<LongContextTier> longContextTier() {
        return Optional.ofNullable(longContext);
    }

    private static void requireNonNegative(String field, BigDecimal value) {
        Objects.requireNonNull(value, field);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(field + " price must not be negative, got " + value.toPlainString());
        }
    }
}
