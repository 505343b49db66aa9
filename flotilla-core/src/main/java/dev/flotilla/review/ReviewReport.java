package dev.flotilla.review;

import dev.flotilla.orchestration.RunSummary;
import java.util.List;
import java.util.Objects;

/**
 * A finished review.
 *
 * @param target the reviewed path as the user gave it
 * @param simulated whether the models were simulated (every report then says so first)
 * @param runId the run, for {@code flotilla runs show}
 * @param findings ranked, most severe first
 * @param filesReviewed how many files the sub-agents reviewed
 * @param notes what else the user should know (subtasks that failed, findings dropped as unsupported)
 * @param summary calls, tokens and cost per model, wall time, the flagship-only comparison
 */
public record ReviewReport(
        String target,
        boolean simulated,
        String runId,
        List<Finding> findings,
        int filesReviewed,
        List<String> notes,
        RunSummary summary) {

    public ReviewReport {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(runId, "runId");
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
        Objects.requireNonNull(summary, "summary");
    }
}
