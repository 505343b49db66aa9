package dev.flotilla.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.TokenCounter;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.Role;
import dev.flotilla.provider.ToolCall;
import dev.flotilla.provider.ToolSpec;
import dev.flotilla.routing.TaskKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class OrchestratorTest {
    private static final Catalog CATALOG = Catalog.bundled();
    private static final TokenCounter TOKENS = TokenCounter.o200k();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String plan(int n, Function<Integer, String> kind, Function<Integer, List<String>> deps) {
        ObjectNode root = JSON.createObjectNode();
        root.put("rationale", "split by file");
        ArrayNode items = root.putArray("subtasks");
        for (int i = 1; i <= n; i++) {
            ObjectNode item = items.addObject();
            item.put("id", "s" + i);
            item.put("kind", kind.apply(i));
            item.put("brief", "Review part " + i);
            item.putArray("inputs").add("src/File" + i + ".java");
            ArrayNode d = item.putArray("depends_on");
            deps.apply(i).forEach(d::add);
            item.put("expected_output", "text");
            item.putNull("model_hint");
        }
        return root.toString();
    }

    private static String judgeAnswer(String answer) {
        return JSON.createObjectNode()
                .put("answer", answer)
                .set("more_work", JSON.createArrayNode())
                .toString();
    }

    private static String lastUserText(ModelCall call) {
        return call.messages().stream()
                .filter(m -> m.role() == Role.USER)
                .reduce((a, b) -> b)
                .map(Message::text)
                .orElse("");
    }

    private Orchestrator orchestrator(ScriptedCaller caller, RunLimits limits, RunStore store) {
        return Orchestrator.builder()
                .catalog(CATALOG)
                .caller(caller)
                .limits(limits)
                .store(store)
                .tokenCounter(TOKENS)
                .runIds(() -> "run-1")
                .build();
    }

    @Test
    void run_twelveSubtasks_neverMoreThanTheCapInFlight_andTraceAddsUp() {
        int cap = 3;
        CountDownLatch cap3 = new CountDownLatch(cap);
        ScriptedCaller caller = new ScriptedCaller(CATALOG, call -> switch (call.taskKind()) {
            case PLAN ->
                ScriptedCaller.Reply.text(plan(12, i -> i % 3 == 0 ? "classify" : "file_review", i -> List.of()));
            case JUDGE -> ScriptedCaller.Reply.text(judgeAnswer("all reviewed"));
            default ->
                ScriptedCaller.Reply.text(
                        "looked at " + lastUserText(call).lines().findFirst().orElse(""));
        });
        // The first calls wait until the cap is reached, which proves the run really fills it.
        caller.onWorkerCall = () -> {
            cap3.countDown();
            try {
                cap3.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        RunResult result = orchestrator(caller, RunLimits.DEFAULTS.withConcurrency(cap), new InMemoryRunStore())
                .run(Task.of("review the repository"));

        assertThat(result.answer()).isEqualTo("all reviewed");
        assertThat(caller.maxInFlight.get()).isEqualTo(cap);
        assertThat(result.outcomes()).hasSize(12).allMatch(o -> o.status() == SpanStatus.OK);
        Trace trace = result.trace();
        Span root = trace.root().orElseThrow();
        assertThat(trace.children(root.id()))
                .extracting(Span::kind)
                .containsOnly(SpanKind.PLAN, SpanKind.SUBTASK, SpanKind.JUDGE)
                .filteredOn(k -> k == SpanKind.SUBTASK)
                .hasSize(12);
        // Every model call hangs under a plan, subtask or judge span of this run.
        for (Span span : trace.spans()) {
            if (span.kind() == SpanKind.MODEL_CALL) {
                assertThat(trace.spans())
                        .anyMatch(p -> p.id().equals(span.parentId()) && p.kind() != SpanKind.MODEL_CALL);
            }
        }
        assertThat(trace.modelCalls()).hasSize(14); // plan + 12 + judge
        Cost sum = trace.modelCalls().stream().map(ModelCallRecord::cost).reduce(Cost.ZERO, Cost::plus);
        assertThat(result.summary().total().usd()).isEqualByComparingTo(sum.usd());
        assertThat(result.summary().byModel()).containsOnlyKeys("gpt-5.4", "gpt-5.4-mini", "gpt-5.4-nano");
        assertThat(result.summary().byModel().get("gpt-5.4").calls()).isEqualTo(2);
        assertThat(result.summary().byModel().get("gpt-5.4-nano").calls()).isEqualTo(4);
        assertThat(result.summary().flagshipOnly().usd())
                .isGreaterThan(result.summary().total().usd());
        assertThat(caller.callIds.values()).allMatch(n -> n == 1);
    }

    @Test
    void plan_invalidOnce_isRejectedWithTheReasonAndAskedAgain() {
        AtomicInteger plans = new AtomicInteger();
        List<String> secondPrompt = new ArrayList<>();
        ScriptedCaller caller = new ScriptedCaller(CATALOG, call -> switch (call.taskKind()) {
            case PLAN -> {
                if (plans.incrementAndGet() == 1) {
                    yield ScriptedCaller.Reply.text(
                            plan(2, i -> "file_review", i -> i == 1 ? List.of("s9") : List.of()));
                }
                secondPrompt.add(lastUserText(call));
                yield ScriptedCaller.Reply.text(plan(2, i -> "file_review", i -> List.of()));
            }
            case JUDGE -> ScriptedCaller.Reply.text(judgeAnswer("ok"));
            default -> ScriptedCaller.Reply.text("done");
        });

        RunResult result =
                orchestrator(caller, RunLimits.DEFAULTS, new InMemoryRunStore()).run(Task.of("t"));

        assertThat(plans.get()).isEqualTo(2);
        assertThat(secondPrompt.getFirst()).contains("unknown subtask 's9'");
        assertThat(result.outcomes()).hasSize(2);
    }

    @Test
    void plan_invalidTwice_failsTheRunNamingTheReason() {
        ScriptedCaller caller = new ScriptedCaller(
                CATALOG,
                call -> call.taskKind() == TaskKind.PLAN
                        ? ScriptedCaller.Reply.text(plan(2, i -> "judge", i -> List.of()))
                        : ScriptedCaller.Reply.text("x"));

        assertThatThrownBy(() -> orchestrator(caller, RunLimits.DEFAULTS, new InMemoryRunStore())
                        .run(Task.of("t")))
                .isInstanceOf(RunFailedException.class)
                .hasMessageContaining("no valid plan twice")
                .hasMessageContaining("'kind' judge is the flagship's own work");
        assertThat(caller.calls(TaskKind.PLAN)).isEqualTo(2);
        assertThat(caller.calls(TaskKind.FILE_REVIEW)).isZero();
    }

    @Test
    void dependencies_runFirstAndTheirResultsReachTheDependent() {
        List<String> s3Prompt = new ArrayList<>();
        ScriptedCaller caller = new ScriptedCaller(CATALOG, call -> switch (call.taskKind()) {
            case PLAN ->
                ScriptedCaller.Reply.text(plan(3, i -> "code_search", i -> i == 3 ? List.of("s1", "s2") : List.of()));
            case JUDGE -> ScriptedCaller.Reply.text(judgeAnswer("ok"));
            default -> {
                String text = lastUserText(call);
                if (text.contains("part 3")) {
                    s3Prompt.add(text);
                }
                yield ScriptedCaller.Reply.text(
                        "result of " + text.lines().skip(1).findFirst().orElse(""));
            }
        });

        orchestrator(caller, RunLimits.DEFAULTS, new InMemoryRunStore()).run(Task.of("t"));

        assertThat(s3Prompt)
                .singleElement()
                .asString()
                .contains("<result subtask=\"s1\">\nresult of Review part 1")
                .contains("<result subtask=\"s2\">\nresult of Review part 2");
    }

    @Test
    void failedSubtask_skipsItsDependents_butKeepsTheOthersWork() {
        ScriptedCaller caller = new ScriptedCaller(CATALOG, call -> switch (call.taskKind()) {
            case PLAN ->
                ScriptedCaller.Reply.text(plan(4, i -> "file_review", i -> i == 2 ? List.of("s1") : List.of()));
            case JUDGE -> ScriptedCaller.Reply.text(judgeAnswer("partial"));
            default -> {
                if (lastUserText(call).contains("part 1")) {
                    throw new dev.flotilla.provider.ProviderException.InsufficientQuota(
                            "scripted", call.model(), null, "quota");
                }
                yield ScriptedCaller.Reply.text("fine");
            }
        });

        RunResult result =
                orchestrator(caller, RunLimits.DEFAULTS, new InMemoryRunStore()).run(Task.of("t"));

        assertThat(result.outcomes())
                .extracting(o -> o.subtask().id() + ":" + o.status().wireName())
                .containsExactly("s1:failed", "s2:skipped", "s3:ok", "s4:ok");
        assertThat(result.answer()).isEqualTo("partial");
    }

    @Test
    void failFast_cancelsTheSiblingsInFlight() throws Exception {
        CountDownLatch siblingsStarted = new CountDownLatch(2);
        ScriptedCaller caller = new ScriptedCaller(CATALOG, call -> switch (call.taskKind()) {
            case PLAN -> ScriptedCaller.Reply.text(plan(3, i -> "file_review", i -> List.of()));
            case JUDGE -> ScriptedCaller.Reply.text(judgeAnswer("stopped"));
            default -> {
                if (lastUserText(call).contains("part 1")) {
                    try {
                        siblingsStarted.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new dev.flotilla.provider.ProviderException.InvalidRequest(
                            "scripted", call.model(), 400, null, "bad", null);
                }
                siblingsStarted.countDown();
                try {
                    new CountDownLatch(1).await(10, TimeUnit.SECONDS); // until interrupted by fail-fast
                } catch (InterruptedException e) {
                    throw new dev.flotilla.provider.ProviderException.Cancelled(
                            "scripted", call.model(), "interrupted");
                }
                yield ScriptedCaller.Reply.text("should not finish");
            }
        });

        RunResult result = orchestrator(caller, RunLimits.DEFAULTS.withFailFast(true), new InMemoryRunStore())
                .run(Task.of("t"));

        assertThat(result.outcomes())
                .extracting(o -> o.subtask().id() + ":" + o.status().wireName())
                .containsExactly("s1:failed", "s2:cancelled", "s3:cancelled");
    }

    @Test
    void schemaViolation_escalatesOneTierUp() {
        JsonNode schema = JSON.createObjectNode()
                .put("type", "object")
                .set("required", JSON.createArrayNode().add("label"));
        ScriptedCaller caller = new ScriptedCaller(CATALOG, call -> switch (call.taskKind()) {
            case PLAN -> {
                ObjectNode p = (ObjectNode) readTree(plan(1, i -> "classify", i -> List.of()));
                ((ObjectNode) p.get("subtasks").get(0)).put("expected_output", "label");
                yield ScriptedCaller.Reply.text(p.toString());
            }
            case JUDGE -> ScriptedCaller.Reply.text(judgeAnswer("ok"));
            default ->
                ScriptedCaller.Reply.text(call.model().equals("gpt-5.4-nano") ? "not json" : "{\"label\":\"bug\"}");
        });
        Task task = new Task("t", "", "", Map.of("label", schema), null, AgentTools.NONE, List.of());

        RunResult result =
                orchestrator(caller, RunLimits.DEFAULTS, new InMemoryRunStore()).run(task);

        SubtaskOutcome outcome = result.outcomes().getFirst();
        assertThat(outcome.status()).isEqualTo(SpanStatus.OK);
        assertThat(outcome.model()).isEqualTo("gpt-5.4-mini");
        assertThat(outcome.output()).isEqualTo("{\"label\":\"bug\"}");
        assertThat(result.summary().byModel()).containsKeys("gpt-5.4-nano", "gpt-5.4-mini"); // both attempts metered
    }

    @Test
    void toolCalls_runAndTheirResultsGoBackUntilAFinalAnswer() {
        List<String> toolArgs = new ArrayList<>();
        AgentTools tools = new AgentTools() {
            @Override
            public List<ToolSpec> specs() {
                return List.of(new ToolSpec(
                        "read_file", "reads a file", JSON.createObjectNode().put("type", "object")));
            }

            @Override
            public Outcome run(String name, String argumentsJson) {
                toolArgs.add(name + argumentsJson);
                return new Outcome("<tool_result name=\"read_file\">line 1: int x;</tool_result>", false);
            }
        };
        ScriptedCaller caller = new ScriptedCaller(CATALOG, call -> switch (call.taskKind()) {
            case PLAN -> ScriptedCaller.Reply.text(plan(1, i -> "file_review", i -> List.of()));
            case JUDGE -> ScriptedCaller.Reply.text(judgeAnswer("ok"));
            default ->
                call.messages().getLast().role() == Role.TOOL
                        ? ScriptedCaller.Reply.text(
                                "saw " + call.messages().getLast().text())
                        : new ScriptedCaller.Reply(
                                "", List.of(new ToolCall("c1", "read_file", "{\"path\":\"A.java\"}")));
        });
        Task task = new Task("t", "", "", Map.of(), null, tools, List.of());

        RunResult result =
                orchestrator(caller, RunLimits.DEFAULTS, new InMemoryRunStore()).run(task);

        assertThat(toolArgs).containsExactly("read_file{\"path\":\"A.java\"}");
        assertThat(result.outcomes().getFirst().output()).contains("line 1: int x;");
        assertThat(result.trace().spans())
                .filteredOn(s -> s.kind() == SpanKind.TOOL_CALL)
                .hasSize(1);
    }

    @Test
    void resume_runsOnlyTheUnfinishedSubtasks() {
        InMemoryRunStore store = new InMemoryRunStore();
        store.runStarted("run-1", "t");
        store.planSaved("run-1", plan(4, i -> "file_review", i -> List.of()));
        store.subtaskFinished("run-1", "s1", "checkpointed 1");
        store.subtaskFinished("run-1", "s3", "checkpointed 3");
        List<String> ran = new ArrayList<>();
        ScriptedCaller caller = new ScriptedCaller(CATALOG, call -> switch (call.taskKind()) {
            case PLAN -> throw new AssertionError("a resumed run keeps its plan");
            case JUDGE -> ScriptedCaller.Reply.text(judgeAnswer("resumed"));
            default -> {
                synchronized (ran) {
                    ran.add(lastUserText(call).lines().skip(1).findFirst().orElse(""));
                }
                yield ScriptedCaller.Reply.text("fresh");
            }
        });

        RunResult result = orchestrator(caller, RunLimits.DEFAULTS, store).resume("run-1", Task.of("t"));

        assertThat(ran).containsExactlyInAnyOrder("Review part 2", "Review part 4");
        assertThat(result.outcomes())
                .extracting(SubtaskOutcome::output)
                .containsExactly("checkpointed 1", "fresh", "checkpointed 3", "fresh");
        assertThat(store.load("run-1").orElseThrow().status()).isEqualTo("ok");
    }

    @Test
    void costedPlan_aboveTheCap_isRefusedBeforeAnySubtaskRuns() {
        ScriptedCaller caller = new ScriptedCaller(
                CATALOG,
                call -> call.taskKind() == TaskKind.PLAN
                        ? ScriptedCaller.Reply.text(plan(10, i -> "file_review", i -> List.of()))
                        : ScriptedCaller.Reply.text("x"));

        assertThatThrownBy(() -> orchestrator(
                                caller,
                                RunLimits.DEFAULTS.withMaxPlanCostUsd(new BigDecimal("0.001")),
                                new InMemoryRunStore())
                        .run(Task.of("t")))
                .isInstanceOf(RunFailedException.class)
                .hasMessageContaining("above the cap of $0.001");
        assertThat(caller.calls(TaskKind.FILE_REVIEW)).isZero();
    }

    @Test
    void estimate_pricesEachSubtaskOnItsRoutedModel() {
        ScriptedCaller caller = new ScriptedCaller(CATALOG, call -> ScriptedCaller.Reply.text("x"));
        Orchestrator orchestrator = orchestrator(caller, RunLimits.DEFAULTS, new InMemoryRunStore());
        Plan plan = ((PlanFormat.Parsed.Valid) orchestrator
                        .planFormat(Task.of("t"))
                        .parse(plan(2, i -> i == 1 ? "classify" : "file_review", i -> List.of()), JSON))
                .plan();

        CostedPlan costed = orchestrator.estimate(plan, Task.of("t"));

        assertThat(costed.items()).extracting(CostedPlan.Item::model).containsExactly("gpt-5.4-nano", "gpt-5.4-mini");
        assertThat(costed.judge().model()).isEqualTo("gpt-5.4");
        Cost sum = costed.items().stream()
                .map(CostedPlan.Item::cost)
                .reduce(costed.judge().cost(), Cost::plus);
        assertThat(costed.total().usd()).isEqualByComparingTo(sum.usd());
        assertThat(costed.items().get(0).cost())
                .isLessThan(costed.items().get(1).cost());
    }

    @Test
    void judge_mayAskForOneMoreRound() {
        AtomicInteger judgeCalls = new AtomicInteger();
        ScriptedCaller caller = new ScriptedCaller(CATALOG, call -> switch (call.taskKind()) {
            case PLAN -> ScriptedCaller.Reply.text(plan(1, i -> "file_review", i -> List.of()));
            case JUDGE -> {
                if (judgeCalls.incrementAndGet() == 1) {
                    ObjectNode answer = (ObjectNode) readTree(judgeAnswer("not yet"));
                    answer.set(
                            "more_work",
                            readTree(plan(1, i -> "code_search", i -> List.of()))
                                    .get("subtasks"));
                    yield ScriptedCaller.Reply.text(answer.toString());
                }
                yield ScriptedCaller.Reply.text(judgeAnswer("complete"));
            }
            default -> ScriptedCaller.Reply.text("found it");
        });

        RunResult result =
                orchestrator(caller, RunLimits.DEFAULTS, new InMemoryRunStore()).run(Task.of("t"));

        assertThat(result.answer()).isEqualTo("complete");
        assertThat(result.outcomes()).extracting(o -> o.subtask().id()).containsExactly("s1", "r1-s1");
        assertThat(caller.calls(TaskKind.CODE_SEARCH)).isEqualTo(1);
    }

    @Test
    void preparation_runsBeforePlanning_andFeedsThePlannersContext() {
        List<String> plannerPrompts = new ArrayList<>();
        ScriptedCaller caller = new ScriptedCaller(CATALOG, call -> switch (call.taskKind()) {
            case CLASSIFY -> ScriptedCaller.Reply.text("A.java: source, worth reviewing");
            case PLAN -> {
                plannerPrompts.add(lastUserText(call));
                yield ScriptedCaller.Reply.text(plan(1, i -> "file_review", i -> List.of()));
            }
            case JUDGE -> ScriptedCaller.Reply.text(judgeAnswer("ok"));
            default -> ScriptedCaller.Reply.text("reviewed");
        });
        Subtask classify = new Subtask("p1", TaskKind.CLASSIFY, "Classify: A.java", List.of(), List.of(), "text", null);
        Task task = new Task("review", "files: A.java", "", Map.of(), null, AgentTools.NONE, List.of(classify));

        RunResult result =
                orchestrator(caller, RunLimits.DEFAULTS, new InMemoryRunStore()).run(task);

        assertThat(plannerPrompts)
                .singleElement()
                .asString()
                .contains("files: A.java")
                .contains("<prepared subtask=\"p1\" status=\"ok\">\nA.java: source, worth reviewing");
        assertThat(result.outcomes()).extracting(o -> o.subtask().id()).containsExactly("p1", "s1");
        assertThat(result.plan().subtasks()).extracting(Subtask::id).containsExactly("s1");
        assertThat(result.summary().byModel().get("gpt-5.4-nano").calls()).isEqualTo(1);
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
