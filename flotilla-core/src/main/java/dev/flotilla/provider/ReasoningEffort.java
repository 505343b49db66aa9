package dev.flotilla.provider;

import java.util.Locale;

/** How much hidden reasoning a reasoning model may spend. */
public enum ReasoningEffort {
    NONE,
    MINIMAL,
    LOW,
    MEDIUM,
    HIGH,
    XHIGH;

    /** The wire name, e.g. {@code medium}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
