package dev.flotilla.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A consistent snapshot of one budget.
 *
 * @param spec its definition
 * @param windowStart the start of the current window
 * @param reserved the worst cases its open reservations hold (its own and its descendants')
 * @param spent the actual cost settled in the current window (its own and its descendants')
 * @param openReservations how many reservations hold money against it
 * @param peakCommittedUsd the most USD ever reserved plus spent at one instant in any window,
 *     sampled inside the reserve path under the budget lock
 */
public record BudgetState(
        BudgetSpec spec,
        Instant windowStart,
        Amount reserved,
        Amount spent,
        int openReservations,
        BigDecimal peakCommittedUsd) {

    public BudgetState {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(reserved, "reserved");
        Objects.requireNonNull(spent, "spent");
        Objects.requireNonNull(peakCommittedUsd, "peakCommittedUsd");
    }

    /** Reserved plus spent. */
    public Amount committed() {
        return reserved.plus(spent);
    }

    /** USD left before the limit (never negative), when the budget has a USD limit. */
    public Optional<BigDecimal> remainingUsd() {
        return spec.limits()
                .usdLimit()
                .map(limit -> limit.subtract(committed().usd()).max(BigDecimal.ZERO));
    }

    /** Tokens left before the limit (never negative), when the budget has a token limit. */
    public Optional<Long> remainingTokens() {
        return spec.limits()
                .tokenLimit()
                .map(limit -> Math.max(0, limit - committed().tokens()));
    }
}
