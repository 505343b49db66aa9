package dev.flotilla.tools.internal;

/** Text that stops growing at a byte cap: whole lines are added until the next would not fit. */
public final class CappedText {
    private final StringBuilder text = new StringBuilder();
    private final int maxBytes;
    private int bytes;
    private boolean full;

    /** Text of at most {@code maxBytes} UTF-8 bytes. */
    public CappedText(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Adds a line and a newline, unless that would pass the cap (then the text is full from now on).
     *
     * @return whether the line was added
     */
    public boolean addLine(String line) {
        if (full) {
            return false;
        }
        int size = Utf8.length(line) + 1;
        if (bytes + size > maxBytes) {
            full = true;
            return false;
        }
        text.append(line).append('\n');
        bytes += size;
        return true;
    }

    /** Whether a line has been refused for lack of room. */
    public boolean full() {
        return full;
    }

    /** The bytes used. */
    public int bytes() {
        return bytes;
    }

    /** The remaining room in bytes. */
    public int remaining() {
        return maxBytes - bytes;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
