package dev.flotilla.budget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The period a budget's spend is counted over. Windows start at UTC midnight (day) or on the first of
 * the month at UTC midnight (month); a run window never rolls over.
 */
public enum BudgetWindow {
    /** The budget's whole life (a run's or a subtask's budget). */
    RUN,
    /** One UTC calendar day. */
    DAY,
    /** One UTC calendar month. */
    MONTH;

    /** The start of the window that contains {@code now}. */
    public Instant start(Instant now) {
        return switch (this) {
            case RUN -> Instant.EPOCH;
            case DAY -> LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC);
            case MONTH ->
                LocalDate.ofInstant(now, ZoneOffset.UTC)
                        .withDayOfMonth(1)
                        .atStartOfDay()
                        .toInstant(ZoneOffset.UTC);
        };
    }

    /** The lower-case name used in files and output. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a window.
     *
     * @throws IllegalArgumentException naming the value and the accepted windows
     */
    public static BudgetWindow parse(String name) {
        for (BudgetWindow window : values()) {
            if (window.wireName().equals(name)) {
                return window;
            }
        }
        throw new IllegalArgumentException("unknown budget window '" + name + "'; accepted: "
                + Arrays.stream(values()).map(BudgetWindow::wireName).collect(Collectors.joining(", ")));
    }
}
