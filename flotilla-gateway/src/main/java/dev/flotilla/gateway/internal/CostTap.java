package dev.flotilla.gateway.internal;

import dev.flotilla.budget.Amount;
import dev.flotilla.budget.BudgetSpec;
import dev.flotilla.budget.ReservationRecord;
import dev.flotilla.budget.ReservationState;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.ledger.Ledger;
import dev.flotilla.ledger.ReconcileReport;
import dev.flotilla.ledger.RunRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A ledger that adds each recorded call's cost to its request's {@link Exchange}, so the reply's
 * {@code x-flotilla-cost-usd} is exactly what the ledger holds. Everything else is delegated.
 */
public final class CostTap implements Ledger {
    private final Ledger delegate;
    private final Exchanges exchanges;

    /** Taps {@code delegate} for the requests in {@code exchanges}. */
    public CostTap(Ledger delegate, Exchanges exchanges) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.exchanges = Objects.requireNonNull(exchanges, "exchanges");
    }

    @Override
    public boolean record(CallRecord call) {
        boolean recorded = delegate.record(call);
        if (recorded) {
            Exchange exchange = exchanges.of(call.callId());
            if (exchange != null) {
                exchange.addCost(call.cost().usd());
            }
        }
        return recorded;
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
        // the ledger belongs to whoever opened it
    }
}
