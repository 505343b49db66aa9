package dev.flotilla.budget;

import java.math.BigDecimal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A budget's limits; a null dimension is unlimited.
 *
 * @param usd the most US dollars that may be committed in a window, or null
 * @param tokens the most tokens (input plus output), or null
 * @param quotaUnits the most quota units, or null
 */
public record BudgetLimits(
        @Nullable BigDecimal usd,
        @Nullable Long tokens,
        @Nullable BigDecimal quotaUnits) {
    /** No limit in any dimension (a budget that only groups and counts). */
    public static final BudgetLimits UNLIMITED = new BudgetLimits(null, null, null);

    public BudgetLimits {
        if (usd != null && usd.signum() < 0) {
            throw new IllegalArgumentException("a USD limit must not be negative, got " + usd.toPlainString());
        }
        if (tokens != null && tokens < 0) {
            throw new IllegalArgumentException("a token limit must not be negative, got " + tokens);
        }
        if (quotaUnits != null && quotaUnits.signum() < 0) {
            throw new IllegalArgumentException(
                    "a quota-unit limit must not be negative, got " + quotaUnits.toPlainString());
        }
    }

    /** A limit in US dollars only, e.g. {@code usd("1.00")}. */
    public static BudgetLimits usd(String dollars) {
        return new BudgetLimits(new BigDecimal(dollars), null, null);
    }

    /** The USD limit, when there is one. */
    public Optional<BigDecimal> usdLimit() {
        return Optional.ofNullable(usd);
    }

    /** The token limit, when there is one. */
    public Optional<Long> tokenLimit() {
        return Optional.ofNullable(tokens);
    }

    /** The quota-unit limit, when there is one. */
    public Optional<BigDecimal> quotaLimit() {
        return Optional.ofNullable(quotaUnits);
    }
}
