package dev.flotilla.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A model's place in the fleet: the flagship plans and judges, mini and nano do the work. */
public enum Tier {
    NANO(1),
    MINI(2),
    FLAGSHIP(3);

    private final int rank;

    Tier(int rank) {
        this.rank = rank;
    }

    /** Higher is more capable (and dearer): nano 1, mini 2, flagship 3. */
    public int rank() {
        return rank;
    }

    /** The name used in catalog files and on the command line, e.g. {@code flagship}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a tier name.
     *
     * @throws IllegalArgumentException naming the value and the accepted names when unknown
     */
    public static Tier parse(String name) {
        for (Tier tier : values()) {
            if (tier.wireName().equals(name)) {
                return tier;
            }
        }
        throw new IllegalArgumentException("unknown tier '" + name + "'; accepted: " + accepted());
    }

    static String accepted() {
        return Arrays.stream(values()).map(Tier::wireName).collect(Collectors.joining(", "));
    }
}
