package dev.flotilla.tools.internal;

import dev.flotilla.tools.ToolResult;
import dev.flotilla.tools.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * {@code grep}: lines matching a Java regular expression, as {@code path:line: text}, over the files
 * git sees. Bounded three ways: a match cap, the result cap, and a time limit that also stops a regex
 * that backtracks catastrophically (matching reads the line through a {@link DeadlineCharSequence}).
 */
public final class GrepTool extends WorkspaceTool {
    /** The tool's name. */
    public static final String NAME = "grep";

    /** A grep tool on {@code workspace}. */
    public GrepTool(Workspace workspace) {
        super(
                workspace,
                NAME,
                "Search file contents with a Java regular expression; returns 'path:line: text' for each matching"
                        + " line, at most " + workspace.limits().maxMatches() + " matches. Files ignored by"
                        + " .gitignore and binary files are skipped. The search stops after "
                        + workspace.limits().timeLimit().toMillis() + " ms.",
                new Args()
                        .string("pattern", "Java regular expression, e.g. 'executeQuery\\\\(' or 'TODO|FIXME'", true)
                        .string(
                                "path",
                                "directory or file to search, relative to the repository root (default '.')",
                                false)
                        .string("glob", "only files whose name (or, with '/', path) matches, e.g. '*.java'", false)
                        .bool("case_insensitive", "ignore case (default false)")
                        .integer(
                                "max_matches",
                                "stop after this many matches",
                                1,
                                workspace.limits().maxMatches()));
    }

    @Override
    ToolResult run(Args.Values values) throws IOException {
        String regex = values.string("pattern").orElseThrow();
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex, values.bool("case_insensitive", false) ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            return ToolResult.error(
                    NAME,
                    "pattern '" + Args.shorten(regex) + "' is not a valid Java regular expression: "
                            + e.getDescription() + " near index " + e.getIndex());
        }
        @Nullable Pattern fileFilter = null;
        String glob = values.string("glob").orElse(null);
        if (glob != null) {
            try {
                fileFilter = Glob.compile(glob, true);
            } catch (IllegalArgumentException e) {
                return ToolResult.error(NAME, "glob '" + glob + "' is not valid: " + e.getMessage());
            }
        }
        Path start = resolveStart(values);
        int maxMatches = values.integer("max_matches")
                .orElse((long) workspace.limits().maxMatches())
                .intValue();
        Search search = new Search(pattern, fileFilter, glob != null && glob.indexOf('/') >= 0, maxMatches);
        Deadline deadline = deadline();
        RepoWalker walker = new RepoWalker(workspace, deadline);
        LinkedHashMap<String, String> attributes = new LinkedHashMap<>();
        attributes.put("pattern", regex);
        attributes.put("path", display(start));
        try {
            walker.walk(start, entry -> search.file(entry, deadline));
        } catch (Deadline.TimeLimitExceededException e) {
            if (e.interrupted()) {
                throw e;
            }
            String where = search.currentPath == null
                    ? ""
                    : " while matching " + search.currentPath + ":" + search.currentLine;
            String message = "grep stopped at its time limit of "
                    + workspace.limits().timeLimit().toMillis() + " ms"
                    + where + ". The pattern may backtrack catastrophically (nested quantifiers such as (a+)+);"
                    + " simplify it, or narrow path or glob. Matches found before the limit: " + search.matches;
            return ToolResult.error(NAME, message + "\n" + search.text);
        }
        attributes.put("matches", search.matches + (search.stopped() ? "+" : ""));
        if (search.matches == 0) {
            return ToolResult.ok(
                    NAME,
                    "no matches for '" + Args.shorten(regex) + "' under '" + display(start) + "'",
                    false,
                    attributes);
        }
        String content = search.text.toString();
        if (search.matches >= maxMatches) {
            content += "[stopped at " + maxMatches + " matches; narrow the pattern, path or glob]\n";
        } else if (search.text.full()) {
            content += "[truncated at " + workspace.limits().maxResultBytes()
                    + " bytes; narrow the pattern, path or glob]\n";
        }
        if (search.longLines > 0) {
            content += "[" + search.longLines + " lines longer than "
                    + workspace.limits().maxScanLineBytes() + " bytes were searched only in their first "
                    + workspace.limits().maxScanLineBytes() + " bytes]\n";
        }
        if (walker.entryCapHit()) {
            content += "[stopped after " + workspace.limits().maxWalkEntries() + " directory entries]\n";
        }
        return ToolResult.ok(
                NAME, content, search.stopped() || search.longLines > 0 || walker.entryCapHit(), attributes);
    }

    private final class Search {
        private final Pattern pattern;
        private final @Nullable Pattern fileFilter;
        private final boolean filterByPath;
        private final int maxMatches;
        final CappedText text = new CappedText(workspace.limits().maxResultBytes() - NOTE_ROOM);
        int matches;
        int longLines;

        @Nullable
        String currentPath;

        long currentLine;

        Search(Pattern pattern, @Nullable Pattern fileFilter, boolean filterByPath, int maxMatches) {
            this.pattern = pattern;
            this.fileFilter = fileFilter;
            this.filterByPath = filterByPath;
            this.maxMatches = maxMatches;
        }

        boolean stopped() {
            return matches >= maxMatches || text.full();
        }

        boolean file(RepoWalker.Entry entry, Deadline deadline) throws IOException {
            if (fileFilter != null) {
                String subject = filterByPath
                        ? entry.path()
                        : entry.path().substring(entry.path().lastIndexOf('/') + 1);
                if (!fileFilter.matcher(subject).matches()) {
                    return true;
                }
            }
            if (FileSniffer.sniff(entry.real()).binary()) {
                return true;
            }
            currentPath = entry.path();
            int maxLine = workspace.limits().maxLineBytes();
            try (LineReader reader = new LineReader(
                    Files.newInputStream(entry.real()), workspace.limits().maxScanLineBytes())) {
                while (reader.next()) {
                    currentLine = reader.lineNumber();
                    String line = reader.text();
                    if (reader.cut()) {
                        longLines++;
                    }
                    Matcher matcher = pattern.matcher(new DeadlineCharSequence(line, deadline));
                    if (!matcher.find()) {
                        continue;
                    }
                    String shown = line;
                    if (Utf8.length(line) > maxLine) {
                        int from = Math.max(0, matcher.start() - 80);
                        shown = (from > 0 ? "..." : "") + cutToBytes(line.substring(from), maxLine - 6) + "...";
                    }
                    if (!text.addLine(entry.path() + ":" + reader.lineNumber() + ": " + shown)) {
                        return false;
                    }
                    if (++matches >= maxMatches) {
                        return false;
                    }
                }
            }
            currentPath = null;
            return true;
        }
    }
}
