package dev.flotilla.metering;

import dev.flotilla.budget.BudgetExceededException;
import dev.flotilla.budget.Budgets;
import dev.flotilla.budget.Reservation;
import dev.flotilla.budget.ReservationRequest;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.StreamEvent;
import dev.flotilla.routing.Attempt;
import dev.flotilla.routing.AttemptHook;
import dev.flotilla.routing.AttemptOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The escrow and metering around every attempt of a routed call: before it is sent, its worst case
 * is reserved against its budget and every ancestor (a call that does not fit is refused, or its
 * output cap clamped where the scope allows); after it, whatever the outcome, it is priced, written
 * to the ledger and the reservation settled, so nothing is lost or counted twice.
 */
public final class MeteringHook implements AttemptHook {

    /**
     * Where an attempt's spend goes.
     *
     * @param context run, spans and budget recorded with the call
     * @param minOutputTokens when positive, the output cap may be clamped down to fit the budget
     *     but not below this; 0 refuses instead
     */
    public record Scope(CallContext context, long minOutputTokens) {
        public Scope {
            Objects.requireNonNull(context, "context");
            if (minOutputTokens < 0) {
                throw new IllegalArgumentException("minOutputTokens must not be negative, got " + minOutputTokens);
            }
        }
    }

    /** Finds an attempt's scope (by its logical call id, say); null means no budget, metering only. */
    @FunctionalInterface
    public interface ScopeResolver {
        @Nullable
        Scope scopeOf(Attempt attempt);
    }

    private record Open(@Nullable Reservation reservation, Scope scope, Instant startedAt) {}

    private final Budgets budgets;
    private final Meter meter;
    private final Clock clock;
    private final ScopeResolver scopes;
    private final Map<String, Open> open = new ConcurrentHashMap<>();

    /** Creates a hook charging {@code budgets} and recording through {@code meter}. */
    public MeteringHook(Budgets budgets, Meter meter, Clock clock, ScopeResolver scopes) {
        this.budgets = Objects.requireNonNull(budgets, "budgets");
        this.meter = Objects.requireNonNull(meter, "meter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scopes = Objects.requireNonNull(scopes, "scopes");
    }

    @Override
    public Admission before(Attempt attempt) {
        Scope scope = scopes.scopeOf(attempt);
        if (scope == null) {
            scope = new Scope(new CallContext(null, null, null, attempt.reason(), null), 0);
        }
        Reservation reservation = null;
        ModelCall call = attempt.call();
        String budgetId = scope.context().budgetId();
        if (budgetId != null) {
            ReservationRequest request = ReservationRequest.of(
                    attempt.callId(),
                    budgetId,
                    attempt.model(),
                    attempt.requirements().estimatedInputTokens(),
                    call.maxOutputTokens());
            if (scope.context().runId() != null) {
                request = request.inRun(scope.context().runId());
            }
            if (scope.minOutputTokens() > 0) {
                request = request.allowingClampTo(Math.min(scope.minOutputTokens(), call.maxOutputTokens()));
            }
            try {
                reservation = budgets.reserve(request);
            } catch (BudgetExceededException e) {
                return new Admission.Refuse(e.getMessage());
            }
            call = call.withMaxOutputTokens(reservation.maxOutputTokens());
        }
        open.put(attempt.callId(), new Open(reservation, scope, clock.instant()));
        return new Admission.Proceed(call);
    }

    @Override
    public void after(Attempt attempt, AttemptOutcome outcome) {
        Open state = open.remove(attempt.callId());
        if (state == null) {
            return;
        }
        Reservation reservation = state.reservation();
        try {
            CallContext context = withReason(state.scope().context(), attempt);
            long input = attempt.requirements().estimatedInputTokens();
            Duration latency = Duration.between(state.startedAt(), clock.instant());
            CallReport report = switch (outcome) {
                case AttemptOutcome.Succeeded s ->
                    CallReport.completed(attempt.call(), s.result(), context, input, state.startedAt());
                // A rejected answer was still paid for.
                case AttemptOutcome.Rejected r ->
                    CallReport.completed(attempt.call(), r.result(), context, input, state.startedAt());
                case AttemptOutcome.Failed f ->
                    CallReport.failed(
                            attempt.call(),
                            new StreamEvent.Failed(f.error(), f.usage(), f.usageEstimated(), f.receivedOutput()),
                            context,
                            input,
                            f.usage().outputTokens(),
                            state.startedAt(),
                            latency);
                // Refused by a later hook before sending: nothing was consumed or recorded.
                case AttemptOutcome.Refused r -> null;
            };
            if (report != null) {
                meter.record(report, reservation);
            }
        } finally {
            if (reservation != null) {
                reservation.close(); // releases whatever was not settled
            }
        }
    }

    private static CallContext withReason(CallContext context, Attempt attempt) {
        String reason =
                context.routingReason().isEmpty() ? attempt.cause() + ": " + attempt.reason() : context.routingReason();
        return new CallContext(context.runId(), context.spanId(), context.parentSpanId(), reason, context.budgetId());
    }
}
