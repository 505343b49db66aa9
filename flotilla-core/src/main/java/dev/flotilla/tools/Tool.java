package dev.flotilla.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.provider.ToolSpec;

/**
 * A function a sub-agent may call. Implementations are thread-safe: one instance serves many
 * sub-agents on many virtual threads at once.
 */
public interface Tool {
    /** The name, description and JSON Schema of the arguments, as sent to the model. */
    ToolSpec spec();

    /** The tool's name; the same as {@code spec().name()}. */
    default String name() {
        return spec().name();
    }

    /**
     * Runs the tool. Never throws for bad arguments, refused paths or unreadable files: those come
     * back as an error result ({@link ToolResult#isError()}) whose text names the bad value and what
     * is accepted, so the model can correct itself.
     *
     * @param arguments the arguments the model gave (normally a JSON object; anything else is an
     *     error result)
     */
    ToolResult execute(JsonNode arguments);
}
