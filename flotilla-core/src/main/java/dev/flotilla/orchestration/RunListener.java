package dev.flotilla.orchestration;

/**
 * Hears a run's progress, for live displays. Called from many threads at once; keep it quick.
 * Every method does nothing by default.
 */
public interface RunListener {
    /** Does nothing. */
    RunListener NONE = new RunListener() {};

    /** The plan is ready and costed; subtasks start next. */
    default void planned(String runId, Plan plan, CostedPlan estimate) {}

    /** A subtask started on a sub-agent. */
    default void subtaskStarted(String runId, Subtask subtask) {}

    /** A model call attempt finished (any phase). */
    default void modelCallFinished(String runId, ModelCallRecord call) {}

    /** A subtask ended. */
    default void subtaskFinished(String runId, SubtaskOutcome outcome) {}

    /** The judge started. */
    default void judging(String runId) {}
}
