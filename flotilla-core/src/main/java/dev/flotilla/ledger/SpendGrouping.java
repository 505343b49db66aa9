package dev.flotilla.ledger;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How spend totals are grouped. */
public enum SpendGrouping {
    /** By the model that served the call. */
    MODEL,
    /** By UTC day the call started. */
    DAY,
    /** By run ({@code -} for calls outside any run). */
    RUN,
    /** By task kind ({@code -} when unknown). */
    KIND;

    /** The name used on the command line. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The key of a call in this grouping. */
    public String keyOf(CallRecord call) {
        return switch (this) {
            case MODEL -> call.servedModel();
            case DAY -> call.day().toString();
            case RUN -> call.runId() == null ? "-" : call.runId();
            case KIND -> call.taskKind() == null ? "-" : call.taskKind().wireName();
        };
    }

    /** The accepted names, comma separated. */
    public static String accepted() {
        return Arrays.stream(values()).map(SpendGrouping::wireName).collect(Collectors.joining(", "));
    }

    /**
     * Parses a grouping.
     *
     * @throws IllegalArgumentException naming the value and the accepted groupings
     */
    public static SpendGrouping parse(String name) {
        for (SpendGrouping grouping : values()) {
            if (grouping.wireName().equals(name)) {
                return grouping;
            }
        }
        throw new IllegalArgumentException("unknown grouping '" + name + "'; accepted: " + accepted());
    }
}
