package dev.flotilla.provider;

import dev.flotilla.metering.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A model's finished answer.
 *
 * @param callId the call answered
 * @param servedModel the model id the provider says served it
 * @param text the answer text (empty when the model only called tools)
 * @param toolCalls the function calls it asked for
 * @param finishReason {@code stop}, {@code length}, {@code tool_calls}, {@code content_filter}, ...
 * @param usage tokens consumed
 * @param usageEstimated true when the provider reported no usage and Flotilla counted it itself
 * @param providerRequestId the provider's request id ({@code x-request-id}), if any
 * @param rateLimits the rate-limit headers seen
 * @param timeToFirstToken from sending the request to the first output
 * @param latency from sending the request to the end of the answer
 */
public record ModelResult(
        String callId,
        String servedModel,
        String text,
        List<ToolCall> toolCalls,
        String finishReason,
        Usage usage,
        boolean usageEstimated,
        @Nullable String providerRequestId,
        RateLimitSnapshot rateLimits,
        Duration timeToFirstToken,
        Duration latency) {

    public ModelResult {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(servedModel, "servedModel");
        Objects.requireNonNull(text, "text");
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
        Objects.requireNonNull(latency, "latency");
    }
}
