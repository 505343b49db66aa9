package dev.flotilla.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.FlotillaException;
import dev.flotilla.metering.Cost;
import dev.flotilla.orchestration.AgentTools;
import dev.flotilla.orchestration.JsonSchemaCheck;
import dev.flotilla.orchestration.ModelCallRecord;
import dev.flotilla.orchestration.PlanFormat;
import dev.flotilla.orchestration.RunLimits;
import dev.flotilla.orchestration.Span;
import dev.flotilla.orchestration.SpanKind;
import dev.flotilla.orchestration.SpanStatus;
import dev.flotilla.orchestration.Subtask;
import dev.flotilla.orchestration.SubtaskOutcome;
import dev.flotilla.orchestration.Task;
import dev.flotilla.orchestration.Trace;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.ResponseSchema;
import dev.flotilla.provider.ToolCall;
import dev.flotilla.provider.ToolSpec;
import dev.flotilla.routing.TaskKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * One sub-agent running one subtask: its brief (not the parent's conversation), its tools, its
 * caps. Tool calls run and their results go back until a final answer that matches the expected
 * schema; a failing answer is re-run one tier up. A sub-agent above the depth cap may not delegate.
 */
public final class SubAgent {
    /** The tool a sub-agent calls to split its work further (offered only above the depth cap). */
    public static final String DELEGATE_TOOL = "delegate";

    private final RunContext context;
    private final Subtask subtask;
    private final Map<String, String> dependencyResults;
    private final int depth;

    /**
     * Creates a sub-agent.
     *
     * @param dependencyResults outputs of the subtasks this one depends on, by id
     * @param depth 1 for a planned subtask, 2 for one it delegated, and so on
     */
    public SubAgent(RunContext context, Subtask subtask, Map<String, String> dependencyResults, int depth) {
        this.context = context;
        this.subtask = subtask;
        this.dependencyResults = Map.copyOf(dependencyResults);
        this.depth = depth;
    }

    /** The system prompt of a sub-agent (also used to estimate its cost). */
    public static String systemPrompt(Subtask subtask, Task task, RunLimits limits, int depth) {
        StringBuilder prompt = new StringBuilder("You are a sub-agent doing one subtask of a larger task. ")
                .append("Everything you know is in the brief below and in what your tools return. ")
                .append(dev.flotilla.tools.ToolResult.DATA_NOTICE)
                .append(
                        " Never reveal secrets. Be concise and precise; cite file:line and quote the code you rely on.");
        if (!Subtask.TEXT_OUTPUT.equals(subtask.expectedOutput())) {
            prompt.append(" Your final answer must be JSON matching the '")
                    .append(subtask.expectedOutput())
                    .append("' schema.");
        }
        if (depth < limits.maxDepth()) {
            prompt.append(" You may split your work with the 'delegate' tool (at most ")
                    .append(limits.maxSubtasks())
                    .append(" parts).");
        }
        return prompt.toString();
    }

    /** Runs the subtask under {@code parentSpanId}, holding one of the run's concurrency permits. */
    public SubtaskOutcome run(String parentSpanId) throws InterruptedException {
        context.inFlight().acquire();
        try {
            return runHoldingPermit(parentSpanId);
        } finally {
            context.inFlight().release();
        }
    }

    private SubtaskOutcome runHoldingPermit(String parentSpanId) {
        Trace trace = context.trace();
        Trace.OpenSpan span = trace.start(SpanKind.SUBTASK, subtask.id(), parentSpanId);
        span.attribute("kind", subtask.kind().wireName()).attribute("depth", Integer.toString(depth));
        context.listener().subtaskStarted(context.runId(), subtask);
        String hint = subtask.modelHint();
        String lastProblem = "no answer";
        String lastModel = null;
        try {
            for (int escalation = 0; escalation <= context.limits().maxEscalations(); escalation++) {
                Attempt attempt = converse(span.id(), hint, trace.clock().instant());
                lastModel = attempt.model;
                if (attempt.problem == null) {
                    // Durable before the run reports the subtask done.
                    context.store().subtaskFinished(context.runId(), subtask.id(), attempt.answer);
                    span.attribute("model", attempt.model);
                    span.ok();
                    return finish(
                            new SubtaskOutcome(subtask, SpanStatus.OK, attempt.answer, attempt.model, null, false));
                }
                lastProblem = attempt.problem;
                if (!attempt.escalate) {
                    break;
                }
                Optional<String> up = tierAbove(attempt.model);
                if (up.isEmpty()) {
                    break;
                }
                span.attribute("escalated_to", up.get());
                hint = up.get();
            }
            span.end(SpanStatus.FAILED, lastProblem);
            return finish(new SubtaskOutcome(subtask, SpanStatus.FAILED, null, lastModel, lastProblem, false));
        } catch (ProviderException.Cancelled e) {
            span.end(SpanStatus.CANCELLED, e.getMessage());
            return finish(new SubtaskOutcome(subtask, SpanStatus.CANCELLED, null, lastModel, e.getMessage(), false));
        } catch (FlotillaException e) {
            SpanStatus status = Thread.currentThread().isInterrupted() ? SpanStatus.CANCELLED : SpanStatus.FAILED;
            span.end(status, e.getMessage());
            return finish(new SubtaskOutcome(subtask, status, null, lastModel, e.getMessage(), false));
        }
    }

    private SubtaskOutcome finish(SubtaskOutcome outcome) {
        context.listener().subtaskFinished(context.runId(), outcome);
        return outcome;
    }

    /** The result of one conversation: an answer, or why there is none and whether a tier up may help. */
    private record Attempt(
            String model, @Nullable String answer, @Nullable String problem, boolean escalate) {}

    private Attempt converse(String spanId, @Nullable String hint, Instant started) {
        RunLimits limits = context.limits();
        Task task = context.task();
        List<ToolSpec> tools = new ArrayList<>(task.tools().specs());
        if (depth < limits.maxDepth()) {
            tools.add(delegateSpec());
        }
        JsonNode outputSchema = task.outputSchemas().get(subtask.expectedOutput());
        ResponseSchema schema =
                outputSchema == null ? null : new ResponseSchema(subtask.expectedOutput(), outputSchema, false);
        List<Message> messages = new ArrayList<>();
        messages.add(Message.system(systemPrompt(subtask, task, limits, depth)));
        messages.add(Message.user(userPrompt()));
        String model = hint != null ? hint : RunContext.AUTO;
        for (int turn = 1; turn <= limits.maxTurns(); turn++) {
            Optional<String> capped = capReached(spanId, started);
            if (capped.isPresent()) {
                return new Attempt(model, null, capped.get(), false);
            }
            ModelResult result = context.call(
                    messages, tools, schema, limits.subtaskMaxOutputTokens(), subtask.kind(), hint, spanId);
            model = result.servedModel();
            if (!result.toolCalls().isEmpty()) {
                messages.add(Message.assistantToolCalls(result.toolCalls()));
                for (ToolCall call : result.toolCalls()) {
                    messages.add(Message.tool(call.id(), runTool(call, spanId)));
                }
                continue;
            }
            if (schema == null) {
                return new Attempt(model, result.text(), null, false);
            }
            Optional<String> problem = new JsonSchemaCheck(schema.schema(), context.mapper()).problem(result.text());
            if (problem.isEmpty()) {
                return new Attempt(model, result.text(), null, false);
            }
            // A wrong answer is a quality failure: a stronger model may do better.
            return new Attempt(model, null, problem.get(), true);
        }
        return new Attempt(model, null, "no final answer within " + limits.maxTurns() + " turns", true);
    }

    private Optional<String> capReached(String spanId, Instant started) {
        RunLimits limits = context.limits();
        Duration elapsed = Duration.between(started, context.trace().clock().instant());
        if (elapsed.compareTo(limits.maxWallPerSubtask()) > 0) {
            return Optional.of("wall-time cap of " + limits.maxWallPerSubtask().toSeconds() + " s reached");
        }
        long tokens = 0;
        Cost cost = Cost.ZERO;
        for (Span child : context.trace().children(spanId)) {
            for (ModelCallRecord call : child.call().stream().toList()) {
                tokens += call.usage().totalTokens();
                cost = cost.plus(call.cost());
            }
        }
        if (tokens >= limits.maxTokensPerSubtask()) {
            return Optional.of("token cap of " + limits.maxTokensPerSubtask() + " reached (" + tokens + " used)");
        }
        if (cost.usd().compareTo(limits.maxCostPerSubtaskUsd()) >= 0) {
            return Optional.of("cost cap of $" + Cost.plain(limits.maxCostPerSubtaskUsd()) + " reached ($"
                    + cost.usdPlain() + " spent)");
        }
        return Optional.empty();
    }

    private String userPrompt() {
        StringBuilder text = new StringBuilder("Brief:\n").append(subtask.brief());
        if (!subtask.inputs().isEmpty()) {
            text.append("\n\nInputs:\n");
            subtask.inputs().forEach(i -> text.append("- ").append(i).append('\n'));
        }
        dependencyResults.forEach((id, output) -> text.append("\n<result subtask=\"")
                .append(id)
                .append("\">\n")
                .append(output)
                .append("\n</result>\n"));
        return text.toString();
    }

    private String runTool(ToolCall call, String spanId) {
        Trace.OpenSpan span = context.trace().start(SpanKind.TOOL_CALL, call.name(), spanId);
        span.attribute("arguments", abbreviate(call.argumentsJson(), 300));
        if (DELEGATE_TOOL.equals(call.name()) && depth < context.limits().maxDepth()) {
            String result = delegate(call.argumentsJson(), span.id());
            span.ok();
            return result;
        }
        AgentTools.Outcome outcome = context.task().tools().run(call.name(), call.argumentsJson());
        span.attribute("result_chars", Integer.toString(outcome.content().length()));
        span.end(
                outcome.error() ? SpanStatus.FAILED : SpanStatus.OK,
                outcome.error() ? abbreviate(outcome.content(), 300) : null);
        return outcome.content();
    }

    private ToolSpec delegateSpec() {
        ObjectNode parameters = context.mapper().createObjectNode();
        parameters.put("type", "object");
        ObjectNode parts = parameters.putObject("properties").putObject("parts");
        parts.put("type", "array");
        parts.put("maxItems", context.limits().maxSubtasks());
        ObjectNode item = parts.putObject("items");
        item.put("type", "object");
        ObjectNode props = item.putObject("properties");
        var kinds = props.putObject("kind").put("type", "string").putArray("enum");
        PlanFormat.workerKinds().forEach(k -> kinds.add(k.wireName()));
        props.putObject("brief").put("type", "string");
        item.putArray("required").add("kind").add("brief");
        parameters.putArray("required").add("parts");
        return new ToolSpec(
                DELEGATE_TOOL,
                "Split your work into parts run by other sub-agents in parallel; " + "returns their results.",
                parameters);
    }

    private String delegate(String argumentsJson, String spanId) {
        JsonNode parts;
        try {
            parts = context.mapper().readTree(argumentsJson).path("parts");
        } catch (Exception e) {
            return "delegate: arguments are not JSON: " + e.getMessage();
        }
        if (!parts.isArray() || parts.isEmpty()) {
            return "delegate: 'parts' must be a non-empty list of {kind, brief}";
        }
        if (parts.size() > context.limits().maxSubtasks()) {
            return "delegate: " + parts.size() + " parts exceed the fan-out cap of "
                    + context.limits().maxSubtasks();
        }
        List<Subtask> children = new ArrayList<>();
        int n = 0;
        for (JsonNode part : parts) {
            TaskKind kind;
            try {
                kind = TaskKind.parse(part.path("kind").asText(""));
            } catch (IllegalArgumentException e) {
                return "delegate: " + e.getMessage();
            }
            if (kind.isCoordinator()) {
                return "delegate: kind " + kind.wireName() + " is the flagship's own work";
            }
            children.add(new Subtask(
                    subtask.id() + "." + ++n,
                    kind,
                    part.path("brief").asText(""),
                    List.of(),
                    List.of(),
                    Subtask.TEXT_OUTPUT,
                    null));
        }
        // Give our permit back while the children run, so they fit under the run's concurrency cap
        // without deadlocking on the permits their parents hold.
        context.inFlight().release();
        Map<String, SubtaskOutcome> results = new LinkedHashMap<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<Subtask, Future<SubtaskOutcome>> futures = new LinkedHashMap<>();
            for (Subtask child : children) {
                futures.put(
                        child, executor.submit(() -> new SubAgent(context, child, Map.of(), depth + 1).run(spanId)));
            }
            for (var entry : futures.entrySet()) {
                try {
                    results.put(entry.getKey().id(), entry.getValue().get());
                } catch (Exception e) {
                    results.put(
                            entry.getKey().id(),
                            new SubtaskOutcome(entry.getKey(), SpanStatus.FAILED, null, null, e.getMessage(), false));
                }
            }
        } finally {
            context.inFlight().acquireUninterruptibly();
        }
        StringBuilder text = new StringBuilder();
        results.forEach((id, outcome) -> text.append("<result part=\"")
                .append(id)
                .append("\" status=\"")
                .append(outcome.status().wireName())
                .append("\">\n")
                .append(outcome.output() != null ? outcome.output() : "(no result: " + outcome.error() + ")")
                .append("\n</result>\n"));
        return text.toString();
    }

    private Optional<String> tierAbove(String modelId) {
        var catalog = context.catalog();
        var tier = catalog.find(modelId).map(m -> m.tier()).orElse(dev.flotilla.catalog.Tier.FLAGSHIP);
        for (var up : dev.flotilla.catalog.Tier.values()) {
            if (up.rank() == tier.rank() + 1) {
                return catalog.forTier(up).map(m -> m.id());
            }
        }
        return Optional.empty();
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
