package dev.flotilla.routing;

import dev.flotilla.catalog.Tier;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A policy's rule for one kind of task.
 *
 * @param qualification which models are good enough
 * @param downgradeTo the tiers the call may go to when every qualifying model is out of capacity
 *     within the latency budget (empty: never downgrade, wait instead)
 */
public record KindRule(Qualification qualification, Set<Tier> downgradeTo) {
    public KindRule {
        Objects.requireNonNull(qualification, "qualification");
        downgradeTo = downgradeTo.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(downgradeTo));
    }

    /** Whether this rule allows a downgrade at all. */
    public boolean allowsDowngrade() {
        return !downgradeTo.isEmpty();
    }
}
