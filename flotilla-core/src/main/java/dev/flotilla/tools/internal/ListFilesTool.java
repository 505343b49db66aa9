package dev.flotilla.tools.internal;

import dev.flotilla.tools.ToolResult;
import dev.flotilla.tools.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code list_files}: the repository's files matching a glob, as git sees them (.gitignore honoured,
 * denied paths left out), sorted and capped.
 */
public final class ListFilesTool extends WorkspaceTool {
    /** The tool's name. */
    public static final String NAME = "list_files";

    /** A list_files tool on {@code workspace}. */
    public ListFilesTool(Workspace workspace) {
        super(
                workspace,
                NAME,
                "List files in the repository (files ignored by .gitignore are left out), sorted by path."
                        + " A pattern without '/' matches file names at any depth ('*.java'); one with '/'"
                        + " matches the path under 'path' ('src/**/*.ts'). Supports *, **, ?, [abc], {a,b}."
                        + " At most " + workspace.limits().maxFiles() + " paths.",
                new Args()
                        .string("pattern", "glob, e.g. '*.py' or 'src/**/Test*.java' (default: every file)", false)
                        .string("path", "directory to list, relative to the repository root (default '.')", false));
    }

    @Override
    ToolResult run(Args.Values values) throws IOException {
        String glob = values.string("pattern").orElse("**");
        @Nullable Pattern pattern;
        boolean byName = glob.indexOf('/') < 0;
        try {
            pattern = glob.equals("**") ? null : Glob.compile(glob, true);
        } catch (IllegalArgumentException e) {
            return ToolResult.error(
                    NAME,
                    "pattern '" + glob + "' is not a valid glob: " + e.getMessage()
                            + "; accepted: *, **, ?, [abc], {a,b}");
        }
        Path start = resolveStart(values);
        String startRelative = workspace.relativize(start);
        List<String> matches = new ArrayList<>();
        RepoWalker walker = new RepoWalker(workspace, deadline());
        walker.walk(start, entry -> {
            String path = entry.path();
            String subject;
            if (byName) {
                subject = path.substring(path.lastIndexOf('/') + 1);
            } else {
                subject = startRelative.isEmpty() || !path.startsWith(startRelative + "/")
                        ? path
                        : path.substring(startRelative.length() + 1);
            }
            if (pattern == null || pattern.matcher(subject).matches()) {
                matches.add(path);
            }
            return true;
        });
        matches.sort(null);
        LinkedHashMap<String, String> attributes = new LinkedHashMap<>();
        attributes.put("path", display(start));
        attributes.put("pattern", glob);
        if (matches.isEmpty()) {
            attributes.put("count", "0");
            return ToolResult.ok(
                    NAME,
                    "no files match '" + glob + "' under '" + display(start) + "'"
                            + (walker.ignoredCount() > 0
                                    ? " (" + walker.ignoredCount() + " paths ignored by .gitignore)"
                                    : ""),
                    false,
                    attributes);
        }
        CappedText text = new CappedText(workspace.limits().maxResultBytes() - NOTE_ROOM);
        int shown = 0;
        for (String match : matches) {
            if (shown >= workspace.limits().maxFiles() || !text.addLine(match)) {
                break;
            }
            shown++;
        }
        boolean truncated = shown < matches.size() || walker.entryCapHit();
        attributes.put("count", shown + " of " + matches.size() + (walker.entryCapHit() ? "+" : ""));
        String content = text.toString();
        if (shown < matches.size()) {
            content += "[" + (matches.size() - shown) + " more not shown; narrow with pattern or path]\n";
        }
        if (walker.entryCapHit()) {
            content += "[stopped after " + workspace.limits().maxWalkEntries() + " directory entries]\n";
        }
        return ToolResult.ok(NAME, content, truncated, attributes);
    }
}
