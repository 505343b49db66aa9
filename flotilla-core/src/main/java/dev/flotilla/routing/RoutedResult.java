package dev.flotilla.routing;

import dev.flotilla.provider.ModelResult;
import java.util.List;
import java.util.Objects;

/**
 * A routed call's answer and the story of how it was obtained.
 *
 * @param result the accepted answer
 * @param attempts every attempt, in order
 */
public record RoutedResult(ModelResult result, List<AttemptRecord> attempts) {
    public RoutedResult {
        Objects.requireNonNull(result, "result");
        attempts = List.copyOf(attempts);
    }

    /** The model that served the accepted answer. */
    public String model() {
        return attempts.getLast().model();
    }

    /**
     * One attempt as it happened.
     *
     * @param callId {@code <call id>#<n>}
     * @param model the model tried
     * @param cause route, retry, fallback or escalation
     * @param reason why this model
     * @param outcome how it ended, in words ({@code ok}, the error, the validator's reason)
     */
    public record AttemptRecord(String callId, String model, String cause, String reason, String outcome) {}
}
