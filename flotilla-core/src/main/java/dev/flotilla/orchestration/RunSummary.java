package dev.flotilla.orchestration;

import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/**
 * What a run cost: calls, tokens and cost per model, the total, and the same tokens priced on the
 * flagship alone.
 *
 * @param byModel totals per served model, in first-use order
 * @param total the run's cost
 * @param flagshipOnly what the same usage would have cost on the flagship
 * @param flagshipId the flagship priced
 * @param wall the run's wall time
 */
public record RunSummary(
        Map<String, ModelTotals> byModel, Cost total, Cost flagshipOnly, String flagshipId, Duration wall) {

    public RunSummary {
        byModel = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byModel));
    }

    /** Calls, tokens and cost of one model. */
    public record ModelTotals(long calls, Usage usage, Cost cost) {
        ModelTotals plus(ModelTotals other) {
            return new ModelTotals(calls + other.calls, usage.plus(other.usage), cost.plus(other.cost));
        }
    }

    /** The total number of model calls. */
    public long calls() {
        return byModel.values().stream().mapToLong(ModelTotals::calls).sum();
    }

    /** The run's cost as a share of the flagship-only cost (0 to 1; 0 when nothing was spent). */
    public BigDecimal shareOfFlagshipOnly() {
        if (flagshipOnly.usd().signum() == 0) {
            return BigDecimal.ZERO;
        }
        return total.usd().divide(flagshipOnly.usd(), 4, RoundingMode.HALF_UP);
    }
}
