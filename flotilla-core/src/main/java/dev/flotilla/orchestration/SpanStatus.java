package dev.flotilla.orchestration;

import java.util.Locale;

/** How a span ended. */
public enum SpanStatus {
    OK,
    FAILED,
    CANCELLED,
    SKIPPED;

    /** The name used in JSON and on the terminal, e.g. {@code failed}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
