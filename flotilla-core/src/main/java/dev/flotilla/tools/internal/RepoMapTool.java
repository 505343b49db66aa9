package dev.flotilla.tools.internal;

import dev.flotilla.tools.ToolResult;
import dev.flotilla.tools.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code repo_map}: a compact outline of the repository: directories, their files with language and
 * line count, and each source file's top-level declarations; capped, and partial (marked) when the
 * time limit strikes.
 */
public final class RepoMapTool extends WorkspaceTool {
    /** The tool's name. */
    public static final String NAME = "repo_map";

    /** Files larger than this get a size, not a line count or declarations. */
    private static final long MAX_OUTLINED_BYTES = 4L * 1024 * 1024;

    /** The most declarations listed per file. */
    private static final int MAX_DECLARATIONS_PER_FILE = 12;

    /** A repo_map tool on {@code workspace}. */
    public RepoMapTool(Workspace workspace) {
        super(
                workspace,
                NAME,
                "A compact outline of the repository (or of one directory): each directory, its files with language"
                        + " and line count, and the top-level declarations of Java, Python, JavaScript, TypeScript and"
                        + " Go files. Files ignored by .gitignore are left out. Start here to find your way.",
                new Args()
                        .string("path", "directory to outline, relative to the repository root (default '.')", false));
    }

    private record FileLine(String name, String summary) {}

    @Override
    ToolResult run(Args.Values values) throws IOException {
        Path start = resolveStart(values);
        Map<String, List<FileLine>> byDirectory = new TreeMap<>();
        Map<String, Integer> languages = new TreeMap<>();
        long[] totals = {0, 0}; // files, lines
        boolean timedOut = false;
        RepoWalker walker = new RepoWalker(workspace, deadline());
        try {
            walker.walk(start, entry -> {
                int slash = entry.path().lastIndexOf('/');
                String directory = slash < 0 ? "" : entry.path().substring(0, slash);
                String name = entry.path().substring(slash + 1);
                String summary = summarise(entry, languages, totals);
                byDirectory.computeIfAbsent(directory, d -> new ArrayList<>()).add(new FileLine(name, summary));
                return true;
            });
        } catch (Deadline.TimeLimitExceededException e) {
            if (e.interrupted()) {
                throw e;
            }
            timedOut = true;
        }
        StringBuilder header = new StringBuilder();
        header.append(totals[0]).append(" files, ").append(totals[1]).append(" lines");
        if (!languages.isEmpty()) {
            header.append("; ");
            List<String> parts = new ArrayList<>();
            languages.forEach((language, count) -> parts.add(language + " " + count));
            header.append(String.join(", ", parts));
        }
        CappedText text = new CappedText(workspace.limits().maxResultBytes() - NOTE_ROOM);
        text.addLine(header.toString());
        int shown = 0;
        outer:
        for (Map.Entry<String, List<FileLine>> directory : byDirectory.entrySet()) {
            if (!text.addLine((directory.getKey().isEmpty() ? "." : directory.getKey()) + "/")) {
                break;
            }
            for (FileLine file : directory.getValue()) {
                if (!text.addLine("  " + file.name() + "  " + file.summary())) {
                    break outer;
                }
                shown++;
            }
        }
        LinkedHashMap<String, String> attributes = new LinkedHashMap<>();
        attributes.put("path", display(start));
        attributes.put("files", shown + " of " + totals[0]);
        String content = text.toString();
        boolean truncated = shown < totals[0] || timedOut || walker.entryCapHit();
        if (shown < totals[0]) {
            content += "[" + (totals[0] - shown) + " files not shown; ask repo_map for a subdirectory]\n";
        }
        if (timedOut) {
            content += "[stopped at the time limit of "
                    + workspace.limits().timeLimit().toMillis() + " ms; the outline is partial]\n";
        }
        if (walker.entryCapHit()) {
            content += "[stopped after " + workspace.limits().maxWalkEntries() + " directory entries]\n";
        }
        return ToolResult.ok(NAME, content, truncated, attributes);
    }

    private String summarise(RepoWalker.Entry entry, Map<String, Integer> languages, long[] totals) throws IOException {
        totals[0]++;
        if (entry.size() > MAX_OUTLINED_BYTES) {
            return "(" + FileSniffer.humanSize(entry.size()) + ", not outlined)";
        }
        FileSniffer.Sniff sniff = FileSniffer.sniff(entry.real());
        if (sniff.binary()) {
            return "(binary: " + sniff.type() + ", " + FileSniffer.humanSize(sniff.size()) + ")";
        }
        Optional<Language> language = Language.of(entry.path());
        language.ifPresent(l -> languages.merge(l.displayName(), 1, Integer::sum));
        List<String> declarations = new ArrayList<>();
        int more = 0;
        long lines;
        try (LineReader reader = new LineReader(
                Files.newInputStream(entry.real()), workspace.limits().maxLineBytes())) {
            boolean outline = language.isPresent() && language.get().hasDeclarations();
            while (outline ? reader.next() : reader.skip()) {
                if (!outline) {
                    continue;
                }
                Optional<Language.Found> found = language.get().declarationIn(reader.text());
                if (found.isPresent() && found.get().topLevel()) {
                    if (declarations.size() < MAX_DECLARATIONS_PER_FILE) {
                        declarations.add(found.get().kind() + " " + found.get().name() + ":" + reader.lineNumber());
                    } else {
                        more++;
                    }
                }
            }
            lines = reader.lineNumber();
        }
        totals[1] += lines;
        StringBuilder summary = new StringBuilder("(");
        language.ifPresent(l -> summary.append(l.displayName()).append(", "));
        summary.append(lines).append(lines == 1 ? " line)" : " lines)");
        if (!declarations.isEmpty()) {
            summary.append(": ").append(String.join(", ", declarations));
            if (more > 0) {
                summary.append(", +").append(more).append(" more");
            }
        }
        return summary.toString();
    }
}
