package dev.flotilla.tools.internal;

import dev.flotilla.tools.ToolResult;
import dev.flotilla.tools.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code find_symbol}: where a class, interface, function, method or type is declared, by name, in
 * Java, Python, JavaScript, TypeScript and Go; returns {@code path:line: kind name: declaration}.
 */
public final class FindSymbolTool extends WorkspaceTool {
    /** The tool's name. */
    public static final String NAME = "find_symbol";

    /** A find_symbol tool on {@code workspace}. */
    public FindSymbolTool(Workspace workspace) {
        super(
                workspace,
                NAME,
                "Find declarations (classes, interfaces, enums, records, functions, methods, types) by name in Java,"
                        + " Python, JavaScript, TypeScript and Go files. Returns 'path:line: kind name: declaration line'."
                        + " The name is exact, or a glob with * and ? ('User*').",
                new Args()
                        .string("name", "the symbol name, e.g. 'UserRepository' or 'parse*'", true)
                        .string(
                                "kind",
                                "only this kind: class, interface, enum, record, function, method, type, struct",
                                false)
                        .string("language", "only this language: java, python, javascript, typescript, go", false)
                        .string("path", "directory or file to search (default '.')", false));
    }

    @Override
    ToolResult run(Args.Values values) throws IOException {
        String name = values.string("name").orElseThrow();
        if (name.isBlank()) {
            return ToolResult.error(NAME, "argument 'name' must not be blank; accepted: an identifier or a glob");
        }
        Pattern namePattern;
        try {
            namePattern = Glob.compile(name, false);
        } catch (IllegalArgumentException e) {
            return ToolResult.error(NAME, "name '" + name + "' is not a valid identifier or glob: " + e.getMessage());
        }
        String kind = values.string("kind").map(k -> k.toLowerCase(Locale.ROOT)).orElse(null);
        @Nullable Language only = null;
        if (values.string("language").isPresent()) {
            String language = values.string("language").orElseThrow();
            only = Language.named(language).filter(Language::hasDeclarations).orElse(null);
            if (only == null) {
                return ToolResult.error(
                        NAME,
                        "language '" + language
                                + "' is not supported; accepted: java, python, javascript, typescript, go");
            }
        }
        Path start = resolveStart(values);
        int maxMatches = workspace.limits().maxMatches();
        CappedText text = new CappedText(workspace.limits().maxResultBytes() - NOTE_ROOM);
        int[] found = {0};
        Deadline deadline = deadline();
        Language filter = only;
        new RepoWalker(workspace, deadline).walk(start, entry -> {
            Optional<Language> language = Language.of(entry.path());
            if (language.isEmpty()
                    || !language.get().hasDeclarations()
                    || (filter != null && language.get() != filter)) {
                return true;
            }
            if (FileSniffer.sniff(entry.real()).binary()) {
                return true;
            }
            try (LineReader reader = new LineReader(
                    Files.newInputStream(entry.real()), workspace.limits().maxLineBytes())) {
                while (reader.next()) {
                    String line = reader.text();
                    Optional<Language.Found> declaration = language.get().declarationIn(line);
                    if (declaration.isEmpty()
                            || !namePattern.matcher(declaration.get().name()).matches()
                            || (kind != null && !declaration.get().kind().equals(kind))) {
                        continue;
                    }
                    String entryLine = entry.path() + ":" + reader.lineNumber() + ": "
                            + declaration.get().kind() + " " + declaration.get().name() + ": " + line.strip();
                    if (!text.addLine(entryLine) || ++found[0] >= maxMatches) {
                        return false;
                    }
                }
            }
            deadline.check();
            return true;
        });
        LinkedHashMap<String, String> attributes = new LinkedHashMap<>();
        attributes.put("symbol", name);
        attributes.put("path", display(start));
        attributes.put("matches", Integer.toString(found[0]));
        if (found[0] == 0) {
            return ToolResult.ok(
                    NAME,
                    "no declaration of '" + name + "'" + (kind == null ? "" : " of kind " + kind) + " under '"
                            + display(start) + "'; try a glob such as '" + name + "*', or grep",
                    false,
                    attributes);
        }
        boolean truncated = found[0] >= maxMatches || text.full();
        String content = text.toString();
        if (truncated) {
            content += "[stopped at " + found[0] + " declarations; narrow the name, kind or path]\n";
        }
        return ToolResult.ok(NAME, content, truncated, attributes);
    }
}
