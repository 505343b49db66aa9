package dev.flotilla.openai.sse;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One server-sent event.
 *
 * @param event the {@code event:} field, or null for the default type ({@code message})
 * @param data the {@code data:} lines joined with {@code \n}
 * @param id the last event id seen ({@code id:}), or null
 * @param retry the {@code retry:} reconnection time in milliseconds, or null
 */
public record SseEvent(
        @Nullable String event,
        String data,
        @Nullable String id,
        @Nullable Long retry) {
    /** The data OpenAI sends as the last event of a Chat Completions stream. */
    public static final String DONE = "[DONE]";

    public SseEvent {
        Objects.requireNonNull(data, "data");
    }

    /** An event with data only. */
    public static SseEvent data(String data) {
        return new SseEvent(null, data, null, null);
    }

    /** An event with a type and data. */
    public static SseEvent of(String event, String data) {
        return new SseEvent(event, data, null, null);
    }

    /** The {@code data: [DONE]} event. */
    public static SseEvent done() {
        return data(DONE);
    }

    /** Whether this is the {@code [DONE]} sentinel. */
    public boolean isDone() {
        return DONE.equals(data);
    }
}
