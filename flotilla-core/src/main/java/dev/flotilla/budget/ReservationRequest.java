package dev.flotilla.budget;

import dev.flotilla.catalog.ModelSpec;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a call asks a budget to hold before it is sent.
 *
 * @param callId the call's id; reservations are idempotent by it
 * @param budgetId the budget the call is charged to (its ancestors are charged too)
 * @param runId the run the call belongs to, or null (recorded for crash reconciliation)
 * @param model the model the call goes to; its prices give the worst case
 * @param inputTokens the prompt's tokens (all counted as uncached for the worst case)
 * @param maxOutputTokens the most output tokens the call may produce
 * @param minOutputTokens when at least 1, the caller accepts a max output clamped down to fit the
 *     budget, but no lower than this; 0 refuses instead of clamping
 */
public record ReservationRequest(
        String callId,
        String budgetId,
        @Nullable String runId,
        ModelSpec model,
        long inputTokens,
        long maxOutputTokens,
        long minOutputTokens) {

    public ReservationRequest {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(budgetId, "budgetId");
        Objects.requireNonNull(model, "model");
        if (callId.isBlank() || callId.length() > 200) {
            throw new IllegalArgumentException("a call id must be 1 to 200 characters, got '" + callId + "'");
        }
        if (inputTokens < 0) {
            throw new IllegalArgumentException("inputTokens must not be negative, got " + inputTokens);
        }
        if (maxOutputTokens <= 0) {
            throw new IllegalArgumentException("maxOutputTokens must be positive, got " + maxOutputTokens);
        }
        if (minOutputTokens < 0 || minOutputTokens > maxOutputTokens) {
            throw new IllegalArgumentException("minOutputTokens must be between 0 (no clamping) and maxOutputTokens "
                    + maxOutputTokens + ", got " + minOutputTokens);
        }
    }

    /** A request that is refused rather than clamped when its worst case does not fit. */
    public static ReservationRequest of(
            String callId, String budgetId, ModelSpec model, long inputTokens, long maxOutputTokens) {
        return new ReservationRequest(callId, budgetId, null, model, inputTokens, maxOutputTokens, 0);
    }

    /** The same request, accepting a max output clamped down to fit, but not below {@code minimum}. */
    public ReservationRequest allowingClampTo(long minimum) {
        if (minimum < 1) {
            throw new IllegalArgumentException("the clamp minimum must be at least 1 output token, got " + minimum);
        }
        return new ReservationRequest(callId, budgetId, runId, model, inputTokens, maxOutputTokens, minimum);
    }

    /** The same request, recorded as part of this run. */
    public ReservationRequest inRun(String run) {
        return new ReservationRequest(callId, budgetId, run, model, inputTokens, maxOutputTokens, minOutputTokens);
    }

    /** Whether the caller accepts a clamped max output. */
    public boolean clampAllowed() {
        return minOutputTokens > 0;
    }
}
