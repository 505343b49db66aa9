package dev.flotilla.routing;

import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.provider.ModelCall;
import java.util.Objects;

/**
 * One attempt of a routed call, as the {@link AttemptHook} sees it.
 *
 * @param callId this attempt's own id, {@code <logical call id>#<n>}; budgets and metering are
 *     idempotent by it
 * @param logicalCallId the id of the call the caller made
 * @param number 1 for the first attempt, counting retries, fallbacks and escalations
 * @param cause why this attempt happens: {@code route}, {@code retry}, {@code fallback} or
 *     {@code escalation}
 * @param reason the routing or retry reason in words
 * @param model the model this attempt goes to
 * @param call the request sent (model and call id already set)
 * @param kind what the call is for
 * @param requirements what it needs (the estimated input and output cap for a reservation)
 */
public record Attempt(
        String callId,
        String logicalCallId,
        int number,
        String cause,
        String reason,
        ModelSpec model,
        ModelCall call,
        TaskKind kind,
        Requirements requirements) {
    public Attempt {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(logicalCallId, "logicalCallId");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requirements, "requirements");
    }

    /** The same attempt carrying another request (a hook lowered its output cap). */
    public Attempt withCall(ModelCall other) {
        return new Attempt(callId, logicalCallId, number, cause, reason, model, other, kind, requirements);
    }
}
