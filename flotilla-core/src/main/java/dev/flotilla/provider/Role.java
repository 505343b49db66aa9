package dev.flotilla.provider;

import java.util.Locale;

/** Who wrote a message. */
public enum Role {
    SYSTEM,
    DEVELOPER,
    USER,
    ASSISTANT,
    TOOL;

    /** The wire name, e.g. {@code assistant}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name.
     *
     * @throws IllegalArgumentException naming the value and the accepted roles
     */
    public static Role parse(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException(
                "unknown role '" + name + "'; accepted: system, developer, user, assistant, tool");
    }
}
