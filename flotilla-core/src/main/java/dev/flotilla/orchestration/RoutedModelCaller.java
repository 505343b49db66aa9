package dev.flotilla.orchestration;

import dev.flotilla.metering.TokenCounter;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.routing.CallOptions;
import dev.flotilla.routing.Requirements;
import dev.flotilla.routing.RouteDecision;
import dev.flotilla.routing.RouteRequest;
import dev.flotilla.routing.RoutedCallException;
import dev.flotilla.routing.RoutedCaller;
import dev.flotilla.routing.Router;
import dev.flotilla.routing.TaskKind;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The orchestrator's model calls through the router: each call is routed (or sent to its model
 * hint), waits for rate-limit capacity, is retried, falls back or downgrades as the router decides,
 * and every attempt is recorded in the run's trace by the {@link TraceRecorder} installed as (part
 * of) the routed caller's hook.
 */
public final class RoutedModelCaller implements ModelCaller {
    private final RoutedCaller caller;
    private final Router router;
    private final TraceRecorder recorder;
    private final TokenCounter tokens;
    private final @Nullable String policy;

    /**
     * Creates a caller.
     *
     * @param caller the routed caller; its hook must include {@code recorder}
     * @param policy the routing policy, or null for the default
     */
    public RoutedModelCaller(
            RoutedCaller caller, Router router, TraceRecorder recorder, TokenCounter tokens, @Nullable String policy) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.router = Objects.requireNonNull(router, "router");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.policy = policy;
    }

    @Override
    public String preview(TaskKind kind, @Nullable String modelHint, long inputTokens, long maxOutputTokens) {
        if (modelHint != null) {
            return modelHint;
        }
        RouteDecision decision = router.route(RouteRequest.of(kind, Requirements.of(inputTokens, maxOutputTokens))
                .withPolicy(policy));
        return switch (decision) {
            case RouteDecision.Selected selected -> selected.model().id();
            case RouteDecision.Wait wait -> wait.model().id();
            case RouteDecision.Unroutable unroutable ->
                throw new RoutedCallException(
                        "no model can take a " + kind.wireName() + " call of " + inputTokens + " input tokens: "
                                + unroutable.reason(),
                        java.util.List.of(),
                        null);
        };
    }

    @Override
    public ModelResult call(CallRequest request) {
        ModelCall call = request.call();
        TaskKind kind = Objects.requireNonNull(call.taskKind(), "taskKind");
        recorder.register(request);
        try {
            CallOptions options = CallOptions.DEFAULT.withPolicy(policy).withModel(request.modelHint());
            return caller.call(call, kind, requirements(call), options).result();
        } finally {
            recorder.unregister(call.callId());
        }
    }

    /** What a call needs (see {@link Requirements#forCall}). */
    Requirements requirements(ModelCall call) {
        return Requirements.forCall(call, tokens);
    }
}
