package dev.flotilla.sim;

import dev.flotilla.metering.Usage;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.RateLimitSnapshot;
import dev.flotilla.provider.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the simulator decided for one call, before any of it is played out. Both faces play the
 * same plan: the in-process provider as stream events, the HTTP server as wire responses. Delays
 * are already scaled by the simulator's speed.
 */
public sealed interface SimPlan {

    /** The simulated request id ({@code x-request-id}). */
    String requestId();

    /** The model the call named. */
    String model();

    /** The rate-limit state to report ({@code x-ratelimit-*}). */
    RateLimitSnapshot rateLimits();

    /**
     * The call fails before any output.
     *
     * @param error the typed error (its status and message are what the HTTP face answers)
     * @param delay how long to wait before failing (a timeout waits; others fail at once)
     */
    record Refused(
            String requestId, String model, ProviderException error, RateLimitSnapshot rateLimits, Duration delay)
            implements SimPlan {
        public Refused {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(rateLimits, "rateLimits");
            Objects.requireNonNull(delay, "delay");
        }
    }

    /**
     * The call answers; text chunks are paced from {@code firstTokenAt} at one visible token every
     * {@code tokenInterval}, then the tool calls follow.
     *
     * @param text the whole answer text
     * @param chunks stream pieces that concatenate to {@code text}
     * @param toolCalls the tool calls, after the text
     * @param finishReason {@code stop}, {@code length} or {@code tool_calls}
     * @param usage the tokens the whole answer consumes
     * @param textTokens the output tokens of the text (usage's output also holds reasoning and tool calls)
     * @param firstTokenAt from the request to the first output (headers, prefill and reasoning)
     * @param tokenInterval the time per visible output token
     * @param midStreamFault a fault that breaks the answer once started ({@link Fault.BrokenStream},
     *     {@link Fault.StreamError} or {@link Fault.MalformedJson}), or null
     * @param cutAtChunk with a mid-stream fault, how many chunks are delivered before it
     */
    record Answer(
            String requestId,
            String model,
            String text,
            List<String> chunks,
            List<ToolCall> toolCalls,
            String finishReason,
            Usage usage,
            long textTokens,
            RateLimitSnapshot rateLimits,
            Duration firstTokenAt,
            Duration tokenInterval,
            @Nullable Fault midStreamFault,
            int cutAtChunk)
            implements SimPlan {

        public Answer {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(text, "text");
            chunks = List.copyOf(chunks);
            toolCalls = List.copyOf(toolCalls);
            Objects.requireNonNull(finishReason, "finishReason");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(rateLimits, "rateLimits");
            Objects.requireNonNull(firstTokenAt, "firstTokenAt");
            Objects.requireNonNull(tokenInterval, "tokenInterval");
            if (!String.join("", chunks).equals(text)) {
                throw new IllegalArgumentException("chunks must concatenate to the text");
            }
            if (textTokens < 0 || textTokens > usage.outputTokens() - usage.reasoningTokens()) {
                throw new IllegalArgumentException("textTokens must be 0 to the visible output "
                        + (usage.outputTokens() - usage.reasoningTokens()) + ", got " + textTokens);
            }
            if (cutAtChunk < 0 || cutAtChunk > chunks.size()) {
                throw new IllegalArgumentException(
                        "cutAtChunk must be 0 to " + chunks.size() + " (the chunk count), got " + cutAtChunk);
            }
            if (midStreamFault != null
                    && !(midStreamFault instanceof Fault.BrokenStream
                            || midStreamFault instanceof Fault.StreamError
                            || midStreamFault instanceof Fault.MalformedJson)) {
                throw new IllegalArgumentException("not a mid-stream fault: " + midStreamFault);
            }
        }

        /** When chunk {@code index} (0-based) is due, from the request; {@code chunks().size()} gives the end of the text. */
        public Duration chunkAt(int index) {
            long tokensBefore = chunks.isEmpty() ? 0 : Math.round((double) textTokens * index / chunks.size());
            return firstTokenAt.plus(tokenInterval.multipliedBy(tokensBefore));
        }

        /** When the whole answer, tool calls included, has been written. */
        public Duration end() {
            long visible = usage.outputTokens() - usage.reasoningTokens();
            return firstTokenAt.plus(tokenInterval.multipliedBy(Math.max(0, visible - 1)));
        }

        /**
         * The usage to report when the answer breaks after {@code deliveredChunks} chunks: all the input
         * and reasoning, and the delivered share of the visible output.
         */
        public Usage usageAfter(int deliveredChunks) {
            long delivered = chunks.isEmpty() ? 0 : Math.round((double) textTokens * deliveredChunks / chunks.size());
            long output = usage.reasoningTokens() + delivered;
            return new Usage(usage.inputTokens(), usage.cachedInputTokens(), output, usage.reasoningTokens());
        }
    }
}
