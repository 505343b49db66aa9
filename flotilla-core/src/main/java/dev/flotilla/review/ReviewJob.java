package dev.flotilla.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.orchestration.AgentTools;
import dev.flotilla.orchestration.CostedPlan;
import dev.flotilla.orchestration.Orchestrator;
import dev.flotilla.orchestration.Plan;
import dev.flotilla.orchestration.RunResult;
import dev.flotilla.orchestration.SpanStatus;
import dev.flotilla.orchestration.Subtask;
import dev.flotilla.orchestration.SubtaskOutcome;
import dev.flotilla.orchestration.Task;
import dev.flotilla.routing.TaskKind;
import dev.flotilla.tools.RepositoryTools;
import dev.flotilla.tools.ToolResult;
import dev.flotilla.tools.Toolbox;
import dev.flotilla.tools.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code flotilla review}: nano classifies the files, the flagship plans the review (which files,
 * how to cut large ones into chunks), mini sub-agents review files and chunks in parallel with the
 * repository tools, and the flagship judges: merges, de-duplicates, ranks and drops what the evidence
 * does not support. Findings the judge keeps are checked once more against the files themselves.
 */
public final class ReviewJob {
    /** Files per classification subtask. */
    public static final int CLASSIFY_BATCH = 40;

    /** Lines per review chunk: larger files are cut into chunks of at most this many lines. */
    public static final int CHUNK_LINES = 400;

    /** The output name sub-agents promise. */
    public static final String FINDINGS = "findings";

    /** The output name classifiers promise. */
    public static final String CLASSIFICATION = "classification";

    private final Workspace workspace;
    private final Toolbox tools;
    private final ObjectMapper mapper;
    private final String target;

    /**
     * Creates a review of a workspace.
     *
     * @param target the path as the user gave it, for the report
     */
    public ReviewJob(Workspace workspace, String target, ObjectMapper mapper) {
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.tools = RepositoryTools.forWorkspace(workspace);
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.target = Objects.requireNonNull(target, "target");
    }

    /** A file of the workspace with its size and line count. */
    public record RepoFile(String path, long bytes, long lines) {}

    /** The files the review starts from: everything list_files returns (gitignore and deny list honoured). */
    public List<RepoFile> files() {
        ObjectNode args = mapper.createObjectNode().put("pattern", "**");
        ToolResult listed = tools.execute("list_files", args);
        List<RepoFile> files = new ArrayList<>();
        for (String line : listed.content().lines().toList()) {
            String path = line.strip();
            if (path.isEmpty() || path.startsWith("(") || path.startsWith("[")) {
                continue;
            }
            int space = path.indexOf("  ");
            if (space > 0) {
                path = path.substring(0, space);
            }
            try {
                Path real = workspace.resolve(path);
                if (Files.isRegularFile(real)) {
                    files.add(new RepoFile(path, Files.size(real), countLines(real)));
                }
            } catch (RuntimeException | IOException e) {
                // Refused or vanished: not part of the review.
            }
        }
        return files;
    }

    /** The review task: classification first, then the flagship's plan, reviews and the judge. */
    public Task task(List<RepoFile> files) {
        List<Subtask> classify = new ArrayList<>();
        for (int i = 0; i < files.size(); i += CLASSIFY_BATCH) {
            List<RepoFile> batch = files.subList(i, Math.min(files.size(), i + CLASSIFY_BATCH));
            StringBuilder brief = new StringBuilder(
                    "Classify each file of a code repository: its language; its role"
                            + " (source, test, config, doc, generated, other); and whether it is worth a code review"
                            + " (source and test code yes; generated, vendored, lock and data files no). Files (path, lines):\n");
            batch.forEach(
                    f -> brief.append(f.path()).append(" (").append(f.lines()).append(" lines)\n"));
            classify.add(new Subtask(
                    "c" + (classify.size() + 1),
                    TaskKind.CLASSIFY,
                    brief.toString(),
                    List.of(),
                    List.of(),
                    CLASSIFICATION,
                    null));
        }
        StringBuilder context = new StringBuilder("Repository files (path, lines):\n");
        files.forEach(
                f -> context.append(f.path()).append(" (").append(f.lines()).append(" lines)\n"));
        return new Task(
                "Review the code repository '" + target + "' for bugs, security problems, resource leaks and error"
                        + " handling mistakes. Report findings with file, line range, severity, category, message and"
                        + " the code quoted as evidence.",
                context.toString(),
                GUIDANCE,
                Map.of(FINDINGS, findingsSchema(), CLASSIFICATION, classificationSchema()),
                judgementSchema(),
                AgentTools.of(tools),
                classify);
    }

    static final String GUIDANCE = """
            Review plan: one file_review subtask per file worth reviewing (see the classification results); a file \
            over 400 lines gets one subtask per chunk of at most 400 lines, its brief naming the file and the \
            line range. Keep each brief short: the file, the range and what to look for; sub-agents know to \
            read the file, search it, and quote the code as evidence. expected_output: findings. Skip generated, vendored and data files.
            Judging: refer to a sub-agent's finding as SUBTASK#N (N counts from 1 in that subtask's findings \
            list). Every reported finding is kept unless you say otherwise, so answer only with the exceptions: \
            'drop' the findings the evidence does not support (with a short reason), 'merge' duplicates (same \
            file, overlapping lines, same problem) into the one to keep, and 'regrade' findings whose severity is \
            wrong (with a short note). Findings are ranked by severity.""";

    /**
     * A plan drafted without any model, for {@code --dry-run}: every file a reviewer would look at
     * (by extension), chunked as the planner is told to.
     */
    public Plan draftPlan(List<RepoFile> files) {
        List<Subtask> subtasks = new ArrayList<>();
        for (RepoFile file : files) {
            if (!looksReviewable(file.path())) {
                continue;
            }
            long lines = Math.max(1, file.lines());
            for (long start = 1; start <= lines; start += CHUNK_LINES) {
                long end = Math.min(lines, start + CHUNK_LINES - 1);
                String range = lines > CHUNK_LINES ? " lines " + start + "-" + end : "";
                subtasks.add(new Subtask(
                        "s" + (subtasks.size() + 1),
                        TaskKind.FILE_REVIEW,
                        "Review " + file.path() + range + " for bugs, security problems, resource leaks and error"
                                + " handling mistakes. Read it with read_file; quote the code as evidence.",
                        List.of(file.path() + (range.isEmpty() ? "" : ":" + start + "-" + end)),
                        List.of(),
                        FINDINGS,
                        null));
            }
        }
        return new Plan("draft: one subtask per reviewable file or " + CHUNK_LINES + "-line chunk", subtasks);
    }

    /** The dry run: the draft plan with its costed estimate, calling no model. */
    public CostedPlan estimate(Orchestrator orchestrator, List<RepoFile> files) {
        return orchestrator.estimate(draftPlan(files), task(files));
    }

    /**
     * Runs the review and builds the report.
     *
     * @param job how to rebuild this review (JSON), saved with the run for {@code flotilla runs resume}
     */
    public ReviewReport run(
            Orchestrator orchestrator, boolean simulated, @org.jspecify.annotations.Nullable String job) {
        return run(orchestrator, simulated, job, files());
    }

    /** Runs the review over files already listed with {@link #files()} (the walk is not repeated). */
    public ReviewReport run(
            Orchestrator orchestrator,
            boolean simulated,
            @org.jspecify.annotations.Nullable String job,
            List<RepoFile> files) {
        RunResult result = orchestrator.run(task(files), job);
        return report(result, simulated);
    }

    /** Builds the report from a finished run (also used after {@code flotilla runs resume}). */
    public ReviewReport report(RunResult result, boolean simulated) {
        Map<String, String> modelBySubtask = new HashMap<>();
        List<String> notes = new ArrayList<>();
        Set<String> reviewedFiles = new LinkedHashSet<>();
        for (SubtaskOutcome outcome : result.outcomes()) {
            if (outcome.model() != null) {
                modelBySubtask.put(outcome.subtask().id(), outcome.model());
            }
            if (outcome.subtask().kind() == TaskKind.FILE_REVIEW) {
                outcome.subtask().inputs().forEach(i -> reviewedFiles.add(i.replaceFirst(":\\d+-\\d+$", "")));
            }
            if (outcome.status() != SpanStatus.OK) {
                notes.add("subtask " + outcome.subtask().id() + " "
                        + outcome.status().wireName() + ": " + outcome.error());
            }
        }
        Map<String, JsonNode> reported = reportedFindings(result);
        List<Finding> findings = new ArrayList<>();
        JsonNode answer;
        try {
            answer = mapper.readTree(result.answer());
        } catch (IOException e) {
            throw new IllegalStateException("the judge's answer is not JSON: " + e.getMessage(), e);
        }
        Map<String, String> dropped = new LinkedHashMap<>();
        for (JsonNode drop : answer.path("drop")) {
            dropped.put(
                    drop.path("ref").asText(),
                    "dropped by the judge: " + drop.path("reason").asText(""));
        }
        for (JsonNode merge : answer.path("merge")) {
            String keep = merge.path("keep").asText();
            merge.path("duplicates").forEach(d -> {
                if (!d.asText().equals(keep)) {
                    dropped.putIfAbsent(d.asText(), "merged into " + keep);
                }
            });
        }
        Map<String, JsonNode> regraded = new HashMap<>();
        answer.path("regrade").forEach(r -> regraded.put(r.path("ref").asText(), r));
        for (String ref : dropped.keySet()) {
            if (!reported.containsKey(ref)) {
                notes.add("the judge referred to '" + ref + "', which no sub-agent reported; ignored");
            }
        }
        long judgeDrops =
                dropped.values().stream().filter(v -> v.startsWith("dropped")).count();
        for (Map.Entry<String, JsonNode> entry : reported.entrySet()) {
            String ref = entry.getKey();
            JsonNode item = entry.getValue();
            if (dropped.containsKey(ref)) {
                continue;
            }
            String problem = verify(item);
            if (problem != null) {
                notes.add("dropped " + ref + " at " + item.path("file").asText() + ":"
                        + item.path("start_line").asInt() + ": " + problem);
                continue;
            }
            JsonNode regrade = regraded.get(ref);
            Severity severity;
            try {
                String name = regrade != null
                        ? regrade.path("severity").asText()
                        : item.path("severity").asText("");
                severity = Severity.parse(name.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                severity = Severity.INFO;
            }
            String note = regrade != null ? regrade.path("note").asText("") : "";
            String subtask = ref.substring(0, ref.lastIndexOf('#'));
            findings.add(new Finding(
                    item.path("file").asText(),
                    item.path("start_line").asInt(),
                    Math.max(
                            item.path("start_line").asInt(),
                            item.path("end_line").asInt()),
                    severity,
                    item.path("category").asText("bug"),
                    item.path("message").asText() + (note.isBlank() ? "" : " (judge: " + note + ")"),
                    item.path("evidence").asText(""),
                    subtask,
                    modelBySubtask.getOrDefault(subtask, "unknown")));
        }
        if (judgeDrops > 0) {
            notes.add("the judge dropped " + judgeDrops + " of " + reported.size()
                    + " reported findings as unsupported by their evidence");
        }
        findings.sort(Comparator.comparing(Finding::severity)
                .thenComparing(Finding::file)
                .thenComparingInt(Finding::startLine));
        return new ReviewReport(
                target, simulated, result.runId(), findings, reviewedFiles.size(), notes, result.summary());
    }

    /** Every finding the sub-agents reported, by reference ({@code SUBTASK#N}, N from 1). */
    private Map<String, JsonNode> reportedFindings(RunResult result) {
        Map<String, JsonNode> reported = new LinkedHashMap<>();
        for (SubtaskOutcome outcome : result.outcomes()) {
            if (outcome.status() != SpanStatus.OK
                    || outcome.output() == null
                    || !FINDINGS.equals(outcome.subtask().expectedOutput())) {
                continue;
            }
            try {
                int n = 0;
                for (JsonNode item : mapper.readTree(outcome.output()).path("findings")) {
                    reported.put(outcome.subtask().id() + "#" + ++n, item);
                }
            } catch (IOException e) {
                // A sub-agent's answer was schema-checked already; an unreadable one reports nothing.
            }
        }
        return reported;
    }

    /** Why a finding is not supported by the file it names, or null when it is. */
    String verify(JsonNode item) {
        String file = item.path("file").asText("");
        int start = item.path("start_line").asInt(0);
        int end = Math.max(start, item.path("end_line").asInt(start));
        if (file.isBlank() || start < 1) {
            return "no file or line";
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(workspace.resolve(file), StandardCharsets.UTF_8);
        } catch (RuntimeException | IOException e) {
            return "the file cannot be read in the workspace (" + e.getMessage() + ")";
        }
        if (end > lines.size()) {
            return "lines " + start + "-" + end + " are past the end of the file (" + lines.size() + " lines)";
        }
        String evidence = normalise(item.path("evidence").asText(""));
        if (evidence.isEmpty()) {
            return null;
        }
        // The evidence must be quoted from the lines it points at (a little slack around them).
        String window =
                normalise(String.join("\n", lines.subList(Math.max(0, start - 3), Math.min(lines.size(), end + 2))));
        for (String piece : evidence.split("\n")) {
            if (!piece.isBlank() && !window.contains(piece.strip())) {
                return "its evidence is not in the file at those lines";
            }
        }
        return null;
    }

    private static String normalise(String text) {
        return text.replace("\r", "").replaceAll("[ \t]+", " ").strip();
    }

    private static boolean looksReviewable(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        return Stream.of(
                                ".java", ".kt", ".py", ".js", ".mjs", ".ts", ".tsx", ".jsx", ".go", ".rs", ".rb", ".c",
                                ".h", ".cc", ".cpp", ".cs", ".php", ".scala", ".swift", ".sh", ".sql")
                        .anyMatch(name::endsWith)
                && !name.contains("/generated/")
                && !name.contains("node_modules/")
                && !name.endsWith(".min.js");
    }

    private static long countLines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return lines.count();
        }
    }

    /** The findings schema: a sub-agent's output. */
    public ObjectNode findingsSchema() {
        ObjectNode item = mapper.createObjectNode();
        item.put("type", "object");
        item.put("additionalProperties", false);
        ObjectNode props = item.putObject("properties");
        props.putObject("file").put("type", "string");
        props.putObject("start_line").put("type", "integer").put("minimum", 1);
        props.putObject("end_line").put("type", "integer").put("minimum", 1);
        ArrayNode severities = props.putObject("severity").put("type", "string").putArray("enum");
        for (Severity s : Severity.values()) {
            severities.add(s.wireName());
        }
        ArrayNode categories = props.putObject("category").put("type", "string").putArray("enum");
        List.of("bug", "security", "resource", "error-handling", "performance", "maintainability", "test")
                .forEach(categories::add);
        props.putObject("message").put("type", "string");
        props.putObject("evidence").put("type", "string");
        ArrayNode required = item.putArray("required");
        props.fieldNames().forEachRemaining(required::add);
        ObjectNode schema = mapper.createObjectNode();
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        ObjectNode list = schema.putObject("properties").putObject("findings");
        list.put("type", "array");
        list.set("items", item);
        schema.putArray("required").add("findings");
        return schema;
    }

    /** The judge's answer: only the exceptions (drops, merges, regrades); the rest is kept. */
    public ObjectNode judgementSchema() {
        ObjectNode schema = mapper.createObjectNode();
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        ObjectNode props = schema.putObject("properties");
        props.set("drop", list(Map.of("ref", "string", "reason", "string")));
        ObjectNode merge = list(Map.of("keep", "string"));
        ObjectNode mergeItem = (ObjectNode) merge.get("items");
        ((ObjectNode) mergeItem.get("properties"))
                .putObject("duplicates")
                .put("type", "array")
                .putObject("items")
                .put("type", "string");
        ((ArrayNode) mergeItem.get("required")).add("duplicates");
        props.set("merge", merge);
        ObjectNode regrade = list(Map.of("ref", "string", "note", "string"));
        ObjectNode regradeItem = (ObjectNode) regrade.get("items");
        ArrayNode severities = ((ObjectNode) regradeItem.get("properties"))
                .putObject("severity")
                .put("type", "string")
                .putArray("enum");
        for (Severity s : Severity.values()) {
            severities.add(s.wireName());
        }
        ((ArrayNode) regradeItem.get("required")).add("severity");
        props.set("regrade", regrade);
        schema.putArray("required").add("drop").add("merge").add("regrade");
        return schema;
    }

    private ObjectNode list(Map<String, String> stringFields) {
        ObjectNode item = mapper.createObjectNode();
        item.put("type", "object");
        item.put("additionalProperties", false);
        ObjectNode props = item.putObject("properties");
        ArrayNode required = item.putArray("required");
        stringFields.keySet().stream().sorted().forEach(name -> {
            props.putObject(name).put("type", "string");
            required.add(name);
        });
        ObjectNode list = mapper.createObjectNode();
        list.put("type", "array");
        list.set("items", item);
        return list;
    }

    /** The classification schema nano answers in. */
    public ObjectNode classificationSchema() {
        ObjectNode item = mapper.createObjectNode();
        item.put("type", "object");
        item.put("additionalProperties", false);
        ObjectNode props = item.putObject("properties");
        props.putObject("path").put("type", "string");
        props.putObject("language").put("type", "string");
        ArrayNode roles = props.putObject("role").put("type", "string").putArray("enum");
        List.of("source", "test", "config", "doc", "generated", "other").forEach(roles::add);
        props.putObject("review").put("type", "boolean");
        item.putArray("required").add("path").add("language").add("role").add("review");
        ObjectNode schema = mapper.createObjectNode();
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        ObjectNode files = schema.putObject("properties").putObject("files");
        files.put("type", "array");
        files.set("items", item);
        schema.putArray("required").add("files");
        return schema;
    }

    /** Findings by file, for callers that group (the progress display, tests). */
    public static Map<String, List<Finding>> byFile(List<Finding> findings) {
        Map<String, List<Finding>> grouped = new LinkedHashMap<>();
        findings.forEach(
                f -> grouped.computeIfAbsent(f.file(), k -> new ArrayList<>()).add(f));
        return grouped;
    }
}
