package dev.flotilla.tools;

import dev.flotilla.FlotillaException;
import java.util.Objects;

/**
 * A path the {@link Workspace} will not hand out. Not retryable with the same path: the message
 * says why and what is accepted. Tools turn it into an error result; it never reaches a model as a
 * stack trace.
 */
public final class PathRefusedException extends FlotillaException {
    private static final long serialVersionUID = 1L;

    /** Why a path was refused. */
    public enum Reason {
        /** The path contains a NUL byte. */
        NUL_BYTE,
        /** The path is not a valid path on this system, or is empty where one is required. */
        INVALID,
        /** A relative path whose {@code ..} segments climb out of the workspace. */
        TRAVERSAL,
        /** An absolute path outside the workspace. */
        OUTSIDE,
        /** A symbolic link (the path or one of its parents) whose target lies outside the workspace. */
        SYMLINK_OUTSIDE,
        /** A symbolic link that cannot be resolved: a loop, or too many levels. */
        SYMLINK_LOOP,
        /** A path matched by the deny list ({@code .git}, {@code .env}, keys, credential files). */
        DENIED,
        /** Nothing exists at the path. */
        NOT_FOUND,
        /** The file exists but cannot be read. */
        UNREADABLE
    }

    private final Reason reason;
    private final String path;

    /** Creates the exception; {@code message} names the path, the reason and what is accepted. */
    public PathRefusedException(Reason reason, String path, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.path = Objects.requireNonNull(path, "path");
    }

    /** Why the path was refused. */
    public Reason reason() {
        return reason;
    }

    /** The path as requested (NUL bytes shown as {@code \0}). */
    public String path() {
        return path;
    }
}
