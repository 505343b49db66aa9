package dev.flotilla.tools.internal;

/**
 * A {@link CharSequence} that checks a {@link Deadline} every few hundred {@link #charAt} calls, so
 * that a regular expression that backtracks catastrophically ({@code (a+)+$} on a long line) stops at
 * the time limit instead of running for ages: {@link java.util.regex.Matcher} reads its input only
 * through {@code charAt}.
 */
public final class DeadlineCharSequence implements CharSequence {
    private static final int CHECK_EVERY = 256;

    private final CharSequence text;
    private final Deadline deadline;
    private int untilCheck = CHECK_EVERY;

    /** Wraps {@code text}; reading it throws once {@code deadline} has passed. */
    public DeadlineCharSequence(CharSequence text, Deadline deadline) {
        this.text = text;
        this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
        if (--untilCheck <= 0) {
            untilCheck = CHECK_EVERY;
            deadline.check();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new DeadlineCharSequence(text.subSequence(start, end), deadline);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
