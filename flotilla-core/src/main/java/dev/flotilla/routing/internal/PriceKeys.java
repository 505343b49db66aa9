package dev.flotilla.routing.internal;

import dev.flotilla.catalog.LongContextTier;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.Prices;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Expected costs as exact integers, for ranking models fast. Every catalog price (long-context
 * multipliers applied) is scaled by the same power of ten so that it is a whole number; the cost of
 * {@code in} input and {@code out} output tokens is then {@code in * inputUnits + out * outputUnits},
 * exact, in units of 10^-(scale+6) USD. When a catalog's prices cannot be scaled that way without
 * overflow, {@link #exact()} is false and callers rank by {@code Pricing} instead.
 */
public final class PriceKeys {
    private static final int MAX_SCALE = 12;

    private final int scale;
    private final boolean exact;
    private final long[] input;
    private final long[] output;
    private final long[] longInput;
    private final long[] longOutput;
    private final long[] longAbove;

    /** Precomputes the keys of these models, in this order. */
    public PriceKeys(List<ModelSpec> models) {
        int n = models.size();
        input = new long[n];
        output = new long[n];
        longInput = new long[n];
        longOutput = new long[n];
        longAbove = new long[n];
        int maxScale = 0;
        long maxWindow = 1;
        for (ModelSpec model : models) {
            for (BigDecimal price : prices(model.prices())) {
                maxScale = Math.max(
                        maxScale, Math.max(0, price.stripTrailingZeros().scale()));
            }
            maxWindow = Math.max(maxWindow, model.contextWindow());
        }
        boolean fits = maxScale <= MAX_SCALE;
        if (fits) {
            // The largest key is at most (window) x (largest unit price) x 2 (input and output terms).
            long limit = Long.MAX_VALUE / 2 / maxWindow;
            for (int i = 0; i < n && fits; i++) {
                Prices prices = models.get(i).prices();
                BigDecimal[] p = prices(prices);
                long[] units = new long[4];
                for (int k = 0; k < 4; k++) {
                    BigDecimal scaled = p[k].movePointRight(maxScale);
                    if (scaled.compareTo(BigDecimal.valueOf(limit)) > 0) {
                        fits = false;
                        break;
                    }
                    units[k] = scaled.longValueExact();
                }
                input[i] = units[0];
                output[i] = units[1];
                longInput[i] = units[2];
                longOutput[i] = units[3];
                longAbove[i] = prices.longContextTier()
                        .map(LongContextTier::aboveInputTokens)
                        .orElse(Long.MAX_VALUE);
            }
        }
        this.scale = maxScale;
        this.exact = fits;
    }

    private static BigDecimal[] prices(Prices prices) {
        BigDecimal in = prices.inputPerMillion();
        BigDecimal out = prices.outputPerMillion();
        LongContextTier tier = prices.longContext();
        BigDecimal longIn = tier == null ? in : in.multiply(tier.inputMultiplier());
        BigDecimal longOut = tier == null ? out : out.multiply(tier.outputMultiplier());
        return new BigDecimal[] {in, out, longIn, longOut};
    }

    /** Whether keys are exact for this catalog (false: rank with {@code Pricing}). */
    public boolean exact() {
        return exact;
    }

    /** The expected cost key of model {@code i} for these token counts (only when exact). */
    public long key(int i, long inputTokens, long outputTokens) {
        return inputTokens > longAbove[i]
                ? inputTokens * longInput[i] + outputTokens * longOutput[i]
                : inputTokens * input[i] + outputTokens * output[i];
    }

    /** A price cap in USD as a key: a cost key above it exceeds the cap. */
    public long capKey(BigDecimal capUsd) {
        BigDecimal scaled = capUsd.movePointRight(scale + 6).setScale(0, RoundingMode.FLOOR);
        return scaled.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : scaled.longValueExact();
    }
}
