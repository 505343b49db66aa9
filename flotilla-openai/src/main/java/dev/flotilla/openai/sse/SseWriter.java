package dev.flotilla.openai.sse;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Writes server-sent events in the form {@link SseParser} (and every browser) reads. */
public final class SseWriter {
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    private SseWriter() {}

    /**
     * The event as text: {@code event:}, {@code id:}, {@code retry:} when set, one {@code data:}
     * line per line of data, and the blank line that ends it.
     *
     * @throws IllegalArgumentException when the event type or id contains a line break
     */
    public static String format(SseEvent event) {
        StringBuilder out = new StringBuilder(event.data().length() + 32);
        if (event.event() != null) {
            out.append("event: ").append(singleLine("event", event.event())).append('\n');
        }
        if (event.id() != null) {
            out.append("id: ").append(singleLine("id", event.id())).append('\n');
        }
        if (event.retry() != null) {
            out.append("retry: ").append(event.retry()).append('\n');
        }
        String data = event.data();
        if (data.indexOf('\n') < 0 && data.indexOf('\r') < 0) {
            out.append("data: ").append(data).append('\n'); // one line (every JSON chunk): no regex split
        } else {
            for (String line : LINE_BREAK.split(data, -1)) {
                out.append("data: ").append(line).append('\n');
            }
        }
        return out.append('\n').toString();
    }

    /** The event as UTF-8 bytes. */
    public static byte[] encode(SseEvent event) {
        return format(event).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A comment line (ignored by readers; keeps idle connections open).
     *
     * @throws IllegalArgumentException when the text contains a line break
     */
    public static String comment(String text) {
        return ": " + singleLine("comment", text) + "\n\n";
    }

    private static String singleLine(String what, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an SSE " + what + " must be one line, got '"
                    + value.replace("\r", "\\r").replace("\n", "\\n") + "'");
        }
        return value;
    }
}
