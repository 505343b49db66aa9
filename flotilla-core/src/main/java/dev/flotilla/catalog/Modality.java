package dev.flotilla.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A kind of input a model accepts. */
public enum Modality {
    TEXT,
    IMAGE,
    AUDIO;

    /** The name used in catalog files, e.g. {@code image}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a modality name.
     *
     * @throws IllegalArgumentException naming the value and the accepted names when unknown
     */
    public static Modality parse(String name) {
        for (Modality modality : values()) {
            if (modality.wireName().equals(name)) {
                return modality;
            }
        }
        throw new IllegalArgumentException("unknown input modality '" + name + "'; accepted: "
                + Arrays.stream(values()).map(Modality::wireName).collect(Collectors.joining(", ")));
    }
}
