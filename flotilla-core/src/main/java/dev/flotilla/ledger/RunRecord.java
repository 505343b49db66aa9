package dev.flotilla.ledger;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A run as the ledger keeps it.
 *
 * @param runId unique
 * @param description a short human description (never a prompt with secrets)
 * @param status running, succeeded, failed or cancelled
 * @param startedAt when it started
 * @param endedAt when it ended, or null while running
 */
public record RunRecord(
        String runId,
        String description,
        RunStatus status,
        Instant startedAt,
        @Nullable Instant endedAt) {

    public RunRecord {
        Objects.requireNonNull(runId, "runId");
        if (runId.isBlank() || runId.length() > 200) {
            throw new IllegalArgumentException("a run id must be 1 to 200 characters, got '" + runId + "'");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        if ((status == RunStatus.RUNNING) != (endedAt == null)) {
            throw new IllegalArgumentException(
                    "a run has an end time exactly when it is not running; status " + status + ", endedAt " + endedAt);
        }
    }

    /** A run that has just started. */
    public static RunRecord started(String runId, String description, Instant at) {
        return new RunRecord(runId, description, RunStatus.RUNNING, at, null);
    }

    /** The same run, ended with this status. */
    public RunRecord ended(RunStatus endStatus, Instant at) {
        if (endStatus == RunStatus.RUNNING) {
            throw new IllegalArgumentException("a run ends as succeeded, failed or cancelled, not running");
        }
        return new RunRecord(runId, description, endStatus, startedAt, at);
    }
}
