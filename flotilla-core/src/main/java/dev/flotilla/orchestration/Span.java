package dev.flotilla.orchestration;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One finished step of a run: the run itself, the plan, a subtask, a model call or a tool call.
 *
 * @param id unique within the run
 * @param parentId the enclosing span, or null for the run
 * @param kind what the span stands for
 * @param name a short label (subtask id, tool name, model id)
 * @param start when it started
 * @param duration how long it took
 * @param status how it ended
 * @param error why it failed, or null
 * @param modelCall for a model-call span, what the call did
 * @param attributes anything else worth showing (subtask kind, tool arguments summary)
 */
public record Span(
        String id,
        @Nullable String parentId,
        SpanKind kind,
        String name,
        Instant start,
        Duration duration,
        SpanStatus status,
        @Nullable String error,
        @Nullable ModelCallRecord modelCall,
        Map<String, String> attributes) {

    public Span {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(status, "status");
        attributes = Map.copyOf(attributes);
        if ((kind == SpanKind.MODEL_CALL) != (modelCall != null)) {
            throw new IllegalArgumentException("a model-call span, and only one, carries a model call record");
        }
    }

    /** The model call record, for model-call spans. */
    public Optional<ModelCallRecord> call() {
        return Optional.ofNullable(modelCall);
    }
}
