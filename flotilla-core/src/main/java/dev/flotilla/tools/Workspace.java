package dev.flotilla.tools;

import dev.flotilla.tools.PathRefusedException.Reason;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The sandbox the repository tools read through: a root directory, a deny list and the caps. Every
 * path a model gives is resolved with {@link Path#toRealPath} and must lie under the root's real
 * path; {@code ../} escapes, absolute paths elsewhere, symbolic links pointing out, link loops, NUL
 * bytes and denied paths are refused with a {@link PathRefusedException} that says why.
 *
 * <p>Immutable and thread-safe. Messages name paths as the model gave them or relative to the root,
 * never the root's absolute location on this machine.
 */
public final class Workspace {
    private final Path root;
    private final DenyList denyList;
    private final ToolLimits limits;
    private final InstantSource clock;

    private Workspace(Builder builder) {
        Path given = Objects.requireNonNull(builder.root, "root");
        try {
            this.root = given.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("workspace root '" + given + "' does not exist or cannot be resolved: "
                    + e.getClass().getSimpleName());
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("workspace root '" + given + "' is not a directory");
        }
        this.denyList = builder.denyList;
        this.limits = builder.limits;
        this.clock = builder.clock;
    }

    /**
     * A workspace on {@code root} with the default deny list and limits.
     *
     * @throws IllegalArgumentException when the root does not exist or is not a directory
     */
    public static Workspace of(Path root) {
        return builder(root).build();
    }

    /** A builder for a workspace on {@code root}. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** The root's real path. */
    public Path root() {
        return root;
    }

    /** The deny list. */
    public DenyList denyList() {
        return denyList;
    }

    /** The caps. */
    public ToolLimits limits() {
        return limits;
    }

    /** The clock the per-call time limits are measured with. */
    public InstantSource clock() {
        return clock;
    }

    /**
     * Resolves a path a model gave, relative to the root (an absolute path must lie under the root),
     * to its real path. The empty string and {@code .} mean the root.
     *
     * @throws PathRefusedException when the path has a NUL byte, is invalid, climbs out of the root,
     *     is absolute elsewhere, goes through a symbolic link that points out or loops, is denied,
     *     does not exist or cannot be read
     */
    public Path resolve(String requested) {
        Objects.requireNonNull(requested, "requested");
        if (requested.indexOf('\0') >= 0) {
            String shown = requested.replace("\0", "\\0");
            throw new PathRefusedException(
                    Reason.NUL_BYTE,
                    shown,
                    "path '" + shown + "' contains a NUL byte; accepted: a path relative to the workspace root");
        }
        String text = requested.isEmpty() ? "." : requested;
        Path given;
        try {
            given = Path.of(text);
        } catch (InvalidPathException e) {
            throw new PathRefusedException(
                    Reason.INVALID, requested, "path '" + requested + "' is not a valid path: " + e.getReason());
        }
        Path joined = given.isAbsolute() ? given : root.resolve(given);
        Path lexical = joined.normalize();
        if (!lexical.startsWith(root)) {
            if (given.isAbsolute()) {
                throw new PathRefusedException(
                        Reason.OUTSIDE,
                        requested,
                        "path '" + requested + "' is outside the workspace; accepted: a path relative to the"
                                + " workspace root, such as 'src/Main.java'");
            }
            throw new PathRefusedException(
                    Reason.TRAVERSAL,
                    requested,
                    "path '" + requested + "' climbs out of the workspace with '..'; accepted: a path inside the"
                            + " workspace root, such as 'src/Main.java'");
        }
        String lexicalRelative = relativize(lexical);
        if (denyList.isDenied(lexicalRelative)) {
            throw denied(requested, lexicalRelative);
        }
        Path real;
        try {
            real = joined.toRealPath();
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(joined)) {
                throw new PathRefusedException(
                        Reason.NOT_FOUND,
                        requested,
                        "path '" + requested + "' is a symbolic link whose target does not exist");
            }
            throw new PathRefusedException(
                    Reason.NOT_FOUND,
                    requested,
                    "path '" + requested + "' does not exist in the workspace; use list_files to see which paths do");
        } catch (AccessDeniedException e) {
            throw new PathRefusedException(
                    Reason.UNREADABLE, requested, "path '" + requested + "' cannot be read (permission denied)");
        } catch (FileSystemException e) {
            if (involvesSymlink(joined)) {
                throw new PathRefusedException(
                        Reason.SYMLINK_LOOP,
                        requested,
                        "path '" + requested + "' goes through a symbolic link that cannot be resolved (a loop or"
                                + " too many levels); accepted: regular files and directories in the workspace");
            }
            throw new PathRefusedException(
                    Reason.UNREADABLE, requested, "path '" + requested + "' cannot be resolved: " + e.getReason());
        } catch (IOException e) {
            throw new PathRefusedException(
                    Reason.UNREADABLE, requested, "path '" + requested + "' cannot be resolved: " + e.getMessage());
        }
        if (!real.startsWith(root)) {
            throw new PathRefusedException(
                    Reason.SYMLINK_OUTSIDE,
                    requested,
                    "path '" + requested + "' is (or goes through) a symbolic link that points outside the workspace;"
                            + " only files inside the workspace can be read");
        }
        String realRelative = relativize(real);
        if (denyList.isDenied(realRelative)) {
            throw denied(requested, realRelative);
        }
        return real;
    }

    /**
     * The path of {@code path} (under the root) relative to the root, with {@code /} separators; the
     * empty string for the root itself.
     *
     * @throws IllegalArgumentException when the path is not under the root
     */
    public String relativize(Path path) {
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("path is not inside the workspace root");
        }
        String relative = root.relativize(path).toString();
        return path.getFileSystem().getSeparator().equals("/")
                ? relative
                : relative.replace(path.getFileSystem().getSeparator(), "/");
    }

    /** Whether a workspace-relative path is denied (see {@link DenyList#isDenied}). */
    public boolean isDenied(String relativePath) {
        return denyList.isDenied(relativePath);
    }

    private PathRefusedException denied(String requested, String relative) {
        return new PathRefusedException(
                Reason.DENIED,
                requested,
                "path '" + requested + "' is denied by the workspace's deny list (pattern '"
                        + denyList.matchingPattern(relative) + "'): version-control internals, environment files,"
                        + " keys and credential files are never read");
    }

    private boolean involvesSymlink(Path joined) {
        for (Path p = joined; p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                return true;
            }
        }
        return Files.exists(joined, LinkOption.NOFOLLOW_LINKS) && Files.isSymbolicLink(joined);
    }

    @Override
    public String toString() {
        return "Workspace[" + root.getFileName() + "]";
    }

    /** Configures a {@link Workspace}. Not thread-safe; the workspace it builds is. */
    public static final class Builder {
        private final Path root;
        private DenyList denyList = DenyList.defaults();
        private ToolLimits limits = ToolLimits.DEFAULTS;
        private InstantSource clock = Clock.systemUTC();

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        /** The deny list (default {@link DenyList#defaults()}). */
        public Builder denyList(DenyList denyList) {
            this.denyList = Objects.requireNonNull(denyList, "denyList");
            return this;
        }

        /** The caps (default {@link ToolLimits#DEFAULTS}). */
        public Builder limits(ToolLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The clock for per-call time limits (default the system clock). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the workspace.
         *
         * @throws IllegalArgumentException when the root does not exist or is not a directory
         */
        public Workspace build() {
            return new Workspace(this);
        }
    }
}
