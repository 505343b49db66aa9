package dev.flotilla.ledger;

import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Usage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Spend totals of a set of calls.
 *
 * @param key the group's key (a model, a day, a run, a kind) or {@code total}
 * @param calls how many calls
 * @param estimatedCalls how many of them have estimated usage
 * @param usage their tokens summed (cached input included in input, and shown on its own)
 * @param cost their cost summed
 * @param flagshipCost what the same tokens would have cost on the flagship alone
 */
public record SpendTotals(String key, long calls, long estimatedCalls, Usage usage, Cost cost, Cost flagshipCost) {

    public SpendTotals {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(flagshipCost, "flagshipCost");
    }

    /** The flagship's cost less the actual cost (negative when the flagship would have been cheaper). */
    public BigDecimal savedUsd() {
        return flagshipCost.usd().subtract(cost.usd());
    }

    /**
     * Totals of every call, and one row per group sorted by key.
     *
     * @param flagshipPricer what a call's usage costs on the flagship
     */
    public static Report of(
            Collection<CallRecord> calls, SpendGrouping grouping, Function<Usage, Cost> flagshipPricer) {
        Map<String, Builder> groups = new TreeMap<>();
        Builder total = new Builder("total");
        for (CallRecord call : calls) {
            Cost flagship = flagshipPricer.apply(call.usage());
            groups.computeIfAbsent(grouping.keyOf(call), Builder::new).add(call, flagship);
            total.add(call, flagship);
        }
        List<SpendTotals> rows = new ArrayList<>(groups.size());
        groups.values().forEach(b -> rows.add(b.build()));
        return new Report(grouping, rows, total.build());
    }

    /**
     * Spend grouped one way.
     *
     * @param grouping how the rows are grouped
     * @param rows one per group, sorted by key
     * @param total every call
     */
    public record Report(SpendGrouping grouping, List<SpendTotals> rows, SpendTotals total) {
        public Report {
            Objects.requireNonNull(grouping, "grouping");
            rows = List.copyOf(rows);
            Objects.requireNonNull(total, "total");
        }
    }

    private static final class Builder {
        private final String key;
        private long calls;
        private long estimated;
        private Usage usage = Usage.ZERO;
        private Cost cost = Cost.ZERO;
        private Cost flagship = Cost.ZERO;

        Builder(String key) {
            this.key = key;
        }

        void add(CallRecord call, Cost flagshipCost) {
            calls++;
            if (call.estimated()) {
                estimated++;
            }
            usage = usage.plus(call.usage());
            cost = cost.plus(call.cost());
            flagship = flagship.plus(flagshipCost);
        }

        SpendTotals build() {
            return new SpendTotals(key, calls, estimated, usage, cost, flagship);
        }
    }
}
