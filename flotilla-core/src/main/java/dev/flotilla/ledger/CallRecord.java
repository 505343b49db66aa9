package dev.flotilla.ledger;

import dev.flotilla.budget.ReservationRecord;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Usage;
import dev.flotilla.routing.TaskKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One model call as the ledger keeps it. Never holds prompts, answers or secrets.
 *
 * @param callId unique; recording the same call id twice changes nothing
 * @param runId the run it belongs to, or null (a gateway call outside any run)
 * @param spanId its span in the run's trace, or null
 * @param parentSpanId the span that made it (a subtask, the plan), or null
 * @param taskKind what it was for, or null when unknown
 * @param requestedModel the model asked for (or the route alias resolved)
 * @param servedModel the model the provider says served it (the requested one when it never answered)
 * @param routingReason why the router chose the model, empty when it was not routed
 * @param usage the tokens consumed, as reported or estimated
 * @param cost what the usage cost, priced from the catalog
 * @param estimated whether the usage is Flotilla's estimate (no usage reported, a broken stream)
 * @param latency from sending the request to its end
 * @param outcome how it ended
 * @param providerRequestId the provider's request id, or null
 * @param budgetId the budget it was charged to, or null
 * @param startedAt when it was sent
 */
public record CallRecord(
        String callId,
        @Nullable String runId,
        @Nullable String spanId,
        @Nullable String parentSpanId,
        @Nullable TaskKind taskKind,
        String requestedModel,
        String servedModel,
        String routingReason,
        Usage usage,
        Cost cost,
        boolean estimated,
        Duration latency,
        CallOutcome outcome,
        @Nullable String providerRequestId,
        @Nullable String budgetId,
        Instant startedAt) {

    public CallRecord {
        Objects.requireNonNull(callId, "callId");
        if (callId.isBlank() || callId.length() > 200) {
            throw new IllegalArgumentException("a call id must be 1 to 200 characters, got '" + callId + "'");
        }
        Objects.requireNonNull(requestedModel, "requestedModel");
        Objects.requireNonNull(servedModel, "servedModel");
        Objects.requireNonNull(routingReason, "routingReason");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /**
     * The record reconciliation writes for a call whose process died while it was in flight: no
     * usage is known, so it costs nothing here and is flagged estimated; its reservation keeps the
     * worst case as evidence.
     */
    public static CallRecord abandoned(ReservationRecord reservation) {
        return new CallRecord(
                reservation.callId(),
                reservation.runId(),
                null,
                null,
                null,
                reservation.modelId(),
                reservation.modelId(),
                "",
                Usage.ZERO,
                Cost.ZERO,
                true,
                Duration.ZERO,
                CallOutcome.ABANDONED,
                null,
                reservation.budgetId(),
                reservation.createdAt());
    }

    /** The UTC day it started on. */
    public LocalDate day() {
        return LocalDate.ofInstant(startedAt, ZoneOffset.UTC);
    }
}
