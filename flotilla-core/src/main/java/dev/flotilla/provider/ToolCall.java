package dev.flotilla.provider;

import java.util.Objects;

/**
 * A function call the model asked for.
 *
 * @param id the call id the tool result must echo
 * @param name the function name
 * @param argumentsJson the arguments as a JSON text (as the model wrote it; may be invalid JSON)
 */
public record ToolCall(String id, String name, String argumentsJson) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(argumentsJson, "argumentsJson");
    }
}
