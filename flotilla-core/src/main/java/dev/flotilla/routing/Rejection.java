package dev.flotilla.routing;

import dev.flotilla.catalog.Capability;
import dev.flotilla.catalog.Modality;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.Tier;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A model the router did not choose, and why. The reason is data ({@link Why}); {@link #reason()}
 * puts it in words only when asked, so a decision stays cheap to make.
 *
 * @param model the model id
 * @param why why it was not chosen
 */
public record Rejection(String model, Why why) {
    public Rejection {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(why, "why");
    }

    /** The reason in words, e.g. {@code context window 400,000 < 600,000 tokens needed}. */
    public String reason() {
        return why.describe();
    }

    /** Why a model was not chosen. */
    public sealed interface Why {
        /** The reason in words. */
        String describe();
    }

    /** The caller may not use this model. */
    public record NotAllowed() implements Why {
        @Override
        public String describe() {
            return "not allowed for this caller";
        }
    }

    /** The catalog marks the model {@code autoRoute: false}: it serves only calls that name it. */
    public record NotAutoRouted() implements Why {
        @Override
        public String describe() {
            return "autoRoute is false: used only when a call names it";
        }
    }

    /** The call named another model. */
    public record NotNamed(String named) implements Why {
        @Override
        public String describe() {
            return "the call names " + named;
        }
    }

    /** The model does not accept some input modality the call carries. */
    public record MissingModalities(Set<Modality> missing) implements Why {
        public MissingModalities {
            missing = Set.copyOf(missing);
        }

        @Override
        public String describe() {
            return "does not accept "
                    + missing.stream().map(Modality::wireName).sorted().collect(Collectors.joining(", "))
                    + " input";
        }
    }

    /** The model lacks some capability the call needs. */
    public record MissingCapabilities(Set<Capability> missing) implements Why {
        public MissingCapabilities {
            missing = Set.copyOf(missing);
        }

        @Override
        public String describe() {
            return "lacks "
                    + missing.stream().map(Capability::wireName).sorted().collect(Collectors.joining(", "));
        }
    }

    /** The input plus the output cap do not fit the model's context window. */
    public record WindowTooSmall(long contextWindow, long needed) implements Why {
        @Override
        public String describe() {
            return String.format("context window %,d < %,d tokens needed (input + max output)", contextWindow, needed);
        }
    }

    /** The model is below the tier an escalation asked for. */
    public record BelowTier(Tier tier, Tier minimum) implements Why {
        @Override
        public String describe() {
            return "tier " + tier.wireName() + " is below " + minimum.wireName()
                    + " (escalated after a failed validation)";
        }
    }

    /** The model's expected latency exceeds the call's latency budget. */
    public record TooSlow(long expectedMillis, Duration budget) implements Why {
        @Override
        public String describe() {
            return "expected " + expectedMillis + " ms exceeds the latency budget of " + budget.toMillis() + " ms";
        }
    }

    /** The expected cost exceeds the call's price cap. */
    public record OverPriceCap(ModelSpec spec, long inputTokens, long outputTokens, BigDecimal capUsd) implements Why {
        @Override
        public String describe() {
            return "expected $" + expected(spec, inputTokens, outputTokens).usdPlain() + " exceeds the price cap $"
                    + Cost.plain(capUsd);
        }
    }

    /** The policy does not count the model good enough for this kind of task. */
    public record NotQualified(String policy, TaskKind kind, String rule) implements Why {
        @Override
        public String describe() {
            return "policy " + policy + " wants " + rule + " for " + kind.wireName();
        }
    }

    /** The model qualifies but costs more than the chosen one. */
    public record Dearer(ModelSpec spec, ModelSpec chosen, long inputTokens, long outputTokens) implements Why {
        @Override
        public String describe() {
            return "expected $" + expected(spec, inputTokens, outputTokens).usdPlain() + ", more than " + chosen.id()
                    + "'s $" + expected(chosen, inputTokens, outputTokens).usdPlain();
        }
    }

    /** The model costs the same as the chosen one but is expected to be slower. */
    public record Slower(long expectedMillis, String chosen, long chosenMillis) implements Why {
        @Override
        public String describe() {
            return "same expected cost as " + chosen + " but slower: " + expectedMillis + " ms vs " + chosenMillis
                    + " ms";
        }
    }

    /** Equal in cost and latency to the chosen one, which comes first in the catalog. */
    public record Tied(String chosen) implements Why {
        @Override
        public String describe() {
            return "tied with " + chosen + " on cost and latency; " + chosen + " comes first in the catalog";
        }
    }

    /** No capacity soon enough: the rate limits would make the call wait too long. */
    public record NoCapacity(Duration waitTime, Duration allowed) implements Why {
        @Override
        public String describe() {
            return "no rate-limit capacity for " + waitTime.toMillis() + " ms, more than the " + allowed.toMillis()
                    + " ms the call may wait";
        }
    }

    /** The model is in a sticky downgrade after running out of capacity. */
    public record Downgraded(Instant until, String cause) implements Why {
        @Override
        public String describe() {
            return "downgraded until " + until + " (" + cause + ")";
        }
    }

    private static Cost expected(ModelSpec spec, long inputTokens, long outputTokens) {
        return Pricing.cost(spec, Usage.of(inputTokens, outputTokens));
    }
}
