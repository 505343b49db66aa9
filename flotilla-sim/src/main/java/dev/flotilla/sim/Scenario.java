package dev.flotilla.sim;

import dev.flotilla.sim.internal.ScenarioParser;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A script for the simulator: rules matched in order against each call, random fault rates, and
 * whether rate limits apply. Immutable; the simulator counts each rule's firings.
 *
 * @param source where it was read from, for errors
 * @param rules the rules, in match order
 * @param faultRates per call, the chance of each fault (they add up to at most 1)
 * @param rateLimits whether the per-model RPM/TPM buckets refuse calls
 * @param rateLimitTier the account tier whose limits apply, or null for the catalog's
 */
public record Scenario(
        String source,
        List<ScenarioRule> rules,
        Map<Fault.Kind, Double> faultRates,
        boolean rateLimits,
        @Nullable Integer rateLimitTier) {

    /** No rules, no random faults, rate limits on at the catalog's tier. */
    public static final Scenario DEFAULT = new Scenario("default scenario", List.of(), Map.of(), true, null);

    public Scenario {
        Objects.requireNonNull(source, "source");
        rules = List.copyOf(rules);
        faultRates = faultRates.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(faultRates));
        double sum = 0;
        for (Map.Entry<Fault.Kind, Double> rate : faultRates.entrySet()) {
            double value = rate.getValue();
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(
                        "fault rate of " + rate.getKey().wireName() + " must be between 0 and 1, got " + value);
            }
            sum += value;
        }
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException("fault rates must add up to at most 1, got " + sum);
        }
        if (rateLimitTier != null && (rateLimitTier < 1 || rateLimitTier > 5)) {
            throw new IllegalArgumentException("rateLimitTier must be 1 to 5, got " + rateLimitTier);
        }
    }

    /**
     * Reads a scenario file.
     *
     * @throws ScenarioException naming the file, the rule and the field of the first invalid value
     */
    public static Scenario load(Path file) {
        return ScenarioParser.load(file);
    }

    /**
     * Parses scenario YAML.
     *
     * @param source a name for errors (a file name)
     * @throws ScenarioException naming the source, the rule and the field of the first invalid value
     */
    public static Scenario parse(String yaml, String source) {
        return ScenarioParser.parse(yaml, source);
    }
}
