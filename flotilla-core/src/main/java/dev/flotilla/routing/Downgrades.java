package dev.flotilla.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sticky downgrades in force: once a model ran out of capacity and a call went to a lesser
 * model, later calls skip it until the cool-down ends, then try it again. Thread-safe; time comes
 * from the injected clock.
 */
public final class Downgrades {
    private final Clock clock;
    private final Map<String, Downgrade> byModel = new ConcurrentHashMap<>();

    /** Creates an empty set of downgrades that reads time from {@code clock}. */
    public Downgrades(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One downgrade.
     *
     * @param from the model that ran out of capacity
     * @param to the model the call went to instead
     * @param cause why, in words
     * @param since when it began
     * @param until when {@code from} is tried again
     */
    public record Downgrade(String from, String to, String cause, Instant since, Instant until) {
        public Downgrade {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(until, "until");
        }
    }

    /** The current time on the injected clock. */
    public Instant now() {
        return clock.instant();
    }

    /** The downgrade away from {@code model} in force now, if any; expired ones are dropped. */
    public Optional<Downgrade> active(String model) {
        Downgrade downgrade = byModel.get(model);
        if (downgrade == null) {
            return Optional.empty();
        }
        if (!now().isBefore(downgrade.until())) {
            byModel.remove(model, downgrade);
            return Optional.empty();
        }
        return Optional.of(downgrade);
    }

    /** Records a downgrade away from {@code from} for {@code coolDown} from now, and returns it. */
    public Downgrade record(String from, String to, String cause, Duration coolDown) {
        Instant now = now();
        Downgrade downgrade = new Downgrade(from, to, cause, now, now.plus(coolDown));
        byModel.put(from, downgrade);
        return downgrade;
    }

    /** Every downgrade in force now. */
    public Map<String, Downgrade> snapshot() {
        byModel.keySet().forEach(this::active);
        return Map.copyOf(byModel);
    }
}
