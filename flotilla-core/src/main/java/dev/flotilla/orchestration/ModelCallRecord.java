package dev.flotilla.orchestration;

import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Usage;
import dev.flotilla.routing.TaskKind;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one model-call attempt did, as the trace and the ledger record it.
 *
 * @param callId the attempt's call id (unique; metered once)
 * @param kind the task kind it served
 * @param requestedModel the model the caller or router asked for first
 * @param servedModel the model that answered
 * @param reason why this model: the routing reason, or the fallback/downgrade/escalation reason
 * @param usage tokens, cached included
 * @param cost exact USD and quota units
 * @param estimated whether the usage is Flotilla's estimate (no usage reported)
 * @param timeToFirstToken time to the first output
 * @param providerRequestId the provider's request id, if any
 */
public record ModelCallRecord(
        String callId,
        TaskKind kind,
        String requestedModel,
        String servedModel,
        String reason,
        Usage usage,
        Cost cost,
        boolean estimated,
        Duration timeToFirstToken,
        @Nullable String providerRequestId) {

    public ModelCallRecord {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requestedModel, "requestedModel");
        Objects.requireNonNull(servedModel, "servedModel");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
    }
}
