package dev.flotilla.review;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How much a finding matters, most severe first. */
public enum Severity {
    CRITICAL("error"),
    HIGH("error"),
    MEDIUM("warning"),
    LOW("note"),
    INFO("note");

    private final String sarifLevel;

    Severity(String sarifLevel) {
        this.sarifLevel = sarifLevel;
    }

    /** The SARIF result level: error, warning or note. */
    public String sarifLevel() {
        return sarifLevel;
    }

    /** The name used in reports and schemas, e.g. {@code high}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a severity name.
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static Severity parse(String name) {
        for (Severity s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + name + "'; accepted: "
                + Arrays.stream(values()).map(Severity::wireName).collect(Collectors.joining(", ")));
    }
}
