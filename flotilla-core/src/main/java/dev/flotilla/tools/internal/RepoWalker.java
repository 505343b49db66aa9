package dev.flotilla.tools.internal;

import dev.flotilla.tools.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a workspace's files in sorted order the way git sees them: directories and files ignored by
 * the root's and nested {@code .gitignore} files (and {@code .git/info/exclude}) are skipped, as are
 * denied paths. Directory symbolic links are not followed (no loops, no escapes); a file symbolic
 * link is visited only when its target lies in the workspace and is not denied. One walker per call;
 * not thread-safe.
 */
public final class RepoWalker {
    /** The most bytes of a {@code .gitignore} file that are read. */
    private static final int MAX_IGNORE_FILE_BYTES = 1024 * 1024;

    /**
     * A file the walk reached.
     *
     * @param real its real path
     * @param path its path relative to the workspace root, {@code /}-separated
     * @param size its size in bytes
     */
    public record Entry(Path real, String path, long size) {}

    /** Receives files; returns false to stop the walk. */
    @FunctionalInterface
    public interface Visitor {
        /** Called for each file, in sorted path order. */
        boolean visit(Entry entry) throws IOException;
    }

    private record Ignore(String directory, GitIgnore rules) {}

    private final Workspace workspace;
    private final Deadline deadline;
    private final List<Ignore> ignores = new ArrayList<>();
    private int entries;
    private int ignoredCount;
    private boolean entryCapHit;
    private boolean stopped;

    /** A walker over {@code workspace} that checks {@code deadline} at every entry. */
    public RepoWalker(Workspace workspace, Deadline deadline) {
        this.workspace = workspace;
        this.deadline = deadline;
    }

    /** How many files and directories were skipped because .gitignore ignores them. */
    public int ignoredCount() {
        return ignoredCount;
    }

    /** Whether the walk stopped at the cap on directory entries. */
    public boolean entryCapHit() {
        return entryCapHit;
    }

    /**
     * Whether the workspace-relative path (a directory or file) or one of its parents is ignored by
     * .gitignore. Loads the ignore files on the way as a side effect, for a walk starting there.
     */
    public boolean isIgnoredWithParents(String relativePath, boolean directory) throws IOException {
        ignores.clear();
        loadIgnores(workspace.root(), "");
        if (relativePath.isEmpty()) {
            return false;
        }
        String[] segments = relativePath.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (!prefix.isEmpty()) {
                prefix.append('/');
            }
            prefix.append(segments[i]);
            boolean last = i == segments.length - 1;
            if (isIgnored(prefix.toString(), !last || directory)) {
                return true;
            }
            if (!last || directory) {
                loadIgnores(workspace.root().resolve(prefix.toString()), prefix.toString());
            }
        }
        return false;
    }

    /**
     * Visits the files under {@code start} (a real path in the workspace; a regular file is visited
     * alone, ignored or not, since it was asked for by name).
     *
     * @throws Deadline.TimeLimitExceededException when the deadline passes
     */
    public void walk(Path start, Visitor visitor) throws IOException {
        String relative = workspace.relativize(start);
        if (Files.isRegularFile(start)) {
            visitor.visit(new Entry(start, relative, Files.size(start)));
            return;
        }
        if (isIgnoredWithParents(relative, true)) {
            ignoredCount++;
            return;
        }
        walkDirectory(start, relative, visitor);
    }

    private void walkDirectory(Path directory, String relative, Visitor visitor) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path child : stream) {
                children.add(child);
            }
        } catch (IOException e) {
            return; // an unreadable directory is skipped, like git does
        }
        children.sort(
                (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path child : children) {
            if (stopped) {
                return;
            }
            deadline.check();
            if (++entries > workspace.limits().maxWalkEntries()) {
                entryCapHit = true;
                stopped = true;
                return;
            }
            String name = child.getFileName().toString();
            String childRelative = relative.isEmpty() ? name : relative + "/" + name;
            if (workspace.isDenied(childRelative)) {
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                continue;
            }
            if (attributes.isDirectory()) {
                if (isIgnored(childRelative, true)) {
                    ignoredCount++;
                    continue;
                }
                int depth = ignores.size();
                loadIgnores(child, childRelative);
                walkDirectory(child, childRelative, visitor);
                while (ignores.size() > depth) {
                    ignores.removeLast();
                }
            } else if (attributes.isRegularFile()) {
                if (isIgnored(childRelative, false)) {
                    ignoredCount++;
                    continue;
                }
                if (!visitor.visit(new Entry(child, childRelative, attributes.size()))) {
                    stopped = true;
                }
            } else if (attributes.isSymbolicLink()) {
                if (isIgnored(childRelative, false)) {
                    ignoredCount++;
                    continue;
                }
                Path target;
                try {
                    target = child.toRealPath();
                } catch (IOException e) {
                    continue; // dangling or looping link
                }
                if (!target.startsWith(workspace.root())
                        || workspace.isDenied(workspace.relativize(target))
                        || !Files.isRegularFile(target)) {
                    continue; // links out, to denied files and to directories are not followed
                }
                if (!visitor.visit(new Entry(target, childRelative, Files.size(target)))) {
                    stopped = true;
                }
            }
        }
    }

    private boolean isIgnored(String relativePath, boolean directory) {
        for (int i = ignores.size() - 1; i >= 0; i--) {
            Ignore ignore = ignores.get(i);
            String sub = ignore.directory().isEmpty()
                    ? relativePath
                    : relativePath.substring(ignore.directory().length() + 1);
            Boolean matched = ignore.rules().match(sub, directory);
            if (matched != null) {
                return matched;
            }
        }
        return false;
    }

    private void loadIgnores(Path directory, String relative) throws IOException {
        List<String> lines = new ArrayList<>();
        if (relative.isEmpty()) {
            lines.addAll(readRules(directory.resolve(".git").resolve("info").resolve("exclude")));
        }
        lines.addAll(readRules(directory.resolve(".gitignore")));
        if (!lines.isEmpty()) {
            GitIgnore rules = GitIgnore.parse(lines);
            if (!rules.isEmpty()) {
                ignores.add(new Ignore(relative, rules));
            }
        }
    }

    private static List<String> readRules(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        byte[] bytes;
        try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_IGNORE_FILE_BYTES);
        }
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }
}
