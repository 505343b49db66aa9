package dev.flotilla.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a model can do beyond plain text in and text out. */
public enum Capability {
    TOOLS,
    FUNCTION_CALLING,
    STRUCTURED_OUTPUT,
    WEB_SEARCH,
    FILE_SEARCH,
    COMPUTER_USE,
    SKILLS;

    /** The name used in catalog files and on the command line, e.g. {@code function_calling}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a capability name.
     *
     * @throws IllegalArgumentException naming the value and the accepted names when unknown
     */
    public static Capability parse(String name) {
        for (Capability capability : values()) {
            if (capability.wireName().equals(name)) {
                return capability;
            }
        }
        throw new IllegalArgumentException("unknown capability '" + name + "'; accepted: " + accepted());
    }

    /** The accepted names, comma separated. */
    public static String accepted() {
        return Arrays.stream(values()).map(Capability::wireName).collect(Collectors.joining(", "));
    }
}
