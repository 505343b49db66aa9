package dev.flotilla.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.orchestration.AgentTools;
import dev.flotilla.orchestration.Orchestrator;
import dev.flotilla.orchestration.RunResult;
import dev.flotilla.orchestration.RunSummary;
import dev.flotilla.orchestration.Task;
import dev.flotilla.tools.RepositoryTools;
import dev.flotilla.tools.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code flotilla ask}: the flagship plans retrieval subtasks, mini and nano sub-agents search the
 * repository with the tools, and the flagship answers with {@code file:line} citations, each checked
 * against the file.
 */
public final class AskJob {
    /** The phrase that opens every ask task (simulated models recognise the job by it). */
    public static final String GOAL_PREFIX = "Answer this question about the code repository";

    private final Workspace workspace;
    private final ReviewJob files;
    private final ObjectMapper mapper;

    /** Creates an ask job over a workspace. */
    public AskJob(Workspace workspace, String target, ObjectMapper mapper) {
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.files = new ReviewJob(workspace, target, mapper);
        this.mapper = mapper;
    }

    /** A cited place in the repository. */
    public record Citation(String file, int line) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    /** The answer, its citations and what the run cost. */
    public record Answer(
            String question,
            boolean simulated,
            String runId,
            String text,
            List<Citation> citations,
            List<String> notes,
            RunSummary summary) {
        public Answer {
            citations = List.copyOf(citations);
            notes = List.copyOf(notes);
        }
    }

    /** The ask task for a question. */
    public Task task(String question) {
        StringBuilder context = new StringBuilder("Repository files (path, lines):\n");
        files.files().stream()
                .limit(400)
                .forEach(f ->
                        context.append(f.path()).append(" (").append(f.lines()).append(" lines)\n"));
        ObjectNode answer = mapper.createObjectNode();
        answer.put("type", "object");
        answer.put("additionalProperties", false);
        ObjectNode props = answer.putObject("properties");
        props.putObject("text").put("type", "string");
        ObjectNode citation = props.putObject("citations").put("type", "array").putObject("items");
        citation.put("type", "object");
        citation.put("additionalProperties", false);
        ObjectNode c = citation.putObject("properties");
        c.putObject("file").put("type", "string");
        c.putObject("line").put("type", "integer").put("minimum", 1);
        citation.putArray("required").add("file").add("line");
        answer.putArray("required").add("text").add("citations");
        return new Task(
                GOAL_PREFIX + ": " + question,
                context.toString(),
                """
                Plan: retrieval subtasks that cheap models can do in parallel: code_search subtasks (on mini) \
                that each name what to look for (identifiers, strings, files), and classify or extract \
                subtasks (on nano) for sorting or pulling facts out of what was found. Each brief asks for \
                file:line references with the code quoted. expected_output: text.
                Answering: answer the question in 'text' from the results only, and cite every place you \
                rely on in 'citations' (file and line, as the results give them).""",
                Map.of(),
                answer,
                AgentTools.of(RepositoryTools.forWorkspace(workspace)),
                List.of());
    }

    /** Runs the question and checks every citation against the repository. */
    public Answer run(Orchestrator orchestrator, String question, boolean simulated) {
        RunResult result = orchestrator.run(task(question));
        JsonNode answer;
        try {
            answer = mapper.readTree(result.answer());
        } catch (IOException e) {
            throw new IllegalStateException("the answer is not JSON: " + e.getMessage(), e);
        }
        List<Citation> citations = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (JsonNode c : answer.path("citations")) {
            Citation citation =
                    new Citation(c.path("file").asText(), c.path("line").asInt());
            if (exists(citation)) {
                citations.add(citation);
            } else {
                notes.add("dropped citation " + citation + ": no such line in the repository");
            }
        }
        result.outcomes().stream()
                .filter(o -> o.error() != null)
                .forEach(o -> notes.add(
                        "subtask " + o.subtask().id() + " " + o.status().wireName() + ": " + o.error()));
        return new Answer(
                question, simulated, result.runId(), answer.path("text").asText(), citations, notes, result.summary());
    }

    private boolean exists(Citation citation) {
        try {
            List<String> lines = Files.readAllLines(workspace.resolve(citation.file()), StandardCharsets.UTF_8);
            return citation.line() >= 1 && citation.line() <= lines.size();
        } catch (RuntimeException | IOException e) {
            return false;
        }
    }

    /** The answer as Markdown: the simulated notice first when simulated, the summary last. */
    public static String markdown(Answer answer) {
        StringBuilder md = new StringBuilder();
        if (answer.simulated()) {
            md.append("> **SIMULATED ANSWER: no real model was called. The text comes from Flotilla's simulator reading"
                    + " your files with the real tools; routing, token counts, costs and the ledger are real.**\n\n");
        }
        md.append("# ")
                .append(answer.question())
                .append("\n\n")
                .append(answer.text())
                .append("\n\n");
        if (!answer.citations().isEmpty()) {
            md.append("## Citations\n\n");
            answer.citations().forEach(c -> md.append("- `").append(c).append("`\n"));
            md.append('\n');
        }
        if (!answer.notes().isEmpty()) {
            md.append("## Notes\n\n");
            answer.notes().forEach(n -> md.append("- ").append(n).append('\n'));
            md.append('\n');
        }
        return md.append(ReportFormat.summaryMarkdown(answer.summary())).toString();
    }

    /** The answer as one JSON object: simulated, question, answer, citations, notes, summary. */
    public static ObjectNode json(Answer answer) {
        ObjectNode root = ReportFormat.MAPPER.createObjectNode();
        root.put("simulated", answer.simulated());
        root.put("question", answer.question());
        root.put("run_id", answer.runId());
        root.put("answer", answer.text());
        ArrayNode citations = root.putArray("citations");
        answer.citations()
                .forEach(c -> citations.addObject().put("file", c.file()).put("line", c.line()));
        answer.notes().forEach(root.putArray("notes")::add);
        root.set("summary", ReportFormat.summaryJson(answer.summary()));
        return root;
    }
}
