package dev.flotilla.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.Role;
import dev.flotilla.provider.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What simulated models do in a review, so that a simulated run reads sensibly and exercises the
 * whole path: nano classifies files by name; the flagship plans one subtask per reviewable file or
 * chunk; mini sub-agents really read their file (or chunk) with {@code read_file}, search it with
 * {@code grep}, and turn the matched lines into findings (every message marked simulated, every line one the tool returned); the flagship judges
 * by merging, de-duplicating and ranking what the sub-agents reported. A pure function of the call.
 */
public final class SimulatedReviewer {
    /** The marker every simulated finding's message starts with. */
    public static final String MARK = "[simulated] ";

    /** A simulated answer: text (often JSON) or tool calls. */
    public record Reply(String text, List<ToolCall> toolCalls) {}

    private record Rule(Pattern pattern, String category, Severity severity, String message) {
        /** Whether the line shows this problem (a resource opened in try/with/defer is closed). */
        boolean matches(String line) {
            if (category.equals("resource") && CLOSED.matcher(line).find()) {
                return false;
            }
            return pattern.matcher(line).find();
        }
    }

    private static final Pattern CLOSED = Pattern.compile("\\btry\\s*\\(|\\bwith\\b|\\bdefer\\b");

    private static final List<Rule> RULES = List.of(
            new Rule(
                    Pattern.compile("\\beval\\s*\\("),
                    "security",
                    Severity.CRITICAL,
                    "eval of dynamic input can run arbitrary code"),
            new Rule(
                    Pattern.compile("(?i)\\b(select|insert|update|delete)\\b.*(\"\\s*\\+|\\+\\s*\"|f\"|%s|\\{\\w+\\})"),
                    "security",
                    Severity.HIGH,
                    "SQL built from string pieces; pass values as query parameters"),
            new Rule(
                    Pattern.compile("(?i)(password|passwd|secret|token|api_?key)\\w*\\s*[:=]\\s*[\"'][^\"']{4,}"),
                    "security",
                    Severity.HIGH,
                    "a credential is hard-coded in the source; read it from configuration"),
            new Rule(
                    Pattern.compile("catch\\s*\\([^)]*\\)\\s*\\{\\s*\\}?\\s*$|except[^:]*:\\s*(pass)?\\s*$"),
                    "error-handling",
                    Severity.MEDIUM,
                    "an exception is caught and ignored"),
            new Rule(
                    Pattern.compile(",\\s*_\\s*:?=|,\\s*_\\s*\\)?\\s*=\\s*\\w"),
                    "error-handling",
                    Severity.MEDIUM,
                    "an error result is discarded"),
            new Rule(
                    Pattern.compile("\\bopen\\(|getConnection\\(|createStatement\\(|\\.Query\\("),
                    "resource",
                    Severity.MEDIUM,
                    "a resource is opened without a visible close (try-with-resources, with, defer)"),
            new Rule(
                    Pattern.compile("\\b(TODO|FIXME|XXX)\\b"),
                    "maintainability",
                    Severity.LOW,
                    "an unfinished piece of work is marked in the code"));

    /** One pattern with every rule, for a single grep per file. */
    static final String GREP_PATTERN = String.join(
            "|", RULES.stream().map(r -> "(?:" + r.pattern().pattern() + ")").toList());

    private static final Pattern FILE_LINE = Pattern.compile("^(\\S[^\\n]*?) \\((\\d+) lines\\)$", Pattern.MULTILINE);
    private static final Pattern RESULT =
            Pattern.compile("<result subtask=\"([^\"]+)\"[^>]*>\\n(.*?)\\n</result>", Pattern.DOTALL);
    private static final Pattern PREPARED =
            Pattern.compile("<prepared subtask=\"[^\"]+\" status=\"ok\">\\n(.*?)\\n</prepared>", Pattern.DOTALL);
    private static final Pattern GREP_LINE = Pattern.compile("^([^:\\n]+):(\\d+): (.*)$", Pattern.MULTILINE);
    private static final Pattern BRIEF_FILE = Pattern.compile("Review (\\S+?)(?: lines (\\d+)-(\\d+))? for");

    private final ObjectMapper mapper;

    /** Creates a reviewer writing JSON with {@code mapper}. */
    public SimulatedReviewer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The simulated answer to a review call, or empty when the call is not part of a review. */
    public Optional<Reply> respond(ModelCall call) {
        if (call.taskKind() == null) {
            return Optional.empty();
        }
        String schema =
                call.responseSchema() == null ? "" : call.responseSchema().name();
        return switch (call.taskKind()) {
            case CLASSIFY -> schema.equals(ReviewJob.CLASSIFICATION) ? Optional.of(classify(call)) : Optional.empty();
            case PLAN ->
                firstUser(call).startsWith(AskJob.GOAL_PREFIX)
                        ? Optional.of(askPlan(call))
                        : firstUser(call).contains("Review the code repository")
                                ? Optional.of(plan(call))
                                : Optional.empty();
            case CODE_SEARCH -> firstUser(call).contains(SEARCH_BRIEF) ? Optional.of(search(call)) : Optional.empty();
            case FILE_REVIEW -> schema.equals(ReviewJob.FINDINGS) ? Optional.of(review(call)) : Optional.empty();
            case JUDGE ->
                firstUser(call).contains(AskJob.GOAL_PREFIX)
                        ? Optional.of(askAnswer(call))
                        : firstUser(call).contains("Review the code repository")
                                ? Optional.of(judge(call))
                                : Optional.empty();
            default -> Optional.empty();
        };
    }

    private Reply classify(ModelCall call) {
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode files = answer.putArray("files");
        Matcher m = FILE_LINE.matcher(lastUser(call));
        while (m.find()) {
            String path = m.group(1).strip();
            String role = role(path);
            String language = language(path);
            files.addObject()
                    .put("path", path)
                    .put("language", language)
                    .put("role", role)
                    .put("review", (role.equals("source") || role.equals("test")) && !language.equals("text"));
        }
        return new Reply(answer.toString(), List.of());
    }

    private Reply plan(ModelCall call) {
        String prompt = lastUser(call);
        Map<String, Long> lines = new LinkedHashMap<>();
        Matcher m = FILE_LINE.matcher(prompt);
        while (m.find()) {
            lines.put(m.group(1).strip(), Long.parseLong(m.group(2)));
        }
        Set<String> reviewable = new LinkedHashSet<>();
        Matcher prepared = PREPARED.matcher(prompt);
        while (prepared.find()) {
            for (JsonNode file : readTree(prepared.group(1)).path("files")) {
                if (file.path("review").asBoolean()) {
                    reviewable.add(file.path("path").asText());
                }
            }
        }
        // Within the plan's fan-out cap, the largest files first: they hold the most to review.
        int cap = call.responseSchema() == null
                ? Integer.MAX_VALUE
                : call.responseSchema()
                        .schema()
                        .at("/properties/subtasks/maxItems")
                        .asInt(Integer.MAX_VALUE);
        List<String> byWork = new ArrayList<>(reviewable);
        byWork.sort((a, b) -> Long.compare(lines.getOrDefault(b, 0L), lines.getOrDefault(a, 0L)));
        Set<String> chosen = new LinkedHashSet<>();
        int planned = 0;
        for (String file : byWork) {
            long chunks =
                    (Math.max(1, lines.getOrDefault(file, 1L)) + ReviewJob.CHUNK_LINES - 1) / ReviewJob.CHUNK_LINES;
            if (planned + chunks <= cap) {
                chosen.add(file);
                planned += (int) chunks;
            }
        }
        reviewable.retainAll(chosen);
        ObjectNode plan = mapper.createObjectNode();
        plan.put(
                "rationale",
                MARK + "one mini review per reviewable file, large files in " + ReviewJob.CHUNK_LINES + "-line chunks");
        ArrayNode subtasks = plan.putArray("subtasks");
        for (String file : reviewable) {
            long total = Math.max(1, lines.getOrDefault(file, 1L));
            for (long start = 1; start <= total; start += ReviewJob.CHUNK_LINES) {
                long end = Math.min(total, start + ReviewJob.CHUNK_LINES - 1);
                String range = total > ReviewJob.CHUNK_LINES ? " lines " + start + "-" + end : "";
                ObjectNode s = subtasks.addObject();
                s.put("id", "s" + subtasks.size());
                s.put("kind", "file_review");
                s.put(
                        "brief",
                        "Review " + file + range + " for bugs, security problems, resource leaks and error"
                                + " handling.");
                s.putArray("inputs").add(file + (range.isEmpty() ? "" : ":" + start + "-" + end));
                s.putArray("depends_on");
                s.put("expected_output", ReviewJob.FINDINGS);
                s.putNull("model_hint");
            }
        }
        return new Reply(plan.toString(), List.of());
    }

    private Reply review(ModelCall call) {
        Matcher brief = BRIEF_FILE.matcher(firstUser(call));
        if (!brief.find()) {
            return new Reply("{\"findings\":[]}", List.of());
        }
        String file = brief.group(1);
        long from = brief.group(2) == null ? 1 : Long.parseLong(brief.group(2));
        long to = brief.group(3) == null ? Long.MAX_VALUE : Long.parseLong(brief.group(3));
        Message last = call.messages().getLast();
        long toolResults =
                call.messages().stream().filter(m -> m.role() == Role.TOOL).count();
        String id = Integer.toHexString(file.hashCode());
        if (toolResults == 0) {
            // First turn: really read the file (its range) with the repository's read_file tool.
            ObjectNode args = mapper.createObjectNode().put("path", file).put("start_line", from);
            if (to != Long.MAX_VALUE) {
                args.put("end_line", to);
            }
            return new Reply("", List.of(new ToolCall("read-" + id, "read_file", args.toString())));
        }
        if (toolResults == 1) {
            // Second turn: search it for the patterns reviewers look for first.
            ObjectNode args =
                    mapper.createObjectNode().put("pattern", GREP_PATTERN).put("path", file);
            return new Reply("", List.of(new ToolCall("grep-" + id, "grep", args.toString())));
        }
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode findings = answer.putArray("findings");
        Matcher hit = GREP_LINE.matcher(last.text());
        while (hit.find()) {
            long line = Long.parseLong(hit.group(2));
            if (!hit.group(1).equals(file) || line < from || line > to) {
                continue;
            }
            String text = hit.group(3);
            for (Rule rule : RULES) {
                if (rule.matches(text)) {
                    findings.addObject()
                            .put("file", file)
                            .put("start_line", line)
                            .put("end_line", line)
                            .put("severity", rule.severity().wireName())
                            .put("category", rule.category())
                            .put("message", MARK + rule.message())
                            .put("evidence", text.strip());
                    break;
                }
            }
        }
        return new Reply(answer.toString(), List.of());
    }

    private Reply judge(ModelCall call) {
        // Merge the findings that share file, line and category into the first one reported.
        Map<String, String> firstByKey = new LinkedHashMap<>();
        Map<String, List<String>> duplicates = new LinkedHashMap<>();
        Matcher result = RESULT.matcher(lastUser(call));
        while (result.find()) {
            int n = 0;
            for (JsonNode finding : readTree(result.group(2)).path("findings")) {
                String ref = result.group(1) + "#" + ++n;
                String key = finding.path("file").asText() + ":"
                        + finding.path("start_line").asInt() + ":"
                        + finding.path("category").asText();
                String first = firstByKey.putIfAbsent(key, ref);
                if (first != null) {
                    duplicates.computeIfAbsent(first, k -> new ArrayList<>()).add(ref);
                }
            }
        }
        ObjectNode verdict = mapper.createObjectNode();
        verdict.putArray("drop");
        ArrayNode merge = verdict.putArray("merge");
        duplicates.forEach((keep, dups) -> {
            ObjectNode m = merge.addObject().put("keep", keep);
            dups.forEach(m.putArray("duplicates")::add);
        });
        verdict.putArray("regrade");
        ObjectNode answer = mapper.createObjectNode();
        answer.set("answer", verdict);
        answer.putArray("more_work");
        return new Reply(answer.toString(), List.of());
    }

    static final String SEARCH_BRIEF = "Find where `";
    private static final Pattern SEARCH_TERM = Pattern.compile("Find where `([^`]+)`");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{3,}");
    private static final Pattern CITED = Pattern.compile("^- ([^:\\n]+):(\\d+): ", Pattern.MULTILINE);
    private static final Set<String> STOPWORDS = Set.of(
            "what",
            "where",
            "which",
            "does",
            "when",
            "with",
            "this",
            "that",
            "there",
            "their",
            "from",
            "into",
            "about",
            "have",
            "they",
            "code",
            "repository",
            "file",
            "files",
            "used",
            "uses",
            "work",
            "works",
            "answer",
            "question",
            "should",
            "would",
            "could",
            "them");

    private Reply askPlan(ModelCall call) {
        String goal = firstUser(call);
        int end = goal.indexOf('\n');
        String question = goal.substring(AskJob.GOAL_PREFIX.length(), end > 0 ? end : goal.length());
        Set<String> terms = new LinkedHashSet<>();
        Matcher word = WORD.matcher(question);
        while (word.find() && terms.size() < 3) {
            if (!STOPWORDS.contains(word.group().toLowerCase(Locale.ROOT))) {
                terms.add(word.group());
            }
        }
        ObjectNode plan = mapper.createObjectNode();
        plan.put("rationale", MARK + "one code search per key term of the question");
        ArrayNode subtasks = plan.putArray("subtasks");
        for (String term : terms) {
            ObjectNode s = subtasks.addObject();
            s.put("id", "q" + (subtasks.size()));
            s.put("kind", "code_search");
            s.put(
                    "brief",
                    SEARCH_BRIEF + term + "` is defined or used in the repository; report file:line with the"
                            + " code quoted.");
            s.putArray("inputs").add(term);
            s.putArray("depends_on");
            s.put("expected_output", "text");
            s.putNull("model_hint");
        }
        return new Reply(plan.toString(), List.of());
    }

    private Reply search(ModelCall call) {
        Matcher term = SEARCH_TERM.matcher(firstUser(call));
        if (!term.find()) {
            return new Reply(MARK + "nothing to search for", List.of());
        }
        Message last = call.messages().getLast();
        if (last.role() != Role.TOOL) {
            ObjectNode args = mapper.createObjectNode()
                    .put("pattern", Pattern.quote(term.group(1)))
                    .put("case_insensitive", true);
            return new Reply(
                    "",
                    List.of(new ToolCall(
                            "grep-" + Integer.toHexString(term.group(1).hashCode()), "grep", args.toString())));
        }
        StringBuilder text = new StringBuilder(MARK + "`" + term.group(1) + "` appears at:\n");
        Matcher hit = GREP_LINE.matcher(last.text());
        int n = 0;
        while (hit.find() && n < 8) {
            text.append("- ")
                    .append(hit.group(1))
                    .append(':')
                    .append(hit.group(2))
                    .append(": ")
                    .append(hit.group(3).strip())
                    .append('\n');
            n++;
        }
        if (n == 0) {
            text.append("(no matches)\n");
        }
        return new Reply(text.toString(), List.of());
    }

    private Reply askAnswer(ModelCall call) {
        Set<String> cited = new LinkedHashSet<>();
        ArrayNode citations = mapper.createArrayNode();
        Matcher hit = CITED.matcher(lastUser(call));
        while (hit.find() && citations.size() < 10) {
            if (cited.add(hit.group(1) + ":" + hit.group(2))) {
                citations.addObject().put("file", hit.group(1)).put("line", Integer.parseInt(hit.group(2)));
            }
        }
        Set<String> files = new LinkedHashSet<>();
        citations.forEach(c -> files.add(c.path("file").asText()));
        String text = citations.isEmpty()
                ? MARK + "the sub-agents found no place in the repository that matches the question's terms."
                : MARK + "the question's terms appear in " + files.size() + " file" + (files.size() == 1 ? "" : "s")
                        + " (" + String.join(", ", files) + "); the cited lines are where they are defined or used.";
        ObjectNode answer = mapper.createObjectNode();
        ObjectNode inner = answer.putObject("answer");
        inner.put("text", text);
        inner.set("citations", citations);
        answer.putArray("more_work");
        return new Reply(answer.toString(), List.of());
    }

    private JsonNode readTree(String text) {
        try {
            return mapper.readTree(text);
        } catch (Exception e) {
            return mapper.createObjectNode();
        }
    }

    private static String lastUser(ModelCall call) {
        return call.messages().stream()
                .filter(m -> m.role() == Role.USER)
                .reduce((a, b) -> b)
                .map(Message::text)
                .orElse("");
    }

    private static String firstUser(ModelCall call) {
        return call.messages().stream()
                .filter(m -> m.role() == Role.USER)
                .findFirst()
                .map(Message::text)
                .orElse("");
    }

    static String role(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.contains("generated") || p.endsWith(".min.js") || p.endsWith(".lock")) {
            return "generated";
        }
        if (p.contains("/test/")
                || p.startsWith("test/")
                || p.startsWith("tests/")
                || p.contains("_test.")
                || p.matches(".*/test_[^/]*\\.py")
                || p.matches(".*(test|spec)\\.(js|ts)")) {
            return "test";
        }
        if (p.endsWith(".md") || p.endsWith(".txt") || p.endsWith(".rst") || p.endsWith(".adoc")) {
            return "doc";
        }
        if (p.matches(".*\\.(ya?ml|json|toml|xml|properties|ini|cfg|conf)$") || p.endsWith("dockerfile")) {
            return "config";
        }
        return language(path).equals("text") ? "other" : "source";
    }

    static String language(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        Map<String, String> byExtension = Map.ofEntries(
                Map.entry(".java", "Java"),
                Map.entry(".kt", "Kotlin"),
                Map.entry(".py", "Python"),
                Map.entry(".js", "JavaScript"),
                Map.entry(".mjs", "JavaScript"),
                Map.entry(".ts", "TypeScript"),
                Map.entry(".tsx", "TypeScript"),
                Map.entry(".go", "Go"),
                Map.entry(".rs", "Rust"),
                Map.entry(".rb", "Ruby"),
                Map.entry(".c", "C"),
                Map.entry(".cpp", "C++"),
                Map.entry(".cs", "C#"),
                Map.entry(".sh", "Shell"),
                Map.entry(".sql", "SQL"));
        return byExtension.entrySet().stream()
                .filter(e -> p.endsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("text");
    }
}
