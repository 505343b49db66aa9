package dev.flotilla.ledger;

import dev.flotilla.budget.Amount;
import dev.flotilla.budget.BudgetSpec;
import dev.flotilla.budget.ReservationRecord;
import dev.flotilla.budget.ReservationState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/** A ledger in memory, for tests and throwaway runs; nothing survives the process. */
public final class InMemoryLedger implements Ledger {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, CallRecord> calls = new LinkedHashMap<>();
    private final Map<String, RunRecord> runs = new LinkedHashMap<>();
    private final Map<String, BudgetSpec> budgets = new LinkedHashMap<>();
    private final Map<String, ReservationRecord> reservations = new LinkedHashMap<>();

    /** Creates an empty ledger. */
    public InMemoryLedger() {}

    @Override
    public boolean record(CallRecord call) {
        lock.lock();
        try {
            return calls.putIfAbsent(call.callId(), call) == null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<CallRecord> call(String callId) {
        lock.lock();
        try {
            return Optional.ofNullable(calls.get(callId));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<CallRecord> calls(Instant since) {
        lock.lock();
        try {
            return calls.values().stream()
                    .filter(c -> !c.startedAt().isBefore(since))
                    .sorted(Comparator.comparing(CallRecord::startedAt).thenComparing(CallRecord::callId))
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void saveRun(RunRecord run) {
        lock.lock();
        try {
            runs.put(run.runId(), run);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        lock.lock();
        try {
            return Optional.ofNullable(runs.get(runId));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<RunRecord> runs() {
        lock.lock();
        try {
            return runs.values().stream()
                    .sorted(Comparator.comparing(RunRecord::startedAt).thenComparing(RunRecord::runId))
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<BudgetSpec> budgets() {
        lock.lock();
        try {
            return List.copyOf(budgets.values());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<ReservationRecord> reservations() {
        lock.lock();
        try {
            return reservations.values().stream()
                    .sorted(Comparator.comparing(ReservationRecord::createdAt).thenComparing(ReservationRecord::callId))
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void saveBudget(BudgetSpec spec) {
        lock.lock();
        try {
            budgets.put(spec.id(), spec);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void reservationOpened(ReservationRecord reservation) {
        lock.lock();
        try {
            reservations.putIfAbsent(reservation.callId(), reservation);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void reservationClosed(String callId, ReservationState state, Instant at) {
        lock.lock();
        try {
            ReservationRecord open = reservations.get(callId);
            if (open != null && open.state() == ReservationState.OPEN) {
                reservations.put(callId, open.closed(state, at));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Amount spent(String budgetId, Instant since) {
        lock.lock();
        try {
            Set<String> ids = subtree(budgets.values(), budgetId);
            Amount total = Amount.ZERO;
            for (CallRecord call : calls.values()) {
                if (call.budgetId() != null
                        && ids.contains(call.budgetId())
                        && !call.startedAt().isBefore(since)) {
                    total = total.plus(Amount.of(call.usage(), call.cost()));
                }
            }
            return total;
        } finally {
            lock.unlock();
        }
    }

    /** The ids of a budget and every budget below it. */
    public static Set<String> subtree(Iterable<BudgetSpec> budgets, String rootId) {
        Set<String> ids = new HashSet<>();
        ids.add(rootId);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (BudgetSpec spec : budgets) {
                if (spec.parentId() != null && ids.contains(spec.parentId()) && ids.add(spec.id())) {
                    grew = true;
                }
            }
        }
        return ids;
    }

    @Override
    public void close() {}

    /** A copy of every call, in the order they were recorded (for tests). */
    public List<CallRecord> allCalls() {
        lock.lock();
        try {
            return new ArrayList<>(calls.values());
        } finally {
            lock.unlock();
        }
    }
}
