package dev.flotilla.orchestration;

import dev.flotilla.routing.TaskKind;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One unit of work in a plan, run by one sub-agent.
 *
 * @param id unique within the plan, e.g. {@code s3}
 * @param kind what it is for; decides the model through the routing policy
 * @param brief the sub-agent's whole context: it sees this, its inputs and its tools, not the parent's conversation
 * @param inputs references the sub-agent should start from (file paths, line ranges, questions)
 * @param dependsOn ids of subtasks whose results this one needs; they run first
 * @param expectedOutput the name of the output schema its answer must match, or {@code text}
 * @param modelHint a catalog id the planner prefers, or null to let the router choose
 */
public record Subtask(
        String id,
        TaskKind kind,
        String brief,
        List<String> inputs,
        List<String> dependsOn,
        String expectedOutput,
        @Nullable String modelHint) {

    /** The output name meaning free text, no schema. */
    public static final String TEXT_OUTPUT = "text";

    public Subtask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(brief, "brief");
        Objects.requireNonNull(expectedOutput, "expectedOutput");
        inputs = List.copyOf(inputs);
        dependsOn = List.copyOf(dependsOn);
    }
}
