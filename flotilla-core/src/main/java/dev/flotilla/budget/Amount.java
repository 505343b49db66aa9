package dev.flotilla.budget;

import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Usage;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * An amount charged against a budget in each of its three dimensions.
 *
 * @param usd exact US dollars
 * @param tokens input plus output tokens
 * @param quotaUnits tokens weighted by the model's quota weight
 */
public record Amount(BigDecimal usd, long tokens, BigDecimal quotaUnits) {
    /** Nothing. */
    public static final Amount ZERO = new Amount(BigDecimal.ZERO, 0, BigDecimal.ZERO);

    public Amount {
        Objects.requireNonNull(usd, "usd");
        Objects.requireNonNull(quotaUnits, "quotaUnits");
        if (usd.signum() < 0 || tokens < 0 || quotaUnits.signum() < 0) {
            throw new IllegalArgumentException("an amount must not be negative, got $" + usd.toPlainString() + ", "
                    + tokens + " tokens, " + quotaUnits.toPlainString() + " quota units");
        }
    }

    /** The amount a call with this usage and cost charges. */
    public static Amount of(Usage usage, Cost cost) {
        return new Amount(cost.usd(), usage.totalTokens(), cost.quotaUnits());
    }

    /** The sum of two amounts. */
    public Amount plus(Amount other) {
        return new Amount(usd.add(other.usd), Math.addExact(tokens, other.tokens), quotaUnits.add(other.quotaUnits));
    }

    /**
     * This amount less another.
     *
     * @throws IllegalArgumentException when the result would be negative in any dimension
     */
    public Amount minus(Amount other) {
        return new Amount(usd.subtract(other.usd), tokens - other.tokens, quotaUnits.subtract(other.quotaUnits));
    }

    /** Whether every dimension is exactly zero (whatever the decimal scale). */
    public boolean isZero() {
        return usd.signum() == 0 && tokens == 0 && quotaUnits.signum() == 0;
    }

    /** The amount as a {@link Cost} (USD and quota units). */
    public Cost cost() {
        return new Cost(usd, quotaUnits);
    }
}
