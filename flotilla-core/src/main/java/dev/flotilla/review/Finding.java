package dev.flotilla.review;

import java.util.Objects;

/**
 * One review finding.
 *
 * @param file the path relative to the reviewed root, with {@code /} separators
 * @param startLine the first line (1-based)
 * @param endLine the last line, at least {@code startLine}
 * @param severity how much it matters
 * @param category bug, security, performance, maintainability, style or test
 * @param message what is wrong and why
 * @param evidence the code the finding rests on, as read from the file
 * @param subtask the sub-agent (subtask id) that found it
 * @param model the model that sub-agent ran on
 */
public record Finding(
        String file,
        int startLine,
        int endLine,
        Severity severity,
        String category,
        String message,
        String evidence,
        String subtask,
        String model) {

    public Finding {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(subtask, "subtask");
        Objects.requireNonNull(model, "model");
        if (startLine < 1 || endLine < startLine) {
            throw new IllegalArgumentException(
                    "lines must satisfy 1 <= start <= end, got " + startLine + "-" + endLine + " in " + file);
        }
    }

    /** {@code file:start} or {@code file:start-end}. */
    public String location() {
        return file + ":" + startLine + (endLine > startLine ? "-" + endLine : "");
    }
}
