package dev.flotilla.tools.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a text stream line by line in constant memory: each line keeps at most {@code keepBytes}
 * bytes and the rest of a longer line is skipped (its length still counted), so a 10 MB line never
 * becomes a 10 MB string. Lines end at {@code \n}; a trailing {@code \r} is dropped. Not thread-safe.
 */
public final class LineReader implements Closeable {
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean eof;

    private final int keepBytes;
    private byte[] line;
    private int lineLength;
    private long lineTotalBytes;
    private long lineNumber;

    /** Reads {@code in}, keeping at most {@code keepBytes} bytes of each line. */
    public LineReader(InputStream in, int keepBytes) {
        this.in = in;
        this.keepBytes = keepBytes;
        this.line = new byte[Math.min(keepBytes, 8 * 1024)];
    }

    /**
     * Advances to the next line, keeping its first bytes.
     *
     * @return false at the end of the stream
     */
    public boolean next() throws IOException {
        return advance(true);
    }

    /**
     * Advances to the next line without keeping any of it (for counting lines).
     *
     * @return false at the end of the stream
     */
    public boolean skip() throws IOException {
        return advance(false);
    }

    private boolean advance(boolean keep) throws IOException {
        lineLength = 0;
        lineTotalBytes = 0;
        boolean sawAny = false;
        while (true) {
            if (position >= limit) {
                if (!fill()) {
                    if (!sawAny) {
                        return false;
                    }
                    break;
                }
            }
            sawAny = true;
            int start = position;
            int newline = -1;
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline >= 0 ? newline : limit;
            int count = end - start;
            if (keep && lineLength < keepBytes) {
                int take = Math.min(count, keepBytes - lineLength);
                ensureCapacity(lineLength + take);
                System.arraycopy(buffer, start, line, lineLength, take);
                lineLength += take;
            }
            lineTotalBytes += count;
            if (newline >= 0) {
                position = newline + 1;
                break;
            }
            position = limit;
        }
        // Drop a trailing '\r' (CRLF line ending); it is not part of the text.
        if (lineTotalBytes > 0 && lineLength == lineTotalBytes && lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
            lineTotalBytes--;
        }
        lineNumber++;
        return true;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private void ensureCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(keepBytes, Math.max(needed, line.length * 2)));
        }
    }

    /** The 1-based number of the current line. */
    public long lineNumber() {
        return lineNumber;
    }

    /** The length of the current line in bytes (without the line ending), including any cut part. */
    public long lineBytes() {
        return lineTotalBytes;
    }

    /** Whether the current line was longer than the bytes kept. */
    public boolean cut() {
        return lineTotalBytes > lineLength;
    }

    /** The kept text of the current line, decoded as UTF-8 (a character split by the cut is dropped). */
    public String text() {
        int length = cut() ? Utf8.completeLength(line, lineLength) : lineLength;
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    /** At most {@code maxBytes} of the kept text, cut at a character boundary. */
    public String text(int maxBytes) {
        int length = Math.min(lineLength, maxBytes);
        if (length < lineLength) {
            length = Utf8.completeLength(line, length);
        } else if (cut()) {
            length = Utf8.completeLength(line, length);
        }
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
