package dev.flotilla.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.provider.ToolCall;
import dev.flotilla.provider.ToolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * A named set of tools given to a sub-agent: their specs for the model call, and dispatch of the
 * model's tool calls. Immutable and thread-safe. Dispatch never throws for anything a model sends:
 * an unknown tool or arguments that are not JSON come back as error results.
 */
public final class Toolbox {
    private final String name;
    private final SequencedMap<String, Tool> tools;
    private final ObjectMapper json = new ObjectMapper();

    private Toolbox(String name, List<Tool> tools) {
        this.name = Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("toolbox name must not be blank");
        }
        LinkedHashMap<String, Tool> byName = new LinkedHashMap<>();
        for (Tool tool : tools) {
            Tool previous = byName.putIfAbsent(tool.name(), tool);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "toolbox '" + name + "' has two tools named '" + tool.name() + "'; tool names must be unique");
            }
        }
        this.tools = java.util.Collections.unmodifiableSequencedMap(byName);
    }

    /**
     * A toolbox of these tools, in this order.
     *
     * @throws IllegalArgumentException when the name is blank or two tools share a name
     */
    public static Toolbox of(String name, List<? extends Tool> tools) {
        return new Toolbox(name, List.copyOf(tools));
    }

    /** The toolbox's name. */
    public String name() {
        return name;
    }

    /** The tools, in order. */
    public List<Tool> tools() {
        return List.copyOf(tools.values());
    }

    /** The tools' specs, in order, for a model call. */
    public List<ToolSpec> specs() {
        return tools.values().stream().map(Tool::spec).toList();
    }

    /** The tool with this name. */
    public Optional<Tool> tool(String toolName) {
        return Optional.ofNullable(tools.get(toolName));
    }

    /** A toolbox with only the named tools (for a sub-agent that needs fewer). */
    public Toolbox only(String newName, List<String> toolNames) {
        for (String toolName : toolNames) {
            if (!tools.containsKey(toolName)) {
                throw new IllegalArgumentException(
                        "toolbox '" + name + "' has no tool '" + toolName + "'; it has " + tools.keySet());
            }
        }
        return of(
                newName,
                tools.values().stream()
                        .filter(t -> toolNames.contains(t.name()))
                        .toList());
    }

    /** Runs the named tool; an unknown name is an error result that lists the known ones. */
    public ToolResult execute(String toolName, JsonNode arguments) {
        Tool tool = tools.get(toolName);
        if (tool == null) {
            return ToolResult.error(
                    toolName.matches("[A-Za-z0-9_-]{1,64}") ? toolName : "unknown",
                    "no tool named '" + toolName + "'; accepted: " + String.join(", ", tools.keySet()));
        }
        return tool.execute(arguments);
    }

    /** Runs a model's tool call, whose arguments are JSON text that may be invalid. */
    public ToolResult execute(ToolCall call) {
        JsonNode arguments;
        try {
            arguments = call.argumentsJson().isBlank() ? json.createObjectNode() : json.readTree(call.argumentsJson());
        } catch (JsonProcessingException e) {
            return ToolResult.error(
                    call.name(),
                    "the arguments of " + call.name() + " are not valid JSON (" + e.getOriginalMessage()
                            + "); accepted: a JSON object such as {\"path\": \"src/Main.java\"}");
        }
        return execute(call.name(), arguments);
    }

    /** The tools by name. */
    public Map<String, Tool> asMap() {
        return tools;
    }

    @Override
    public String toString() {
        return "Toolbox[" + name + ": " + String.join(", ", tools.keySet()) + "]";
    }
}
