package dev.flotilla.orchestration;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one subtask ended.
 *
 * @param subtask the subtask
 * @param status ok, failed, cancelled or skipped (a dependency failed)
 * @param output the answer (JSON text when the subtask promised a schema), or null
 * @param model the model that gave the final answer, or null
 * @param error why it did not finish, or null
 * @param resumed whether the output came from a checkpoint of an earlier attempt of the run
 */
public record SubtaskOutcome(
        Subtask subtask,
        SpanStatus status,
        @Nullable String output,
        @Nullable String model,
        @Nullable String error,
        boolean resumed) {
    public SubtaskOutcome {
        Objects.requireNonNull(subtask, "subtask");
        Objects.requireNonNull(status, "status");
    }
}
