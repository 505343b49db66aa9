package dev.flotilla.ledger;

import dev.flotilla.budget.BudgetSpec;
import dev.flotilla.budget.ReservationJournal;
import dev.flotilla.budget.ReservationRecord;
import dev.flotilla.budget.ReservationState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The durable record of every model call, run, budget and reservation. Implementations are safe
 * to call from many (virtual) threads; a write is durable (committed) when its method returns.
 */
public interface Ledger extends ReservationJournal, AutoCloseable {
    /**
     * Records a call; durable when this returns.
     *
     * @return true when recorded, false when a call with this id was already recorded (nothing
     *     changes: a re-report is a no-op)
     */
    boolean record(CallRecord call);

    /** The call with this id, if recorded. */
    Optional<CallRecord> call(String callId);

    /** Every call started at or after {@code since}, oldest first (ties by call id). */
    List<CallRecord> calls(Instant since);

    /** Records a run, or replaces the record of a run with the same id. */
    void saveRun(RunRecord run);

    /** The run with this id, if recorded. */
    Optional<RunRecord> run(String runId);

    /** Every run, oldest first. */
    List<RunRecord> runs();

    /** Every budget defined, in no particular order. */
    List<BudgetSpec> budgets();

    /** Every reservation recorded, oldest first. */
    List<ReservationRecord> reservations();

    /**
     * Closes what a dead process left open: an open reservation whose call is recorded is marked
     * settled (its cost is already in the ledger, so nothing is counted twice); one without a call
     * record is released and its call recorded as {@link CallOutcome#ABANDONED}. Run it when the
     * ledger is opened, before any budget reserves. This default treats every open reservation as
     * stale (one process per ledger); a shared ledger reconciles only dead processes' reservations.
     */
    default ReconcileReport reconcile(Clock clock) {
        return reconcile(this, clock, reservation -> true);
    }

    /** Reconciles the open reservations of a ledger that {@code stale} accepts (see {@link #reconcile(Clock)}). */
    static ReconcileReport reconcile(Ledger ledger, Clock clock, Predicate<ReservationRecord> stale) {
        List<String> settled = new ArrayList<>();
        List<String> abandoned = new ArrayList<>();
        for (ReservationRecord reservation : ledger.reservations()) {
            if (reservation.state() != ReservationState.OPEN || !stale.test(reservation)) {
                continue;
            }
            Instant now = clock.instant();
            if (ledger.call(reservation.callId()).isPresent()) {
                ledger.reservationClosed(reservation.callId(), ReservationState.SETTLED, now);
                settled.add(reservation.callId());
            } else {
                ledger.record(CallRecord.abandoned(reservation));
                ledger.reservationClosed(reservation.callId(), ReservationState.RELEASED, now);
                abandoned.add(reservation.callId());
            }
        }
        return new ReconcileReport(settled, abandoned);
    }

    /** Releases the ledger's connections. */
    @Override
    void close();
}
