package dev.flotilla.orchestration;

import dev.flotilla.provider.ModelResult;
import dev.flotilla.routing.TaskKind;
import org.jspecify.annotations.Nullable;

/**
 * How the orchestrator makes model calls. Routing, rate limits, escrow budgets, metering and the
 * ledger live behind it; the orchestrator only says what it needs. Thread-safe.
 */
public interface ModelCaller {

    /**
     * The model a call of this kind would be routed to now, for costing a plan before it runs.
     *
     * @param modelHint a catalog id to prefer, or null
     */
    String preview(TaskKind kind, @Nullable String modelHint, long inputTokens, long maxOutputTokens);

    /**
     * Makes one logical call, retrying, falling back or downgrading as the router decides, and
     * records one model-call span per attempt in the request's trace.
     *
     * @throws dev.flotilla.FlotillaException when the call fails for good (a provider error, a
     *     budget that cannot cover it, no model that can take it)
     */
    ModelResult call(CallRequest request);
}
