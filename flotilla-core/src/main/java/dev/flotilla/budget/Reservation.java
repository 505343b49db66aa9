package dev.flotilla.budget;

import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Usage;
import java.util.Objects;

/**
 * A call's worst case, held against its budget and every ancestor until the call settles. Close it
 * on every path (try-with-resources): {@link #close()} releases whatever was not settled, so an
 * error, a timeout, a cancellation or a client disconnect never leaves money held. Safe to use from
 * any thread; settling or releasing twice changes nothing.
 */
public final class Reservation implements AutoCloseable {
    private final Budgets budgets;
    private final ReservationRecord record;
    private final long requestedMaxOutputTokens;

    Reservation(Budgets budgets, ReservationRecord record, long requestedMaxOutputTokens) {
        this.budgets = Objects.requireNonNull(budgets);
        this.record = Objects.requireNonNull(record);
        this.requestedMaxOutputTokens = requestedMaxOutputTokens;
    }

    /** The call this reservation is for. */
    public String callId() {
        return record.callId();
    }

    /** The budget charged (its ancestors are charged too). */
    public String budgetId() {
        return record.budgetId();
    }

    /** The max output the call may be sent with: the requested one, or less when clamped. */
    public long maxOutputTokens() {
        return record.maxOutputTokens();
    }

    /** Whether the max output was clamped down to fit the budget. */
    public boolean clamped() {
        return record.maxOutputTokens() < requestedMaxOutputTokens;
    }

    /** The amount held: the worst case at {@link #maxOutputTokens()}. */
    public Amount worstCase() {
        return record.worstCase();
    }

    /** The reservation as the ledger records it when it was opened. */
    public ReservationRecord record() {
        return record;
    }

    /** Open, settled or released, now. */
    public ReservationState state() {
        return budgets.stateOf(record.callId()).orElse(ReservationState.RELEASED);
    }

    /**
     * Settles to the call's actual usage and cost; the rest of the worst case goes back.
     *
     * @return true when this settled it, false when it was already settled or released
     */
    public boolean settle(Usage usage, Cost cost) {
        return budgets.settle(record.callId(), usage, cost);
    }

    /**
     * Releases the whole worst case (the call cost nothing).
     *
     * @return true when this released it, false when it was already settled or released
     */
    public boolean release() {
        return budgets.release(record.callId());
    }

    /** Releases the reservation unless it was settled. */
    @Override
    public void close() {
        if (budgets.stateOf(record.callId()).orElse(ReservationState.RELEASED) == ReservationState.OPEN) {
            budgets.release(record.callId());
        }
    }
}
