package dev.flotilla.routing;

import dev.flotilla.catalog.Capability;
import dev.flotilla.catalog.Modality;
import dev.flotilla.metering.TokenCounter;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ToolCall;
import dev.flotilla.provider.ToolSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a call needs from the model that serves it.
 *
 * @param inputModalities the kinds of input the call carries (text is always implied)
 * @param capabilities what the model must be able to do (tools, structured output, ...)
 * @param estimatedInputTokens the prompt size, counted or estimated before the call
 * @param maxOutputTokens the most output (reasoning included) the call may produce; also the
 *     output figure of the expected cost
 * @param latencyBudget the longest the whole call may take, queueing included, or null for none
 * @param priceCapUsd the most the call may be expected to cost in USD, or null for no cap
 */
public record Requirements(
        Set<Modality> inputModalities,
        Set<Capability> capabilities,
        long estimatedInputTokens,
        long maxOutputTokens,
        @Nullable Duration latencyBudget,
        @Nullable BigDecimal priceCapUsd) {

    /** Text in, 1,000 input tokens, 1,000 output tokens, no latency budget, no price cap. */
    public static final Requirements DEFAULT = of(1_000, 1_000);

    public Requirements {
        inputModalities = inputModalities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(inputModalities));
        capabilities = Set.copyOf(capabilities);
        if (estimatedInputTokens < 0) {
            throw new IllegalArgumentException(
                    "estimated input tokens must not be negative, got " + estimatedInputTokens);
        }
        if (maxOutputTokens <= 0) {
            throw new IllegalArgumentException("max output tokens must be positive, got " + maxOutputTokens);
        }
        if (latencyBudget != null && (latencyBudget.isNegative() || latencyBudget.isZero())) {
            throw new IllegalArgumentException("latency budget must be positive, got " + latencyBudget);
        }
        if (priceCapUsd != null && priceCapUsd.signum() < 0) {
            throw new IllegalArgumentException("price cap must not be negative, got " + priceCapUsd.toPlainString());
        }
    }

    /** Text only, no capabilities, no latency budget, no price cap. */
    public static Requirements of(long estimatedInputTokens, long maxOutputTokens) {
        return new Requirements(Set.of(), Set.of(), estimatedInputTokens, maxOutputTokens, null, null);
    }

    /** The tokens a call counts against a tokens-per-minute limit: input plus the output cap. */
    public long rateLimitTokens() {
        return Math.addExact(estimatedInputTokens, maxOutputTokens);
    }

    /** The latency budget, when there is one. */
    public Optional<Duration> latency() {
        return Optional.ofNullable(latencyBudget);
    }

    /** The price cap, when there is one. */
    public Optional<BigDecimal> priceCap() {
        return Optional.ofNullable(priceCapUsd);
    }

    /** The same requirements with these capabilities. */
    public Requirements withCapabilities(Set<Capability> needed) {
        return new Requirements(
                inputModalities, needed, estimatedInputTokens, maxOutputTokens, latencyBudget, priceCapUsd);
    }

    /** The same requirements with these input modalities. */
    public Requirements withInputModalities(Set<Modality> needed) {
        return new Requirements(
                needed, capabilities, estimatedInputTokens, maxOutputTokens, latencyBudget, priceCapUsd);
    }

    /** The same requirements with this latency budget (null for none). */
    public Requirements withLatencyBudget(@Nullable Duration budget) {
        return new Requirements(
                inputModalities, capabilities, estimatedInputTokens, maxOutputTokens, budget, priceCapUsd);
    }

    /** The same requirements with this price cap in USD (null for none). */
    public Requirements withPriceCap(@Nullable BigDecimal capUsd) {
        return new Requirements(
                inputModalities, capabilities, estimatedInputTokens, maxOutputTokens, latencyBudget, capUsd);
    }

    /**
     * What a call needs: its prompt counted with {@code tokens} (messages, tool calls, tool specs and
     * the response schema), its output cap, function calling when it offers tools, structured output
     * when it has a response schema, and image input when a message carries an image.
     */
    public static Requirements forCall(ModelCall call, TokenCounter tokens) {
        long input = 0;
        for (Message message : call.messages()) {
            input += TokenCounter.MESSAGE_OVERHEAD_TOKENS + tokens.count(message.text());
            for (ToolCall toolCall : message.toolCalls()) {
                input += tokens.count(toolCall.name()) + tokens.count(toolCall.argumentsJson());
            }
        }
        for (ToolSpec tool : call.tools()) {
            input += tokens.count(tool.name())
                    + tokens.count(tool.description())
                    + tokens.count(tool.parameters().toString());
        }
        if (call.responseSchema() != null) {
            input += tokens.count(call.responseSchema().schema().toString());
        }
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        if (!call.tools().isEmpty()) {
            capabilities.add(Capability.FUNCTION_CALLING);
        }
        if (call.responseSchema() != null) {
            capabilities.add(Capability.STRUCTURED_OUTPUT);
        }
        Requirements requirements = of(input, call.maxOutputTokens()).withCapabilities(capabilities);
        return call.hasImageInput() ? requirements.withInputModalities(Set.of(Modality.IMAGE)) : requirements;
    }
}
