package dev.flotilla.metering;

import dev.flotilla.ledger.CallOutcome;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.StreamEvent;
import dev.flotilla.routing.TaskKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the caller knows about a finished or broken call, for the {@link Meter}.
 *
 * @param callId the call's id
 * @param context run, spans, routing reason and budget
 * @param taskKind what it was for, or null
 * @param requestedModel the model it was sent to
 * @param servedModel the model the provider says served it, or null when it never answered
 * @param usage the usage the provider reported, or null when it reported none
 * @param usageEstimated whether {@code usage} is already an estimate (a provider's count of a
 *     broken stream)
 * @param seenInputTokens the prompt's tokens as counted before sending (the estimate's input)
 * @param seenOutputTokens the output tokens that reached the caller (the estimate's output)
 * @param toolCalls hosted tool calls by tool, priced per call
 * @param outcome how it ended
 * @param providerRequestId the provider's request id, or null
 * @param startedAt when it was sent
 * @param latency from sending to the end
 */
public record CallReport(
        String callId,
        CallContext context,
        @Nullable TaskKind taskKind,
        String requestedModel,
        @Nullable String servedModel,
        @Nullable Usage usage,
        boolean usageEstimated,
        long seenInputTokens,
        long seenOutputTokens,
        Map<String, Long> toolCalls,
        CallOutcome outcome,
        @Nullable String providerRequestId,
        Instant startedAt,
        Duration latency) {

    public CallReport {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(requestedModel, "requestedModel");
        if (seenInputTokens < 0 || seenOutputTokens < 0) {
            throw new IllegalArgumentException("seen token counts must not be negative, got input " + seenInputTokens
                    + " and output " + seenOutputTokens);
        }
        toolCalls = Map.copyOf(toolCalls);
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == CallOutcome.ABANDONED) {
            throw new IllegalArgumentException("abandoned calls are recorded by reconciliation, not reported");
        }
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(latency, "latency");
    }

    /** A call that completed: the provider's result, with its usage (estimated when it sent none). */
    public static CallReport completed(
            ModelCall call, ModelResult result, CallContext context, long seenInputTokens, Instant startedAt) {
        return new CallReport(
                call.callId(),
                context,
                call.taskKind(),
                call.model(),
                result.servedModel(),
                result.usage(),
                result.usageEstimated(),
                seenInputTokens,
                result.usage().outputTokens(),
                Map.of(),
                CallOutcome.SUCCEEDED,
                result.providerRequestId(),
                startedAt,
                result.latency());
    }

    /** A call whose stream ended with {@link StreamEvent.Failed}: usage so far, outcome by error. */
    public static CallReport failed(
            ModelCall call,
            StreamEvent.Failed failed,
            CallContext context,
            long seenInputTokens,
            long seenOutputTokens,
            Instant startedAt,
            Duration latency) {
        ProviderException error = failed.error();
        return new CallReport(
                call.callId(),
                context,
                call.taskKind(),
                call.model(),
                null,
                failed.usageSoFar(),
                failed.usageEstimated(),
                seenInputTokens,
                seenOutputTokens,
                Map.of(),
                outcomeOf(error),
                error.requestId().orElse(null),
                startedAt,
                latency);
    }

    /**
     * A call cut off by the caller without a terminal event (timeout, cancellation, client
     * disconnect): no usage is known, so it is estimated from the tokens seen.
     */
    public static CallReport interrupted(
            ModelCall call,
            CallOutcome outcome,
            CallContext context,
            long seenInputTokens,
            long seenOutputTokens,
            Instant startedAt,
            Duration latency) {
        return new CallReport(
                call.callId(),
                context,
                call.taskKind(),
                call.model(),
                null,
                null,
                true,
                seenInputTokens,
                seenOutputTokens,
                Map.of(),
                outcome,
                null,
                startedAt,
                latency);
    }

    /** The ledger outcome a provider error stands for. */
    public static CallOutcome outcomeOf(ProviderException error) {
        return switch (error) {
            case ProviderException.Timeout t -> CallOutcome.TIMED_OUT;
            case ProviderException.Cancelled c -> CallOutcome.CANCELLED;
            case ProviderException.BrokenStream b -> CallOutcome.BROKEN_STREAM;
            case ProviderException.RateLimited r -> CallOutcome.FAILED;
            case ProviderException.InsufficientQuota q -> CallOutcome.FAILED;
            case ProviderException.ContextTooLong c -> CallOutcome.FAILED;
            case ProviderException.InvalidRequest i -> CallOutcome.FAILED;
            case ProviderException.AuthenticationFailed a -> CallOutcome.FAILED;
            case ProviderException.ServerError s -> CallOutcome.FAILED;
        };
    }
}
