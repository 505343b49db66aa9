package dev.flotilla.orchestration;

import java.util.List;
import java.util.Objects;

/**
 * The flagship's plan for a run: subtasks forming a DAG through their dependencies.
 *
 * @param rationale the planner's short explanation (kept in the trace)
 * @param subtasks the work, in the planner's order
 */
public record Plan(String rationale, List<Subtask> subtasks) {
    public Plan {
        Objects.requireNonNull(rationale, "rationale");
        subtasks = List.copyOf(subtasks);
    }
}
