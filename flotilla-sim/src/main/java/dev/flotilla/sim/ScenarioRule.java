package dev.flotilla.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.routing.TaskKind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One rule of a {@link Scenario}: which calls it matches and what the simulator does for them. A
 * rule matches when every condition it gives holds; the first matching rule with firings left wins.
 *
 * @param name the rule's name for errors and traces ({@code rule N} when the file gives none)
 * @param model match: the model id, exactly
 * @param taskKind match: the call's task kind
 * @param promptContains match: a substring of the prompt text (every message's text, joined)
 * @param promptRegex match: a regular expression found somewhere in the prompt text
 * @param times how many calls it fires for, or 0 for every matching call
 * @param replyText the answer text, or null to generate one
 * @param replyJson the answer as JSON (written as its text), or null
 * @param toolCalls tool calls to make when the tools are offered
 * @param fault a fault to inject, or null
 * @param delay extra wait before the first token
 * @param outputTokens the generated answer's length in tokens, or 0 to draw it from the profile
 */
public record ScenarioRule(
        String name,
        @Nullable String model,
        @Nullable TaskKind taskKind,
        @Nullable String promptContains,
        @Nullable Pattern promptRegex,
        int times,
        @Nullable String replyText,
        @Nullable JsonNode replyJson,
        List<ScriptedToolCall> toolCalls,
        @Nullable Fault fault,
        Duration delay,
        long outputTokens) {

    public ScenarioRule {
        Objects.requireNonNull(name, "name");
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(delay, "delay");
        if (times < 0) {
            throw new IllegalArgumentException("times must be 0 (always) or positive, got " + times);
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
        if (outputTokens < 0) {
            throw new IllegalArgumentException("outputTokens must not be negative, got " + outputTokens);
        }
        if (replyText != null && replyJson != null) {
            throw new IllegalArgumentException("a rule replies with text or json, not both");
        }
    }

    /** Whether the call meets every condition of this rule (firings left are the scenario's business). */
    public boolean matches(ModelCall call, String promptText) {
        return (model == null || model.equals(call.model()))
                && (taskKind == null || taskKind == call.taskKind())
                && (promptContains == null || promptText.contains(promptContains))
                && (promptRegex == null || promptRegex.matcher(promptText).find());
    }

    /**
     * A tool call a rule scripts.
     *
     * @param name the function to call (made only when the call offers it)
     * @param arguments the arguments, or null to generate them from the tool's parameter schema
     */
    public record ScriptedToolCall(String name, @Nullable JsonNode arguments) {
        public ScriptedToolCall {
            Objects.requireNonNull(name, "name");
        }
    }
}
