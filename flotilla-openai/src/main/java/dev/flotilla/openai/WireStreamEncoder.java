package dev.flotilla.openai;

import dev.flotilla.openai.sse.SseEvent;
import dev.flotilla.provider.StreamEvent;
import java.util.List;

/**
 * Turns a provider's {@link StreamEvent}s into the server-sent events of one wire API, for a
 * server streaming an answer. Stateful: one encoder per response; not thread-safe.
 */
public interface WireStreamEncoder {
    /**
     * The SSE events to write for {@code event}, in order (possibly none). A {@code Completed}
     * yields the closing events (usage, {@code [DONE]} for Chat Completions); a {@code Failed}
     * yields an in-band error.
     *
     * @throws IllegalStateException when called after a terminal event
     */
    List<SseEvent> encode(StreamEvent event);
}
