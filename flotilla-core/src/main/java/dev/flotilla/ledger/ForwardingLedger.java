package dev.flotilla.ledger;

import dev.flotilla.budget.Amount;
import dev.flotilla.budget.BudgetSpec;
import dev.flotilla.budget.ReservationRecord;
import dev.flotilla.budget.ReservationState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A ledger that forwards every method to another, reconciliation and closing included; a subclass
 * overrides what it adds (the gateway's cost tap, tests' injected failures).
 */
public abstract class ForwardingLedger implements Ledger {
    private final Ledger delegate;

    /** Forwards to {@code delegate}. */
    protected ForwardingLedger(Ledger delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public boolean record(CallRecord call) {
        return delegate.record(call);
    }

    @Override
    public Optional<CallRecord> call(String callId) {
        return delegate.call(callId);
    }

    @Override
    public List<CallRecord> calls(Instant since) {
        return delegate.calls(since);
    }

    @Override
    public void saveRun(RunRecord run) {
        delegate.saveRun(run);
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        return delegate.run(runId);
    }

    @Override
    public List<RunRecord> runs() {
        return delegate.runs();
    }

    @Override
    public List<BudgetSpec> budgets() {
        return delegate.budgets();
    }

    @Override
    public List<ReservationRecord> reservations() {
        return delegate.reservations();
    }

    @Override
    public ReconcileReport reconcile(Clock clock) {
        return delegate.reconcile(clock);
    }

    @Override
    public void saveBudget(BudgetSpec spec) {
        delegate.saveBudget(spec);
    }

    @Override
    public void reservationOpened(ReservationRecord reservation) {
        delegate.reservationOpened(reservation);
    }

    @Override
    public void reservationClosed(String callId, ReservationState state, Instant at) {
        delegate.reservationClosed(callId, state, at);
    }

    @Override
    public Amount spent(String budgetId, Instant since) {
        return delegate.spent(budgetId, since);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
