package dev.flotilla.routing;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A named routing policy: for every kind of task, which models are good enough and where the call
 * may be downgraded. Policies are data: bundled in {@code policies.yaml}, extended and overridden
 * by the user's config.
 *
 * @param name the name used on the command line and in config, e.g. {@code balanced}
 * @param description one line for humans
 * @param rules one rule per task kind, every kind covered
 * @param coolDown how long a downgrade sticks before the better model is tried again
 * @param maxWait for a call without a latency budget: the longest it may wait for capacity on a
 *     qualifying model before it is downgraded (where its rule allows) or told to wait
 */
public record Policy(
        String name, String description, Map<TaskKind, KindRule> rules, Duration coolDown, Duration maxWait) {

    public Policy {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("policy name must not be blank");
        }
        Objects.requireNonNull(description, "description");
        rules = Map.copyOf(rules);
        Map<TaskKind, KindRule> given = rules;
        String missing = Arrays.stream(TaskKind.values())
                .filter(kind -> !given.containsKey(kind))
                .map(TaskKind::wireName)
                .collect(Collectors.joining(", "));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "policy '" + name + "' has no rule for task kinds: " + missing + "; every kind needs one");
        }
        if (coolDown.isNegative()) {
            throw new IllegalArgumentException("coolDown must not be negative, got " + coolDown);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, got " + maxWait);
        }
    }

    /** The rule for a kind of task. */
    public KindRule rule(TaskKind kind) {
        return Objects.requireNonNull(rules.get(kind));
    }
}
