package dev.flotilla.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.routing.TaskKind;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request to one model, in Flotilla's canonical form. Providers translate it to their wire
 * protocol.
 *
 * @param callId unique per logical call; metering and budgets are idempotent by it
 * @param model the catalog id of the model to call
 * @param messages the conversation, oldest first
 * @param tools functions the model may call
 * @param toolChoice whether and which tools it must call
 * @param responseSchema structured output schema, or null for free text
 * @param maxOutputTokens the most output tokens (reasoning included) the call may produce
 * @param reasoningEffort reasoning effort, or null for the model's default
 * @param taskKind what the call is for, or null when unknown (routing, traces, simulator scenarios)
 * @param extra unknown request fields to relay untouched (the gateway's pass-through), or null
 */
public record ModelCall(
        String callId,
        String model,
        List<Message> messages,
        List<ToolSpec> tools,
        ToolChoice toolChoice,
        @Nullable ResponseSchema responseSchema,
        long maxOutputTokens,
        @Nullable ReasoningEffort reasoningEffort,
        @Nullable TaskKind taskKind,
        @Nullable ObjectNode extra) {

    public ModelCall {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(toolChoice, "toolChoice");
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a model call needs at least one message");
        }
        if (maxOutputTokens <= 0) {
            throw new IllegalArgumentException("maxOutputTokens must be positive, got " + maxOutputTokens);
        }
    }

    /** A plain text call: the given messages, no tools, free-text answer. */
    public static ModelCall of(String callId, String model, List<Message> messages, long maxOutputTokens) {
        return new ModelCall(
                callId, model, messages, List.of(), ToolChoice.AUTO, null, maxOutputTokens, null, null, null);
    }

    /** The same call sent to another model (fallback, downgrade, escalation keep the rest). */
    public ModelCall withModel(String otherModel) {
        return new ModelCall(
                callId,
                otherModel,
                messages,
                tools,
                toolChoice,
                responseSchema,
                maxOutputTokens,
                reasoningEffort,
                taskKind,
                extra);
    }

    /** The same call under another call id (a retry that is metered as its own attempt). */
    public ModelCall withCallId(String otherCallId) {
        return new ModelCall(
                otherCallId,
                model,
                messages,
                tools,
                toolChoice,
                responseSchema,
                maxOutputTokens,
                reasoningEffort,
                taskKind,
                extra);
    }

    /** The same call with another output cap (a budget clamp). */
    public ModelCall withMaxOutputTokens(long otherMax) {
        return new ModelCall(
                callId, model, messages, tools, toolChoice, responseSchema, otherMax, reasoningEffort, taskKind, extra);
    }

    /** Whether any message carries an image. */
    public boolean hasImageInput() {
        return messages.stream().anyMatch(Message::hasImage);
    }
}
