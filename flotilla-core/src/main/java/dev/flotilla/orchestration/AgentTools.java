package dev.flotilla.orchestration;

import dev.flotilla.provider.ToolSpec;
import java.util.List;

/** The tools a sub-agent may call. Thread-safe: many sub-agents call them at once. */
public interface AgentTools {

    /** No tools. */
    AgentTools NONE = new AgentTools() {
        @Override
        public List<ToolSpec> specs() {
            return List.of();
        }

        @Override
        public Outcome run(String name, String argumentsJson) {
            return new Outcome("no tool named '" + name + "'; this agent has no tools", true);
        }
    };

    /** The tools' specs, offered to the model. */
    List<ToolSpec> specs();

    /**
     * Runs a tool. Never throws for bad arguments or unknown tools: the outcome says what was wrong
     * so the model can correct itself.
     *
     * @param argumentsJson the arguments as the model wrote them
     */
    Outcome run(String name, String argumentsJson);

    /**
     * A tool's answer as the model will read it.
     *
     * @param content the rendered result (repository content delimited as data)
     * @param error whether the call failed
     */
    record Outcome(String content, boolean error) {}
}
