package dev.flotilla.budget;

import java.time.Instant;

/**
 * Where budgets write what they hold, so that a crash leaves evidence and a restart knows what was
 * already spent. The ledger implements it; every method must be safe to call from many threads.
 */
public interface ReservationJournal {
    /** Records a budget's definition (insert or replace by id). */
    void saveBudget(BudgetSpec spec);

    /**
     * Records a reservation before its call is sent; durable when this returns. Recording the same
     * call id again changes nothing.
     */
    void reservationOpened(ReservationRecord reservation);

    /** Records that the reservation of this call was settled or released; a closed one stays closed. */
    void reservationClosed(String callId, ReservationState state, Instant at);

    /**
     * What the calls charged to this budget or any budget below it, started at or after
     * {@code since}, cost in total (used to restore a window's spend after a restart).
     */
    Amount spent(String budgetId, Instant since);

    /** A journal that keeps nothing: budgets live in memory only. */
    static ReservationJournal none() {
        return new ReservationJournal() {
            @Override
            public void saveBudget(BudgetSpec spec) {}

            @Override
            public void reservationOpened(ReservationRecord reservation) {}

            @Override
            public void reservationClosed(String callId, ReservationState state, Instant at) {}

            @Override
            public Amount spent(String budgetId, Instant since) {
                return Amount.ZERO;
            }
        };
    }
}
