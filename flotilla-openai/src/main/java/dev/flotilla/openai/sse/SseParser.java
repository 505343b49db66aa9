package dev.flotilla.openai.sse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Parses a server-sent event stream fed in pieces of any size: lines end in CR, LF or CRLF (a CR
 * at the end of one piece and its LF at the start of the next count once), {@code data:} lines
 * join with {@code \n}, lines starting with {@code :} are comments, {@code event:}, {@code id:}
 * and {@code retry:} fields are kept, and UTF-8 characters split across pieces decode whole
 * (lines are decoded only once complete, and CR and LF never occur inside a multi-byte
 * character). Not thread-safe: one parser per stream.
 */
public final class SseParser {
    private final Consumer<SseEvent> sink;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean afterCr;
    private boolean firstLine = true;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private @Nullable String eventType;
    private @Nullable String lastEventId;
    private @Nullable Long retry;
    private boolean pending;

    /** A parser that hands each complete event to {@code sink}, in order. */
    public SseParser(Consumer<SseEvent> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Parses a whole stream until its end; an unterminated last event is dropped. */
    public static void parse(InputStream in, Consumer<SseEvent> sink) throws IOException {
        SseParser parser = new SseParser(sink);
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            parser.feed(buffer, 0, n);
        }
        parser.finish();
    }

    /** Feeds all of {@code bytes}. */
    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /**
     * Feeds {@code length} bytes from {@code offset}; complete events go to the sink before this
     * returns.
     *
     * @throws IndexOutOfBoundsException when the range is outside {@code bytes}
     */
    public void feed(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (afterCr) {
                    // the LF of a CRLF whose CR ended the line already
                    afterCr = false;
                } else {
                    endLine();
                }
            } else if (b == '\r') {
                afterCr = true;
                endLine();
            } else {
                afterCr = false;
                if (lineLength == line.length) {
                    line = Arrays.copyOf(line, line.length * 2);
                }
                line[lineLength++] = b;
                pending = true;
            }
        }
    }

    /**
     * Ends the stream. As the standard says, an event not yet ended by a blank line is dropped.
     *
     * @return whether anything was dropped (the stream was cut inside an event)
     */
    public boolean finish() {
        boolean dropped = pending || lineLength > 0;
        lineLength = 0;
        data.setLength(0);
        hasData = false;
        eventType = null;
        pending = false;
        return dropped;
    }

    private void endLine() {
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (firstLine) {
            firstLine = false;
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        pending = true;
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> eventType = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9') && value.length() < 19) {
                    retry = Long.parseLong(value);
                }
            }
            default -> {
                // unknown fields are ignored, as the standard says
            }
        }
    }

    private void dispatch() {
        pending = false;
        if (!hasData) {
            eventType = null;
            return;
        }
        SseEvent event = new SseEvent(
                eventType == null || eventType.isEmpty() ? null : eventType, data.toString(), lastEventId, retry);
        data.setLength(0);
        hasData = false;
        eventType = null;
        sink.accept(event);
    }
}
