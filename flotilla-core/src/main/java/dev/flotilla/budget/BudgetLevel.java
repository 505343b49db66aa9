package dev.flotilla.budget;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a budget sits in the hierarchy: API key or user, then run, then subtask. */
public enum BudgetLevel {
    KEY(0),
    USER(0),
    RUN(1),
    SUBTASK(2);

    private final int depth;

    BudgetLevel(int depth) {
        this.depth = depth;
    }

    /** Whether a budget of this level may sit directly or indirectly under one of {@code parent}. */
    public boolean mayBeUnder(BudgetLevel parent) {
        return depth > parent.depth || (this == SUBTASK && parent == SUBTASK);
    }

    /** The lower-case name used in files and output. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a level.
     *
     * @throws IllegalArgumentException naming the value and the accepted levels
     */
    public static BudgetLevel parse(String name) {
        for (BudgetLevel level : values()) {
            if (level.wireName().equals(name)) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown budget level '" + name + "'; accepted: "
                + Arrays.stream(values()).map(BudgetLevel::wireName).collect(Collectors.joining(", ")));
    }
}
