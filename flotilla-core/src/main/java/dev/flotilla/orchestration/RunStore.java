package dev.flotilla.orchestration;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where runs are checkpointed so that {@code flotilla runs resume} re-runs only what did not
 * finish. Each method returns once its write is durable. Thread-safe.
 */
public interface RunStore {

    /** Records a new run and its task. */
    void runStarted(String runId, String task);

    /** Records the run's plan (its JSON form), so a resume runs the same plan. */
    void planSaved(String runId, String planJson);

    /** Records a finished subtask's output; called before the run reports the subtask done. */
    void subtaskFinished(String runId, String subtaskId, String output);

    /** Records how the run ended. */
    void runFinished(String runId, String status, @Nullable String answer);

    /** A stored run, for resuming. */
    Optional<StoredRun> load(String runId);

    /**
     * Records what job the run is (e.g. {@code {"job":"review","path":"."}}), so that
     * {@code flotilla runs resume} can rebuild its task. Does nothing by default.
     */
    default void jobSaved(String runId, String jobJson) {}

    /** Records a finished span of the run's trace. Does nothing by default. */
    default void spanRecorded(String runId, Span span) {}

    /** The recorded spans of a run, in start order (empty when spans are not stored). */
    default java.util.List<Span> spans(String runId) {
        return java.util.List.of();
    }

    /**
     * What was checkpointed of a run.
     *
     * @param planJson the plan, or null when the run died before planning finished
     * @param finished outputs of the subtasks that finished, by subtask id
     * @param job the job description saved with {@link #jobSaved}, or null
     */
    record StoredRun(
            String runId,
            String task,
            @Nullable String planJson,
            Map<String, String> finished,
            String status,
            @Nullable String job) {
        public StoredRun {
            finished = Map.copyOf(finished);
        }
    }
}
