package dev.flotilla.metering;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a call sits, for the ledger: its run and spans, why it was routed, the budget charged.
 *
 * @param runId the run, or null (a gateway call outside any run)
 * @param spanId the call's span, or null
 * @param parentSpanId the span that made the call, or null
 * @param routingReason the router's reason, empty when not routed
 * @param budgetId the budget charged, or null
 */
public record CallContext(
        @Nullable String runId,
        @Nullable String spanId,
        @Nullable String parentSpanId,
        String routingReason,
        @Nullable String budgetId) {

    /** No run, no spans, not routed, no budget. */
    public static final CallContext NONE = new CallContext(null, null, null, "", null);

    public CallContext {
        Objects.requireNonNull(routingReason, "routingReason");
    }
}
