package dev.flotilla.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a run is asked to do.
 *
 * @param goal the task in the user's words
 * @param context material the planner needs (a repository outline, a file list); sub-agents do not see it
 * @param guidance job-specific instructions for planner and judge (how to cut the work, what to rank)
 * @param outputSchemas named JSON Schemas a subtask may promise as its output
 * @param answerSchema the JSON Schema of the final answer, or null for free text
 * @param tools what sub-agents may call
 * @param preparation subtasks that run before planning (e.g. classifying files on nano); their
 *     results are added to the planner's context
 */
public record Task(
        String goal,
        String context,
        String guidance,
        Map<String, JsonNode> outputSchemas,
        @Nullable JsonNode answerSchema,
        AgentTools tools,
        java.util.List<Subtask> preparation) {

    public Task {
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(guidance, "guidance");
        outputSchemas = Map.copyOf(outputSchemas);
        Objects.requireNonNull(tools, "tools");
        preparation = java.util.List.copyOf(preparation);
        if (goal.isBlank()) {
            throw new IllegalArgumentException("a task needs a goal");
        }
    }

    /** A free-text task without tools or schemas. */
    public static Task of(String goal) {
        return new Task(goal, "", "", Map.of(), null, AgentTools.NONE, java.util.List.of());
    }
}
