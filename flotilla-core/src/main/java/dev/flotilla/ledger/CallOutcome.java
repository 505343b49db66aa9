package dev.flotilla.ledger;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a model call ended. */
public enum CallOutcome {
    /** The provider answered in full. */
    SUCCEEDED,
    /** The provider refused or failed (rate limit, bad request, server error, ...). */
    FAILED,
    /** No answer, or no first byte, in time. */
    TIMED_OUT,
    /** The caller cancelled it: an interrupt, a client disconnect, a sibling that failed fast. */
    CANCELLED,
    /** The stream broke after it started. */
    BROKEN_STREAM,
    /** The process died while the call was in flight; found by reconciliation, cost unknown. */
    ABANDONED;

    /** The lower-case name used in the ledger and output. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an outcome.
     *
     * @throws IllegalArgumentException naming the value and the accepted outcomes
     */
    public static CallOutcome parse(String name) {
        for (CallOutcome outcome : values()) {
            if (outcome.wireName().equals(name)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("unknown call outcome '" + name + "'; accepted: "
                + Arrays.stream(values()).map(CallOutcome::wireName).collect(Collectors.joining(", ")));
    }
}
