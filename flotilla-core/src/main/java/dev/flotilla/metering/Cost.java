package dev.flotilla.metering;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a call costs: exact USD and quota units (one flagship token is one unit).
 *
 * @param usd exact US dollars, never rounded
 * @param quotaUnits tokens weighted by the model's quota weight
 */
public record Cost(BigDecimal usd, BigDecimal quotaUnits) implements Comparable<Cost> {
    /** Nothing. */
    public static final Cost ZERO = new Cost(BigDecimal.ZERO, BigDecimal.ZERO);

    public Cost {
        Objects.requireNonNull(usd, "usd");
        Objects.requireNonNull(quotaUnits, "quotaUnits");
        if (usd.signum() < 0 || quotaUnits.signum() < 0) {
            throw new IllegalArgumentException("cost must not be negative, got $" + usd.toPlainString() + " and "
                    + quotaUnits.toPlainString() + " quota units");
        }
    }

    /** The sum of two costs. */
    public Cost plus(Cost other) {
        return new Cost(usd.add(other.usd), quotaUnits.add(other.quotaUnits));
    }

    /** Orders by USD. */
    @Override
    public int compareTo(Cost other) {
        return usd.compareTo(other.usd);
    }

    /** USD without trailing zeros, in plain notation, e.g. {@code 5.25}. */
    public String usdPlain() {
        return plain(usd);
    }

    /** A decimal without trailing zeros, never in scientific notation. */
    public static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
