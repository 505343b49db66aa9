package dev.flotilla.orchestration;

import java.util.List;

/**
 * A finished run.
 *
 * @param runId the run's id (for {@code flotilla runs show} and {@code resume})
 * @param answer the judge's final answer (JSON text when the task has an answer schema)
 * @param plan the plan that ran (the judge's extra rounds appended)
 * @param outcomes every subtask's outcome, in plan order
 * @param trace the span tree
 * @param summary calls, tokens and cost per model, and the flagship-only comparison
 */
public record RunResult(
        String runId, String answer, Plan plan, List<SubtaskOutcome> outcomes, Trace trace, RunSummary summary) {
    public RunResult {
        outcomes = List.copyOf(outcomes);
    }
}
