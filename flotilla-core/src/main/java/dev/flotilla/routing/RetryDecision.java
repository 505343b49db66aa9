package dev.flotilla.routing;

import dev.flotilla.catalog.ModelSpec;
import java.time.Duration;
import java.util.Objects;

/** What to do after a failed attempt: the output of {@link RetryPolicy#decide}. */
public sealed interface RetryDecision {

    /** Why, in words. */
    String reason();

    /** Try the same model again after {@code delay}. */
    record RetrySame(Duration delay, String reason) implements RetryDecision {
        public RetrySame {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(reason, "reason");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("retry delay must not be negative, got " + delay);
            }
        }
    }

    /** Try {@code model} instead, at once. */
    record FallBack(ModelSpec model, String reason) implements RetryDecision {
        public FallBack {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Give up: retrying cannot help, or the attempts are spent. */
    record Fail(String reason) implements RetryDecision {
        public Fail {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
