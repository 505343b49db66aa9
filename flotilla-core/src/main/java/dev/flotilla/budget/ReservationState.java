package dev.flotilla.budget;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a reservation is in its life: open until it is settled to a cost or released. */
public enum ReservationState {
    /** Holding its worst case against the budget and every ancestor. */
    OPEN,
    /** Replaced by the call's actual cost; the rest went back to the budget. */
    SETTLED,
    /** Given back whole: the call was refused, failed before it cost anything, or never finished. */
    RELEASED;

    /** The lower-case name used in the ledger. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a state.
     *
     * @throws IllegalArgumentException naming the value and the accepted states
     */
    public static ReservationState parse(String name) {
        for (ReservationState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown reservation state '" + name + "'; accepted: "
                + Arrays.stream(values()).map(ReservationState::wireName).collect(Collectors.joining(", ")));
    }
}
