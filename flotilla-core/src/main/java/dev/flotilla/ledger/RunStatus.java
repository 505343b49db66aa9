package dev.flotilla.ledger;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a run is. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** The lower-case name used in the ledger and output. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a status.
     *
     * @throws IllegalArgumentException naming the value and the accepted statuses
     */
    public static RunStatus parse(String name) {
        for (RunStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown run status '" + name + "'; accepted: "
                + Arrays.stream(values()).map(RunStatus::wireName).collect(Collectors.joining(", ")));
    }
}
