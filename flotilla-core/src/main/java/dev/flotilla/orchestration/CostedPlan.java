package dev.flotilla.orchestration;

import dev.flotilla.metering.Cost;
import java.util.List;

/**
 * A plan's estimated cost before it runs: each subtask on the model it would be routed to, and the
 * judge on the flagship. Estimates assume {@link #TURNS_PER_SUBTASK} model calls per sub-agent,
 * each re-reading its prompt plus {@link #TOOL_TOKENS_PER_TURN} tokens of tool results per earlier
 * turn and writing {@link #OUTPUT_TOKENS_PER_TURN} tokens.
 *
 * @param items one estimate per subtask, in plan order
 * @param judge the judge's estimated cost
 * @param total the sum
 */
public record CostedPlan(List<Item> items, Item judge, Cost total) {
    /** Model calls a sub-agent is assumed to make. */
    public static final int TURNS_PER_SUBTASK = 3;

    /** Tokens of tool results assumed per turn. */
    public static final long TOOL_TOKENS_PER_TURN = 2_000;

    /** Output tokens assumed per turn. */
    public static final long OUTPUT_TOKENS_PER_TURN = 600;

    public CostedPlan {
        items = List.copyOf(items);
    }

    /**
     * One subtask's estimate.
     *
     * @param subtaskId the subtask, or {@code judge}
     * @param model the model it would run on
     * @param inputTokens estimated input tokens over all its calls
     * @param outputTokens estimated output tokens over all its calls
     * @param cost the estimated cost
     */
    public record Item(String subtaskId, String model, long inputTokens, long outputTokens, Cost cost) {}
}
