package dev.flotilla.orchestration;

import dev.flotilla.provider.ModelCall;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One logical model call of a run.
 *
 * @param call the call; its {@code model} is a hint only when {@code modelHint} says so, and its
 *     {@code taskKind} must be set
 * @param modelHint a catalog id to prefer over routing, or null
 * @param trace the run's trace, where each attempt is recorded as a model-call span
 * @param parentSpanId the span the attempts belong to
 */
public record CallRequest(ModelCall call, @Nullable String modelHint, Trace trace, String parentSpanId) {
    public CallRequest {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(call.taskKind(), "call.taskKind");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(parentSpanId, "parentSpanId");
    }
}
