package dev.flotilla.budget;

import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Usage;
import java.util.Optional;

/**
 * Escrow budgets: every call reserves its worst case before it is sent and settles to its actual
 * cost after. Implementations are safe to use from many (virtual) threads and never let reserved
 * plus spent exceed any limit of a budget or its ancestors because of a reservation.
 *
 * <p>The call pattern around each model call:
 *
 * <pre>{@code
 * try (Reservation r = budgets.reserve(request)) {   // refused before sending when it does not fit
 *     ModelCall sent = call.withMaxOutputTokens(r.maxOutputTokens());
 *     ... stream the call ...
 *     meter.record(report, r);                        // ledger first, then settle
 * }                                                   // close() releases whatever was not settled
 * }</pre>
 */
public interface Budgets {
    /**
     * Defines a budget, or changes the limits of one already defined (its balances are kept). A new
     * budget's spend in its current window is restored from the journal.
     *
     * @throws UnknownBudgetException when the parent is not defined
     * @throws IllegalArgumentException when the level cannot sit under the parent's, or the parent
     *     of an existing budget would change
     */
    void define(BudgetSpec spec);

    /**
     * Reserves a call's worst case ({@code Pricing.worstCase}) against its budget and every ancestor,
     * all or nothing. Reserving a call id that already has a reservation returns that reservation
     * and changes nothing.
     *
     * @throws BudgetExceededException when the worst case does not fit and clamping is not allowed
     *     or would go below the request's minimum output; names the budget, what remains and the
     *     worst case
     * @throws UnknownBudgetException when the budget is not defined
     */
    Reservation reserve(ReservationRequest request);

    /**
     * Settles a call's reservation to its actual usage and cost and releases the rest.
     *
     * @return true when this settled it; false when it was already settled or released (nothing
     *     changes)
     * @throws IllegalStateException when the call has no reservation
     */
    boolean settle(String callId, Usage usage, Cost cost);

    /**
     * Releases a call's reservation whole.
     *
     * @return true when this released it; false when it was already settled or released
     * @throws IllegalStateException when the call has no reservation
     */
    boolean release(String callId);

    /** The state of a call's reservation, if it has one. */
    Optional<ReservationState> stateOf(String callId);

    /**
     * A consistent snapshot of a budget.
     *
     * @throws UnknownBudgetException when the budget is not defined
     */
    BudgetState snapshot(String budgetId);
}
