package dev.flotilla.budget;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A reservation as the ledger keeps it, so that a crash leaves evidence to reconcile.
 *
 * @param callId the call it holds money for
 * @param budgetId the budget charged (ancestors included)
 * @param runId the call's run, or null
 * @param modelId the model priced
 * @param inputTokens the prompt tokens reserved for
 * @param maxOutputTokens the max output reserved for (after clamping)
 * @param worstCase the amount held
 * @param state open, settled or released
 * @param createdAt when it was reserved
 * @param closedAt when it was settled or released, or null while open
 */
public record ReservationRecord(
        String callId,
        String budgetId,
        @Nullable String runId,
        String modelId,
        long inputTokens,
        long maxOutputTokens,
        Amount worstCase,
        ReservationState state,
        Instant createdAt,
        @Nullable Instant closedAt) {

    public ReservationRecord {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(budgetId, "budgetId");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(worstCase, "worstCase");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        if ((state == ReservationState.OPEN) != (closedAt == null)) {
            throw new IllegalArgumentException("a reservation has a closing time exactly when it is not open; state "
                    + state + ", closedAt " + closedAt);
        }
    }

    /** The same record, closed in this state at this time. */
    public ReservationRecord closed(ReservationState closedState, Instant at) {
        if (closedState == ReservationState.OPEN) {
            throw new IllegalArgumentException("a reservation closes as settled or released, not open");
        }
        return new ReservationRecord(
                callId, budgetId, runId, modelId, inputTokens, maxOutputTokens, worstCase, closedState, createdAt, at);
    }
}
