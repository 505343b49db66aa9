package dev.flotilla.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A function the model may call.
 *
 * @param name the function name ({@code [A-Za-z0-9_-]{1,64}})
 * @param description what it does, for the model
 * @param parameters its arguments as a JSON Schema object
 */
public record ToolSpec(String name, String description, JsonNode parameters) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parameters, "parameters");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tool name must match [A-Za-z0-9_-]{1,64}, got '" + name + "'");
        }
    }
}
