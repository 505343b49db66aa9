package dev.flotilla.catalog;

import java.util.Locale;

/** Which OpenAI-compatible API a model is called through. */
public enum WireApi {
    /** {@code POST /v1/responses}: OpenAI's default. */
    RESPONSES,
    /** {@code POST /v1/chat/completions}: what every OpenAI-compatible server speaks. */
    CHAT_COMPLETIONS;

    /** The name used in catalog files: {@code responses} or {@code chat_completions}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an API name.
     *
     * @throws IllegalArgumentException naming the value and the accepted names when unknown
     */
    public static WireApi parse(String name) {
        for (WireApi api : values()) {
            if (api.wireName().equals(name)) {
                return api;
            }
        }
        throw new IllegalArgumentException("unknown api '" + name + "'; accepted: responses, chat_completions");
    }
}
