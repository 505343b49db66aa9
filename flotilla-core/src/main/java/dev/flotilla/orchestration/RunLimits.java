package dev.flotilla.orchestration;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The caps a run stays within, on every path.
 *
 * @param concurrency the most subtasks (sub-agents) in flight at once
 * @param maxSubtasks the fan-out cap: the most subtasks in one plan, one judge round or one delegation
 * @param maxDepth the deepest delegation: 1 means sub-agents may not delegate further
 * @param maxTurns the most model calls one sub-agent makes
 * @param maxTokensPerSubtask the most tokens (input + output) one sub-agent spends
 * @param maxWallPerSubtask the longest one sub-agent runs
 * @param maxCostPerSubtaskUsd the most one sub-agent spends
 * @param maxEscalations how many times a failing answer is re-run one tier up
 * @param maxPlanCostUsd a plan estimated above this is refused before it runs, or null for no cap
 * @param maxJudgeRounds how many extra rounds of subtasks the judge may ask for
 * @param failFast whether one failed subtask cancels the others
 * @param subtaskMaxOutputTokens the output cap of each sub-agent call
 */
public record RunLimits(
        int concurrency,
        int maxSubtasks,
        int maxDepth,
        int maxTurns,
        long maxTokensPerSubtask,
        Duration maxWallPerSubtask,
        BigDecimal maxCostPerSubtaskUsd,
        int maxEscalations,
        @Nullable BigDecimal maxPlanCostUsd,
        int maxJudgeRounds,
        boolean failFast,
        long subtaskMaxOutputTokens) {

    /** Sensible defaults: 8 in flight, 50 subtasks, depth 2, 8 turns, 200K tokens, 5 min, $0.50 each. */
    public static final RunLimits DEFAULTS = new RunLimits(
            8, 50, 2, 8, 200_000, Duration.ofMinutes(5), new BigDecimal("0.50"), 1, null, 1, false, 4_000);

    public RunLimits {
        positive("concurrency", concurrency);
        positive("maxSubtasks", maxSubtasks);
        positive("maxDepth", maxDepth);
        positive("maxTurns", maxTurns);
        positive("maxTokensPerSubtask", maxTokensPerSubtask);
        positive("subtaskMaxOutputTokens", subtaskMaxOutputTokens);
        Objects.requireNonNull(maxWallPerSubtask, "maxWallPerSubtask");
        Objects.requireNonNull(maxCostPerSubtaskUsd, "maxCostPerSubtaskUsd");
        if (maxEscalations < 0 || maxJudgeRounds < 0) {
            throw new IllegalArgumentException("maxEscalations and maxJudgeRounds must not be negative, got "
                    + maxEscalations + " and " + maxJudgeRounds);
        }
    }

    /** These limits with another concurrency cap. */
    public RunLimits withConcurrency(int value) {
        return new RunLimits(
                value,
                maxSubtasks,
                maxDepth,
                maxTurns,
                maxTokensPerSubtask,
                maxWallPerSubtask,
                maxCostPerSubtaskUsd,
                maxEscalations,
                maxPlanCostUsd,
                maxJudgeRounds,
                failFast,
                subtaskMaxOutputTokens);
    }

    /** These limits with another fan-out cap. */
    public RunLimits withMaxSubtasks(int value) {
        return new RunLimits(
                concurrency,
                value,
                maxDepth,
                maxTurns,
                maxTokensPerSubtask,
                maxWallPerSubtask,
                maxCostPerSubtaskUsd,
                maxEscalations,
                maxPlanCostUsd,
                maxJudgeRounds,
                failFast,
                subtaskMaxOutputTokens);
    }

    /** These limits with fail-fast on or off. */
    public RunLimits withFailFast(boolean value) {
        return new RunLimits(
                concurrency,
                maxSubtasks,
                maxDepth,
                maxTurns,
                maxTokensPerSubtask,
                maxWallPerSubtask,
                maxCostPerSubtaskUsd,
                maxEscalations,
                maxPlanCostUsd,
                maxJudgeRounds,
                value,
                subtaskMaxOutputTokens);
    }

    /** These limits with a plan cost cap. */
    public RunLimits withMaxPlanCostUsd(@Nullable BigDecimal value) {
        return new RunLimits(
                concurrency,
                maxSubtasks,
                maxDepth,
                maxTurns,
                maxTokensPerSubtask,
                maxWallPerSubtask,
                maxCostPerSubtaskUsd,
                maxEscalations,
                value,
                maxJudgeRounds,
                failFast,
                subtaskMaxOutputTokens);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
