package dev.flotilla.tools.internal;

import dev.flotilla.tools.ToolResult;
import dev.flotilla.tools.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;

/**
 * {@code read_file}: a range of lines of one text file, numbered, streamed so that a file of any size
 * is read in constant memory; long lines are cut, the result is capped, and the range shown is
 * marked {@code lines X-Y of Z}. A binary file is summarised (type and size), never dumped.
 */
public final class ReadFileTool extends WorkspaceTool {
    /** The tool's name. */
    public static final String NAME = "read_file";

    /** A read_file tool on {@code workspace}. */
    public ReadFileTool(Workspace workspace) {
        super(
                workspace,
                NAME,
                "Read lines of a text file in the repository. Each line comes back as its number, a tab and its"
                        + " text. Without end_line, reads up to "
                        + workspace.limits().maxReadLines()
                        + " lines; the result says 'lines X-Y of Z' so you can ask for more with start_line.",
                new Args()
                        .string("path", "file path relative to the repository root, e.g. src/Main.java", true)
                        .integer("start_line", "first line to read, 1-based (default 1)", 1, Integer.MAX_VALUE)
                        .integer(
                                "end_line",
                                "last line to read, inclusive (default: as many as fit)",
                                1,
                                Integer.MAX_VALUE));
    }

    @Override
    ToolResult run(Args.Values values) throws IOException {
        String requested = values.string("path").orElseThrow();
        Path file = workspace.resolve(requested);
        String path = display(file);
        if (Files.isDirectory(file)) {
            return ToolResult.error(NAME, "'" + requested + "' is a directory; use list_files to see its files");
        }
        if (!isFile(file)) {
            return ToolResult.error(NAME, "'" + requested + "' is not a regular file");
        }
        FileSniffer.Sniff sniff = FileSniffer.sniff(file);
        LinkedHashMap<String, String> attributes = new LinkedHashMap<>();
        attributes.put("path", path);
        if (sniff.binary()) {
            attributes.put("binary", sniff.type());
            attributes.put("size", Long.toString(sniff.size()));
            return ToolResult.ok(
                    NAME,
                    "binary file, not shown: " + sniff.type() + ", " + FileSniffer.humanSize(sniff.size()) + " ("
                            + sniff.size() + " bytes)",
                    false,
                    attributes);
        }
        long start = values.integer("start_line").orElse(1L);
        long end = values.integer("end_line").orElse(start + workspace.limits().maxReadLines() - 1);
        if (end < start) {
            return ToolResult.error(
                    NAME, "end_line " + end + " is before start_line " + start + "; accepted: end_line >= start_line");
        }
        int maxLine = workspace.limits().maxLineBytes();
        CappedText text = new CappedText(workspace.limits().maxResultBytes() - NOTE_ROOM);
        long lastShown = start - 1;
        boolean cutLines = false;
        long total;
        try (LineReader reader = new LineReader(Files.newInputStream(file), maxLine)) {
            while (reader.lineNumber() < start - 1 && reader.skip()) {
                // skipping to the range, in constant memory
            }
            while (!text.full() && reader.lineNumber() < end && reader.next()) {
                String line = reader.lineNumber() + "\t" + reader.text();
                if (reader.cut()) {
                    line += " [line cut: " + reader.lineBytes() + " bytes, first " + maxLine + " shown]";
                }
                if (text.addLine(line)) {
                    lastShown = reader.lineNumber();
                    cutLines |= reader.cut();
                }
            }
            while (reader.skip()) {
                // counting the rest for "of Z"
            }
            total = reader.lineNumber();
        }
        if (total == 0) {
            attributes.put("lines", "0-0 of 0");
            return ToolResult.ok(NAME, "(empty file)", false, attributes);
        }
        if (start > total) {
            return ToolResult.error(
                    NAME,
                    "start_line " + start + " is past the end of '" + path + "', which has " + total
                            + " lines; accepted: 1 to " + total);
        }
        long wanted = Math.min(end, total);
        boolean stoppedEarly = lastShown < wanted;
        attributes.put("lines", start + "-" + lastShown + " of " + total);
        String content = text.toString();
        if (stoppedEarly) {
            content += "[truncated at " + workspace.limits().maxResultBytes() + " bytes: showing lines " + start + "-"
                    + lastShown + " of " + total + "; continue with start_line=" + (lastShown + 1) + "]\n";
        } else if (lastShown < total && values.integer("end_line").isEmpty()) {
            content += "[showing lines " + start + "-" + lastShown + " of " + total + "; continue with start_line="
                    + (lastShown + 1) + "]\n";
        }
        return ToolResult.ok(NAME, content, stoppedEarly || cutLines, attributes);
    }
}
