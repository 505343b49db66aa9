package dev.flotilla.routing;

import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What the router decided for one call, with the reasons. */
public sealed interface RouteDecision {

    /** Why, in words. */
    String reason();

    /**
     * Call this model.
     *
     * @param model the chosen model
     * @param reason why it was chosen (cheapest qualifying, a step up, a downgrade, ...)
     * @param rejected every other model considered, each with why it was not chosen
     * @param inputTokens the estimated input the expected cost is computed on
     * @param outputTokens the output cap the expected cost is computed on
     * @param downgradedFrom the better model this call was downgraded from, or empty
     */
    record Selected(
            ModelSpec model,
            String reason,
            List<Rejection> rejected,
            long inputTokens,
            long outputTokens,
            String downgradedFrom)
            implements RouteDecision {
        public Selected {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(reason, "reason");
            rejected = List.copyOf(rejected);
            Objects.requireNonNull(downgradedFrom, "downgradedFrom");
        }

        /** The expected cost: the estimated input, every allowed output token. */
        public Cost expectedCost() {
            return Pricing.cost(model, Usage.of(inputTokens, outputTokens));
        }

        /** The expected wall time of the call in milliseconds (queueing not included). */
        public long expectedMillis() {
            return model.latency().expectedMillis(outputTokens);
        }

        /** Whether this call was downgraded from a better model for lack of capacity. */
        public boolean isDowngrade() {
            return !downgradedFrom.isEmpty();
        }
    }

    /**
     * The model that should serve the call has no capacity before {@code until}, and no downgrade
     * is allowed: wait for it (bounded by the caller's patience).
     */
    record Wait(ModelSpec model, Instant until, String reason) implements RouteDecision {
        public Wait {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No model can take the call; {@code rejected} says why not, model by model. */
    record Unroutable(String reason, List<Rejection> rejected) implements RouteDecision {
        public Unroutable {
            Objects.requireNonNull(reason, "reason");
            rejected = List.copyOf(rejected);
        }
    }
}
