package dev.flotilla.orchestration;

import dev.flotilla.FlotillaException;

/**
 * A run could not finish: the planner gave no valid plan twice, the plan cost more than allowed,
 * or the judge failed. The message says which and why; finished subtasks stay checkpointed.
 */
public class RunFailedException extends FlotillaException {
    private static final long serialVersionUID = 1L;
    private final String runId;

    /** Creates an exception for a run. */
    public RunFailedException(String runId, String message) {
        super("run " + runId + ": " + message);
        this.runId = runId;
    }

    /** Creates an exception for a run with its cause. */
    public RunFailedException(String runId, String message, Throwable cause) {
        super("run " + runId + ": " + message, cause);
        this.runId = runId;
    }

    /** The run that failed. */
    public String runId() {
        return runId;
    }
}
