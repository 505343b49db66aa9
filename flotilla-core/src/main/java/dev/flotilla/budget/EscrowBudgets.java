package dev.flotilla.budget;

import dev.flotilla.budget.BudgetExceededException.Dimension;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process escrow budgets guarded by one {@link ReentrantLock}.
 *
 * <p>Why it can never over-reserve: every read and write of every balance happens under the one
 * lock, and a reservation checks reserved + spent + worst case against the limit of its budget and
 * of every ancestor before it adds the worst case to all of them, in the same critical section. So
 * at every instant each budget's reserved + spent is the sum of what passed that check, and none
 * passed it unless the sum stayed within the limit. The critical sections are a few decimal
 * additions (no I/O), and a {@code ReentrantLock} does not pin virtual threads. Journal writes (the
 * ledger) happen outside the lock: a reservation is recorded before {@link #reserve} returns (so
 * before the call is sent) and undone if recording fails.
 *
 * <p>Settled costs are added to the window current at settlement; a reservation's worst case counts
 * against whichever window is current while it is open. A settled cost above the worst case (a
 * provider that overran its max output, hosted tool fees) is recorded as spent even if that passes
 * the limit: money spent is never hidden.
 *
 * <p>Closed reservations stay in memory as tombstones so that a repeated call id changes nothing.
 */
public final class EscrowBudgets implements Budgets {
    private static final Logger LOG = LoggerFactory.getLogger(EscrowBudgets.class);

    private final Clock clock;
    private final ReservationJournal journal;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, Entry> reservations = new HashMap<>();

    /**
     * Creates budgets.
     *
     * @param clock gives window starts (UTC) and reservation times
     * @param journal where reservations are recorded, e.g. the ledger; {@link
     *     ReservationJournal#none()} for memory only
     */
    public EscrowBudgets(Clock clock, ReservationJournal journal) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    @Override
    public void define(BudgetSpec spec) {
        Instant now = clock.instant();
        Instant windowStart = spec.window().start(now);
        boolean isNew;
        lock.lock();
        try {
            Node existing = nodes.get(spec.id());
            Node parent = null;
            if (spec.parentId() != null) {
                parent = nodes.get(spec.parentId());
                if (parent == null) {
                    throw new UnknownBudgetException(spec.parentId(), "(the parent of '" + spec.id() + "')");
                }
                if (!spec.level().mayBeUnder(parent.spec.level())) {
                    throw new IllegalArgumentException("a " + spec.level().wireName() + " budget ('" + spec.id()
                            + "') cannot sit under a " + parent.spec.level().wireName() + " budget ('"
                            + parent.spec.id() + "'); the order is key or user, then run, then subtask");
                }
            }
            if (existing != null) {
                if (!Objects.equals(existing.spec.parentId(), spec.parentId())) {
                    throw new IllegalArgumentException("budget '" + spec.id() + "' already sits under '"
                            + existing.spec.parentId() + "'; it cannot move under '" + spec.parentId() + "'");
                }
                existing.spec = spec;
                isNew = false;
            } else {
                nodes.put(spec.id(), new Node(spec, parent, windowStart));
                isNew = true;
            }
        } finally {
            lock.unlock();
        }
        journal.saveBudget(spec);
        if (isNew) {
            Amount already = journal.spent(spec.id(), windowStart);
            if (!already.isZero()) {
                lock.lock();
                try {
                    Node node = nodes.get(spec.id());
                    if (node != null && node.windowStart.equals(windowStart)) {
                        node.spent = node.spent.plus(already);
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    @Override
    public Reservation reserve(ReservationRequest request) {
        Instant now = clock.instant();
        ModelSpec model = request.model();
        Entry entry;
        lock.lock();
        try {
            Entry existing = reservations.get(request.callId());
            if (existing != null) {
                return existing.handle;
            }
            List<Node> chain = chain(request.budgetId(), "(the budget of call " + request.callId() + ")");
            for (Node node : chain) {
                node.roll(now);
            }
            long maxOutput = request.maxOutputTokens();
            Amount worst = worstCase(model, request.inputTokens(), maxOutput);
            Shortfall shortfall = firstShortfall(chain, worst);
            if (shortfall != null) {
                long fitting = request.clampAllowed() ? largestFittingOutput(chain, model, request) : -1;
                if (fitting < Math.max(1, request.minOutputTokens())) {
                    throw shortfall.refuse(request, fitting);
                }
                maxOutput = fitting;
                worst = worstCase(model, request.inputTokens(), maxOutput);
            }
            for (Node node : chain) {
                node.reserved = node.reserved.plus(worst);
                node.open++;
                BigDecimal committed = node.reserved.usd().add(node.spent.usd());
                if (committed.compareTo(node.peakCommittedUsd) > 0) {
                    node.peakCommittedUsd = committed;
                }
            }
            ReservationRecord record = new ReservationRecord(
                    request.callId(),
                    request.budgetId(),
                    request.runId(),
                    model.id(),
                    request.inputTokens(),
                    maxOutput,
                    worst,
                    ReservationState.OPEN,
                    now,
                    null);
            entry = new Entry(new Reservation(this, record, request.maxOutputTokens()), chain, worst);
            reservations.put(request.callId(), entry);
        } finally {
            lock.unlock();
        }
        try {
            journal.reservationOpened(entry.handle.record());
        } catch (RuntimeException e) {
            // Not recorded means not reserved: the call must not be sent without evidence.
            lock.lock();
            try {
                if (entry.state == ReservationState.OPEN) {
                    entry.giveBack(null);
                }
                reservations.remove(request.callId(), entry);
            } finally {
                lock.unlock();
            }
            throw e;
        }
        return entry.handle;
    }

    @Override
    public boolean settle(String callId, Usage usage, Cost cost) {
        Amount actual = Amount.of(usage, cost);
        return close(callId, ReservationState.SETTLED, actual);
    }

    @Override
    public boolean release(String callId) {
        return close(callId, ReservationState.RELEASED, null);
    }

    private boolean close(String callId, ReservationState to, @Nullable Amount actual) {
        Instant now = clock.instant();
        lock.lock();
        try {
            Entry entry = reservations.get(callId);
            if (entry == null) {
                throw new IllegalStateException("call " + callId + " has no reservation to " + to.wireName());
            }
            if (entry.state != ReservationState.OPEN) {
                return false;
            }
            for (Node node : entry.chain) {
                node.roll(now);
            }
            entry.giveBack(actual);
            entry.state = to;
        } finally {
            lock.unlock();
        }
        try {
            journal.reservationClosed(callId, to, now);
        } catch (RuntimeException e) {
            // The money is already back in memory; the open row is reconciled when the ledger reopens.
            LOG.warn(
                    "could not record that the reservation of call {} was {}: {}", callId, to.wireName(), e.toString());
        }
        return true;
    }

    @Override
    public Optional<ReservationState> stateOf(String callId) {
        lock.lock();
        try {
            Entry entry = reservations.get(callId);
            return entry == null ? Optional.empty() : Optional.of(entry.state);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public BudgetState snapshot(String budgetId) {
        Instant now = clock.instant();
        lock.lock();
        try {
            Node node = nodes.get(budgetId);
            if (node == null) {
                throw new UnknownBudgetException(budgetId, "(asked for a snapshot)");
            }
            node.roll(now);
            return new BudgetState(
                    node.spec, node.windowStart, node.reserved, node.spent, node.open, node.peakCommittedUsd);
        } finally {
            lock.unlock();
        }
    }

    private List<Node> chain(String budgetId, String what) {
        Node node = nodes.get(budgetId);
        if (node == null) {
            throw new UnknownBudgetException(budgetId, what);
        }
        List<Node> chain = new ArrayList<>(4);
        for (Node n = node; n != null; n = n.parent) {
            chain.add(n);
        }
        return chain;
    }

    private static Amount worstCase(ModelSpec model, long inputTokens, long maxOutputTokens) {
        Cost cost = Pricing.worstCase(model, inputTokens, maxOutputTokens);
        return new Amount(cost.usd(), Math.addExact(inputTokens, maxOutputTokens), cost.quotaUnits());
    }

    private static @Nullable Shortfall firstShortfall(List<Node> chain, Amount worst) {
        for (Node node : chain) {
            BudgetLimits limits = node.spec.limits();
            Amount committed = node.reserved.plus(node.spent);
            if (limits.usd() != null && committed.usd().add(worst.usd()).compareTo(limits.usd()) > 0) {
                return new Shortfall(node.spec, Dimension.USD, limits.usd(), committed.usd(), worst.usd());
            }
            if (limits.tokens() != null && committed.tokens() + worst.tokens() > limits.tokens()) {
                return new Shortfall(
                        node.spec,
                        Dimension.TOKENS,
                        BigDecimal.valueOf(limits.tokens()),
                        BigDecimal.valueOf(committed.tokens()),
                        BigDecimal.valueOf(worst.tokens()));
            }
            if (limits.quotaUnits() != null
                    && committed.quotaUnits().add(worst.quotaUnits()).compareTo(limits.quotaUnits()) > 0) {
                return new Shortfall(
                        node.spec,
                        Dimension.QUOTA_UNITS,
                        limits.quotaUnits(),
                        committed.quotaUnits(),
                        worst.quotaUnits());
            }
        }
        return null;
    }

    /**
     * The largest max output whose worst case fits every budget in the chain, or -1 when not even
     * the input fits. The worst case is linear in max output for a fixed input (the long-context
     * tier depends on the input alone), so each limit gives its bound by one exact division.
     */
    private static long largestFittingOutput(List<Node> chain, ModelSpec model, ReservationRequest request) {
        long input = request.inputTokens();
        Amount base = worstCase(model, input, 0);
        Amount perToken = worstCase(model, input, 1).minus(base);
        long best = request.maxOutputTokens();
        for (Node node : chain) {
            BudgetLimits limits = node.spec.limits();
            Amount committed = node.reserved.plus(node.spent);
            if (limits.usd() != null) {
                best = Math.min(best, bound(limits.usd().subtract(committed.usd()), base.usd(), perToken.usd()));
            }
            if (limits.tokens() != null) {
                best = Math.min(best, limits.tokens() - committed.tokens() - input);
            }
            if (limits.quotaUnits() != null) {
                best = Math.min(
                        best,
                        bound(
                                limits.quotaUnits().subtract(committed.quotaUnits()),
                                base.quotaUnits(),
                                perToken.quotaUnits()));
            }
        }
        // Belt and braces: the result must pass the same check a plain reservation passes.
        while (best >= 1 && firstShortfall(chain, worstCase(model, input, best)) != null) {
            best--;
        }
        return best < 1 ? -1 : best;
    }

    private static long bound(BigDecimal remaining, BigDecimal base, BigDecimal perToken) {
        BigDecimal left = remaining.subtract(base);
        if (left.signum() < 0) {
            return -1;
        }
        if (perToken.signum() == 0) {
            return Long.MAX_VALUE;
        }
        BigDecimal tokens = left.divide(perToken, 0, RoundingMode.FLOOR);
        return tokens.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : tokens.longValueExact();
    }

    /** One budget's balances; guarded by the lock. */
    private static final class Node {
        BudgetSpec spec;
        final @Nullable Node parent;
        Instant windowStart;
        Amount reserved = Amount.ZERO;
        Amount spent = Amount.ZERO;
        int open;
        BigDecimal peakCommittedUsd = BigDecimal.ZERO;

        Node(BudgetSpec spec, @Nullable Node parent, Instant windowStart) {
            this.spec = spec;
            this.parent = parent;
            this.windowStart = windowStart;
        }

        void roll(Instant now) {
            Instant start = spec.window().start(now);
            if (start.isAfter(windowStart)) {
                windowStart = start;
                spent = Amount.ZERO;
            }
        }
    }

    /** One call's reservation; its state is guarded by the lock. */
    private static final class Entry {
        final Reservation handle;
        final List<Node> chain;
        final Amount worst;
        ReservationState state = ReservationState.OPEN;

        Entry(Reservation handle, List<Node> chain, Amount worst) {
            this.handle = handle;
            this.chain = List.copyOf(chain);
            this.worst = worst;
        }

        void giveBack(@Nullable Amount actual) {
            for (Node node : chain) {
                node.reserved = node.reserved.minus(worst);
                node.open--;
                if (actual != null) {
                    node.spent = node.spent.plus(actual);
                }
            }
            state = ReservationState.RELEASED;
        }
    }

    private record Shortfall(
            BudgetSpec budget, Dimension dimension, BigDecimal limit, BigDecimal committed, BigDecimal worst) {
        BudgetExceededException refuse(ReservationRequest request, long fitting) {
            String detail = request.model().id() + ": " + request.inputTokens() + " input + "
                    + request.maxOutputTokens() + " max output tokens";
            if (request.clampAllowed()) {
                detail += fitting < 1
                        ? "; no max output fits"
                        : "; clamping would leave " + fitting + " output tokens, below the minimum "
                                + request.minOutputTokens();
            }
            return new BudgetExceededException(
                    request.callId(),
                    budget.id(),
                    dimension,
                    limit,
                    limit.subtract(committed).max(BigDecimal.ZERO),
                    worst,
                    detail);
        }
    }
}
