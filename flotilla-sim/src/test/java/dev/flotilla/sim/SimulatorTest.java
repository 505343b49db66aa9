package dev.flotilla.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.metering.Usage;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.ReasoningEffort;
import dev.flotilla.provider.StreamEvent;
import dev.flotilla.provider.ToolChoice;
import dev.flotilla.provider.ToolSpec;
import dev.flotilla.routing.TaskKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine and its in-process face: content, usage, timing, limits, faults, scenarios. */
class SimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeSimClock clock = new FakeSimClock();
    private final AtomicInteger ids = new AtomicInteger();

    private ModelCall call(String model, String prompt, long maxOutput) {
        return ModelCall.of("call-" + ids.incrementAndGet(), model, List.of(Message.user(prompt)), maxOutput);
    }

    private ModelCall call(String model, String prompt) {
        return call(model, prompt, 2000);
    }

    private static ModelCall withTaskKind(ModelCall call, TaskKind kind) {
        return new ModelCall(
                call.callId(),
                call.model(),
                call.messages(),
                call.tools(),
                call.toolChoice(),
                call.responseSchema(),
                call.maxOutputTokens(),
                call.reasoningEffort(),
                kind,
                call.extra());
    }

    private static List<StreamEvent> stream(SimulatedProvider provider, ModelCall call) {
        List<StreamEvent> events = new ArrayList<>();
        provider.stream(call, events::add);
        return events;
    }

    private static StreamEvent.Failed failed(List<StreamEvent> events) {
        assertThat(events.stream().filter(StreamEvent::isTerminal)).hasSize(1);
        assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Failed.class);
        return (StreamEvent.Failed) events.get(events.size() - 1);
    }

    @Test
    void text_isLabelledSimulated_andDeterministicForASeed() {
        ModelCall call = call("gpt-5.4-mini", "Hello");
        ModelResult a =
                SimFixtures.provider(Scenario.DEFAULT, new FakeSimClock()).call(call);
        ModelResult b =
                SimFixtures.provider(Scenario.DEFAULT, new FakeSimClock()).call(call);
        ModelResult otherSeed = new SimulatedProvider(SimFixtures.simulator(Scenario.DEFAULT, new FakeSimClock())
                        .seed(8)
                        .build())
                .call(call);

        assertThat(a.text()).startsWith("[simulated gpt-5.4-mini]");
        assertThat(b.text()).isEqualTo(a.text());
        assertThat(b.usage()).isEqualTo(a.usage());
        assertThat(b.latency()).isEqualTo(a.latency());
        assertThat(otherSeed.text()).isNotEqualTo(a.text());
        assertThat(a.usage().outputTokens()).isEqualTo(SimFixtures.TOKENS.count(a.text()));
    }

    @Test
    void inputTokens_countThePromptWithO200k_andGrowWithToolsAndSchema() throws Exception {
        SimulatedProvider provider = SimFixtures.provider(Scenario.DEFAULT, clock);
        String prompt = "Review this file for bugs. ".repeat(50);
        long plain = provider.call(call("gpt-5.4-nano", prompt)).usage().inputTokens();
        ToolSpec tool = new ToolSpec(
                "read_file",
                "Reads a file of the repository under review.",
                JSON.readTree("{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}"));
        ModelCall withTool = new ModelCall(
                "call-tools",
                "gpt-5.4-nano",
                List.of(Message.user(prompt)),
                List.of(tool),
                ToolChoice.AUTO,
                null,
                2000,
                null,
                null,
                null);

        long prose = SimFixtures.TOKENS.count(prompt);
        assertThat(plain).isBetween(prose, prose + 10);
        assertThat(provider.call(withTool).usage().inputTokens()).isGreaterThan(plain + 15);
    }

    @Test
    void outputLength_isCappedByMaxOutputTokens_withFinishReasonLength() {
        SimulatedProvider provider = SimFixtures.provider(Scenario.DEFAULT, clock);
        ModelResult result = provider.call(withTaskKind(call("gpt-5.4", "Plan the review.", 40), TaskKind.PLAN));

        assertThat(result.usage().outputTokens()).isLessThanOrEqualTo(40).isGreaterThan(30);
        assertThat(result.finishReason()).isEqualTo("length");
    }

    @Test
    void outputLength_followsTheTaskKind() {
        SimulatedProvider provider = SimFixtures.provider(Scenario.DEFAULT, clock);
        long classify = 0;
        long plan = 0;
        for (int i = 0; i < 20; i++) {
            classify += provider.call(withTaskKind(call("gpt-5.4-nano", "Label " + i), TaskKind.CLASSIFY))
                    .usage()
                    .outputTokens();
            plan += provider.call(withTaskKind(call("gpt-5.4-nano", "Plan " + i), TaskKind.PLAN))
                    .usage()
                    .outputTokens();
        }
        assertThat(plan / 20).isBetween(400L, 1200L);
        assertThat(classify / 20).isLessThan(40);
    }

    @Test
    void reasoningEffort_addsReasoningTokensInsideOutput() {
        ModelCall base = call("gpt-5.4", "Think hard.");
        ModelCall high = new ModelCall(
                base.callId(),
                base.model(),
                base.messages(),
                List.of(),
                ToolChoice.AUTO,
                null,
                4000,
                ReasoningEffort.HIGH,
                null,
                null);
        Usage usage = SimFixtures.provider(Scenario.DEFAULT, clock).call(high).usage();

        assertThat(usage.reasoningTokens()).isPositive();
        assertThat(usage.outputTokens()).isGreaterThan(usage.reasoningTokens());
    }

    @Test
    void timing_followsTheProfile_andSpeedScalesIt_onAFakeClock() {
        ModelCall call = call("gpt-5.4", "Hello there");
        FakeSimClock slow = new FakeSimClock();
        ModelResult profiled = new SimulatedProvider(
                        SimFixtures.simulator(Scenario.DEFAULT, slow).build())
                .call(call);
        FakeSimClock fast = new FakeSimClock();
        ModelResult tenTimes = new SimulatedProvider(
                        SimFixtures.simulator(Scenario.DEFAULT, fast).speed(10).build())
                .call(call);
        FakeSimClock none = new FakeSimClock();
        ModelResult instant = new SimulatedProvider(
                        SimFixtures.simulator(Scenario.DEFAULT, none).speed(0).build())
                .call(call);

        // gpt-5.4: 1200 ms median time to first token, 55 tokens/s.
        assertThat(profiled.timeToFirstToken()).isBetween(Duration.ofMillis(400), Duration.ofMillis(3600));
        double seconds =
                (profiled.latency().toNanos() - profiled.timeToFirstToken().toNanos()) / 1e9;
        double speed = (profiled.usage().outputTokens() - 1) / seconds;
        assertThat(speed).isBetween(25.0, 110.0);
        assertThat(tenTimes.timeToFirstToken().toNanos())
                .isCloseTo(profiled.timeToFirstToken().toNanos() / 10, org.assertj.core.data.Offset.offset(1_000L));
        assertThat(tenTimes.latency().toNanos())
                .isCloseTo(profiled.latency().toNanos() / 10, org.assertj.core.data.Offset.offset(1_000_000L));
        assertThat(instant.latency()).isZero();
        assertThat(none.sleeps()).isEmpty();
        assertThat(slow.sleeps()).isNotEmpty();
    }

    @Test
    void streamedDeltas_arePacedOnePerTokenInterval() {
        List<StreamEvent> events = stream(SimFixtures.provider(Scenario.DEFAULT, clock), call("gpt-5.4-mini", "Hi"));
        long deltas =
                events.stream().filter(StreamEvent.TextDelta.class::isInstance).count();

        assertThat(deltas).isGreaterThan(20);
        // First sleep is the time to first token, then one per later chunk, then the end.
        assertThat(clock.sleeps().size()).isGreaterThanOrEqualTo((int) deltas - 1);
    }

    @Test
    void identicalPromptsAboveTheMinimum_areCachedInBlocks_shortOnesNever() {
        SimulatedProvider provider = SimFixtures.provider(Scenario.DEFAULT, clock);
        String longPrompt = "Shared repository context line. ".repeat(400);
        ModelResult first = provider.call(call("gpt-5.4-mini", longPrompt));
        ModelResult again = provider.call(call("gpt-5.4-mini", longPrompt));
        ModelResult otherModel = provider.call(call("gpt-5.4-nano", longPrompt));
        provider.call(call("gpt-5.4-mini", "short"));
        ModelResult shortAgain = provider.call(call("gpt-5.4-mini", "short"));

        assertThat(first.usage().cachedInputTokens()).isZero();
        long input = again.usage().inputTokens();
        assertThat(again.usage().cachedInputTokens()).isEqualTo(1024 + (input - 1024) / 128 * 128);
        assertThat(otherModel.usage().cachedInputTokens()).isZero();
        assertThat(shortAgain.usage().cachedInputTokens()).isZero();
    }

    @Test
    void promptCache_expiresAfterTenIdleMinutes() {
        SimulatedProvider provider = SimFixtures.provider(Scenario.DEFAULT, clock);
        String longPrompt = "Shared repository context line. ".repeat(400);
        provider.call(call("gpt-5.4-mini", longPrompt));
        clock.advance(Duration.ofMinutes(11));

        assertThat(provider.call(call("gpt-5.4-mini", longPrompt)).usage().cachedInputTokens())
                .isZero();
    }

    @Test
    void requestsPerMinute_refuseTheCallOverTheLimit_thenRefill() {
        // gpt-5.4 at tier 1: 500 requests per minute; one output token keeps TPM out of the way,
        // and speed 0 keeps the fake clock (and so the refill) still.
        SimulatedProvider provider = new SimulatedProvider(
                SimFixtures.simulator(SimFixtures.scenario("rules:\n  - outputTokens: 1\n"), clock)
                        .speed(0)
                        .build());
        ModelResult last = null;
        for (int i = 0; i < 500; i++) {
            last = provider.call(call("gpt-5.4", "ping"));
        }
        assertThat(last.rateLimits().limitRequests()).isEqualTo(500);
        assertThat(last.rateLimits().remainingRequests()).isZero();
        assertThat(last.rateLimits().limitTokens()).isEqualTo(30_000);

        assertThatThrownBy(() -> provider.call(call("gpt-5.4", "ping")))
                .isInstanceOfSatisfying(ProviderException.RateLimited.class, e -> {
                    assertThat(e.limit()).isEqualTo(ProviderException.LimitKind.REQUESTS);
                    assertThat(e.retryAfter())
                            .hasValueSatisfying(d -> assertThat(d)
                                    .isGreaterThan(Duration.ZERO)
                                    .isLessThanOrEqualTo(Duration.ofMillis(121)));
                });
        clock.advance(Duration.ofMillis(121));
        assertThat(provider.call(call("gpt-5.4", "ping")).text()).isNotEmpty();
        // Other models have their own buckets.
        assertThat(provider.call(call("gpt-5.4-mini", "ping")).rateLimits().remainingRequests())
                .isEqualTo(499);
    }

    @Test
    void tokensPerMinute_refuseLargePrompts_andNeverAdmitOneLargerThanTheLimit() {
        SimulatedProvider provider = new SimulatedProvider(
                SimFixtures.simulator(SimFixtures.scenario("rules:\n  - outputTokens: 10\n"), clock)
                        .speed(0)
                        .build());
        String big = "token ".repeat(18_000);

        ModelResult first = provider.call(call("gpt-5.4", big));
        assertThat(first.rateLimits().remainingTokens()).isLessThan(30_000 - 18_000 + 1);
        assertThatThrownBy(() -> provider.call(call("gpt-5.4", big)))
                .isInstanceOfSatisfying(ProviderException.RateLimited.class, e -> {
                    assertThat(e.limit()).isEqualTo(ProviderException.LimitKind.TOKENS);
                    assertThat(e.retryAfter()).isPresent();
                });
        assertThatThrownBy(() -> provider.call(call("gpt-5.4", "token ".repeat(31_000))))
                .isInstanceOfSatisfying(
                        ProviderException.RateLimited.class,
                        e -> assertThat(e.retryAfter()).isEmpty());
    }

    @Test
    void rateLimits_canBeSwitchedOff() {
        SimulatedProvider provider =
                SimFixtures.provider(SimFixtures.scenario("rateLimits: false\nrules:\n  - outputTokens: 1\n"), clock);
        for (int i = 0; i < 600; i++) {
            assertThat(provider.call(call("gpt-5.4", "ping")).rateLimits().isEmpty())
                    .isTrue();
        }
    }

    @Test
    void promptLongerThanTheContextWindow_isContextTooLong() {
        SimulatedProvider provider =
                new SimulatedProvider(Simulator.builder(SimFixtures.withSmallWindow("gpt-5.4-nano", 2_000, 1_000))
                        .clock(clock)
                        .tokenCounter(SimFixtures.TOKENS)
                        .build());

        assertThat(provider.call(call("gpt-5.4-nano", "word ".repeat(900), 1000))
                        .text())
                .isNotEmpty();
        assertThatThrownBy(() -> provider.call(call("gpt-5.4-nano", "word ".repeat(1500), 1000)))
                .isInstanceOf(ProviderException.ContextTooLong.class)
                .hasMessageContaining("maximum context length is 2000 tokens");
        assertThatThrownBy(() -> provider.call(call("gpt-5.4-nano", "hi", 1001)))
                .isInstanceOfSatisfying(
                        ProviderException.InvalidRequest.class,
                        e -> assertThat(e.param()).hasValue("max_output_tokens"));
    }

    @Test
    void unknownModel_isAnInvalidRequestNamingTheSimulatedModels() {
        assertThatThrownBy(() -> SimFixtures.provider(Scenario.DEFAULT, clock).call(call("gpt-9", "hi")))
                .isInstanceOfSatisfying(ProviderException.InvalidRequest.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("gpt-9", "gpt-5.4-mini");
                });
    }

    @Test
    void scriptedRule_firesOnlyItsTimes_firstFlagshipCallGets429() {
        SimulatedProvider provider = SimFixtures.provider(SimFixtures.scenario("""
                        rules:
                          - name: first flagship call is rate limited
                            match: { model: gpt-5.4 }
                            times: 1
                            fault: { type: rate_limited, retryAfterMs: 2500, limit: tokens }
                        """), clock);

        assertThatThrownBy(() -> provider.call(call("gpt-5.4", "plan")))
                .isInstanceOfSatisfying(ProviderException.RateLimited.class, e -> {
                    assertThat(e.retryAfter()).hasValue(Duration.ofMillis(2500));
                    assertThat(e.limit()).isEqualTo(ProviderException.LimitKind.TOKENS);
                });
        assertThat(provider.call(call("gpt-5.4", "plan")).text()).startsWith("[simulated gpt-5.4]");
    }

    @Test
    void scriptedRules_matchTaskKindAndPrompt_inOrder() throws Exception {
        SimulatedProvider provider = SimFixtures.provider(SimFixtures.scenario("""
                        rules:
                          - match: { taskKind: classify }
                            reply: { json: { label: bug } }
                          - match: { prompt: "hello" }
                            reply: "Hi from the scenario."
                          - match: { promptRegex: "^Review .*\\\\.java$" }
                            reply: { text: "Looks fine." }
                            delayMs: 3000
                        """), clock);

        ModelResult classified = provider.call(withTaskKind(call("gpt-5.4-nano", "hello"), TaskKind.CLASSIFY));
        assertThat(JSON.readTree(classified.text()).path("label").asText()).isEqualTo("bug");
        assertThat(provider.call(call("gpt-5.4-nano", "say hello")).text()).isEqualTo("Hi from the scenario.");
        ModelResult reviewed = provider.call(call("gpt-5.4-nano", "Review Main.java"));
        assertThat(reviewed.text()).isEqualTo("Looks fine.");
        assertThat(reviewed.timeToFirstToken()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(provider.call(call("gpt-5.4-nano", "Review Main.kt")).text()).startsWith("[simulated");
    }

    @Test
    void scriptedToolCalls_comeWhenOffered_andNotRightAfterAToolResult() throws Exception {
        SimulatedProvider provider = SimFixtures.provider(SimFixtures.scenario("""
                        rules:
                          - match: { prompt: "read the readme" }
                            toolCalls:
                              - name: read_file
                                arguments: { path: README.md }
                              - name: list_dir
                        """), clock);
        ToolSpec readFile = new ToolSpec(
                "read_file", "Reads a file.", JSON.readTree("{\"type\":\"object\",\"properties\":{\"path\":{}}}"));
        ToolSpec listDir = new ToolSpec(
                "list_dir",
                "Lists a directory.",
                JSON.readTree(
                        "{\"type\":\"object\",\"properties\":{\"dir\":{\"type\":\"string\"}},\"required\":[\"dir\"]}"));
        List<Message> messages = new ArrayList<>(List.of(Message.user("please read the readme")));
        ModelCall offered = new ModelCall(
                "c1",
                "gpt-5.4-mini",
                messages,
                List.of(readFile, listDir),
                ToolChoice.AUTO,
                null,
                500,
                null,
                null,
                null);

        ModelResult result = provider.call(offered);
        assertThat(result.finishReason()).isEqualTo("tool_calls");
        assertThat(result.toolCalls()).extracting(t -> t.name()).containsExactly("read_file", "list_dir");
        assertThat(JSON.readTree(result.toolCalls().get(0).argumentsJson())
                        .path("path")
                        .asText())
                .isEqualTo("README.md");
        assertThat(JSON.readTree(result.toolCalls().get(1).argumentsJson())
                        .path("dir")
                        .isTextual())
                .isTrue();
        assertThat(result.text()).isEmpty();

        messages.add(Message.assistantToolCalls(result.toolCalls()));
        messages.add(Message.tool(result.toolCalls().get(0).id(), "# Flotilla"));
        messages.add(Message.tool(result.toolCalls().get(1).id(), "pom.xml"));
        ModelResult after = provider.call(new ModelCall(
                "c2",
                "gpt-5.4-mini",
                messages,
                List.of(readFile, listDir),
                ToolChoice.AUTO,
                null,
                500,
                null,
                null,
                null));
        assertThat(after.toolCalls()).isEmpty();
        assertThat(after.text()).startsWith("[simulated");

        ModelCall notOffered = ModelCall.of("c3", "gpt-5.4-mini", List.of(Message.user("read the readme")), 500);
        assertThat(provider.call(notOffered).toolCalls()).isEmpty();
    }

    @Test
    void eachFault_surfacesTyped() {
        record Case(String fault, Class<? extends ProviderException> type) {}
        List<Case> cases = List.of(
                new Case("rate_limited", ProviderException.RateLimited.class),
                new Case("insufficient_quota", ProviderException.InsufficientQuota.class),
                new Case("server_error", ProviderException.ServerError.class),
                new Case("timeout", ProviderException.Timeout.class),
                new Case("broken_stream", ProviderException.BrokenStream.class),
                new Case("malformed_json", ProviderException.ServerError.class),
                new Case("stream_error", ProviderException.BrokenStream.class),
                new Case("context_too_long", ProviderException.ContextTooLong.class));
        for (Case c : cases) {
            SimulatedProvider provider =
                    SimFixtures.provider(SimFixtures.scenario("rules:\n  - fault: " + c.fault() + "\n"), clock);
            StreamEvent.Failed failed = failed(stream(provider, call("gpt-5.4-mini", "fault " + c.fault())));
            assertThat(failed.error()).as(c.fault()).isInstanceOf(c.type());
            assertThat(failed.error().getMessage()).as(c.fault()).contains("simulat");
        }
    }

    @Test
    void serverError_carriesTheScriptedStatus() {
        SimulatedProvider provider = SimFixtures.provider(
                SimFixtures.scenario("rules:\n  - fault: { type: server_error, status: 503 }\n"), clock);
        assertThatThrownBy(() -> provider.call(call("gpt-5.4", "hi")))
                .isInstanceOfSatisfying(
                        ProviderException.ServerError.class,
                        e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void timeout_waitsItsDelayFirst_andSlowHeadersDelayTheFirstToken() {
        SimulatedProvider timeout = SimFixtures.provider(
                SimFixtures.scenario("rules:\n  - fault: { type: timeout, afterMs: 30000 }\n"), clock);
        long before = clock.nanoTime();
        failed(stream(timeout, call("gpt-5.4-nano", "hi")));
        assertThat(clock.nanoTime() - before).isEqualTo(Duration.ofSeconds(30).toNanos());

        SimulatedProvider slow = SimFixtures.provider(
                SimFixtures.scenario("rules:\n  - fault: { type: slow_headers, delayMs: 8000 }\n"), clock);
        ModelResult result = slow.call(call("gpt-5.4-nano", "hi"));
        assertThat(result.timeToFirstToken()).isGreaterThan(Duration.ofSeconds(8));
    }

    @Test
    void brokenStream_deliversPartOfTheText_andReportsUsageSoFar() {
        ModelCall call = call("gpt-5.4-mini", "A long answer please", 2000);
        ModelResult whole =
                SimFixtures.provider(Scenario.DEFAULT, new FakeSimClock()).call(call);
        SimulatedProvider broken = SimFixtures.provider(
                SimFixtures.scenario("rules:\n  - fault: { type: broken_stream, afterFraction: 0.5 }\n"),
                new FakeSimClock());

        List<StreamEvent> events = stream(broken, call);
        StreamEvent.Failed failed = failed(events);
        String delivered = events.stream()
                .filter(StreamEvent.TextDelta.class::isInstance)
                .map(e -> ((StreamEvent.TextDelta) e).text())
                .reduce("", String::concat);

        assertThat(failed.error()).isInstanceOf(ProviderException.BrokenStream.class);
        assertThat(whole.text()).startsWith(delivered);
        assertThat(delivered.length())
                .isBetween(whole.text().length() / 4, whole.text().length() * 3 / 4);
        assertThat(failed.receivedOutput()).isTrue();
        assertThat(failed.usageEstimated()).isTrue();
        assertThat(failed.usageSoFar().inputTokens()).isEqualTo(whole.usage().inputTokens());
        assertThat(failed.usageSoFar().outputTokens())
                .isBetween(whole.usage().outputTokens() / 4, whole.usage().outputTokens() * 3 / 4);
    }

    @Test
    void faultRates_failAboutThatShareOfCalls_deterministically() {
        Scenario scenario = SimFixtures.scenario("rateLimits: false\nfaultRates: { server_error: 0.3 }\n");
        int failures = countFailures(SimFixtures.provider(scenario, new FakeSimClock()));
        int again = countFailures(SimFixtures.provider(scenario, new FakeSimClock()));

        assertThat(failures).isBetween(40, 80);
        assertThat(again).isEqualTo(failures);
    }

    private int countFailures(SimulatedProvider provider) {
        int failures = 0;
        for (int i = 0; i < 200; i++) {
            List<StreamEvent> events =
                    stream(provider, ModelCall.of("rate-" + i, "gpt-5.4-nano", List.of(Message.user("call " + i)), 50));
            if (events.get(events.size() - 1) instanceof StreamEvent.Failed f) {
                assertThat(f.error()).isInstanceOf(ProviderException.ServerError.class);
                failures++;
            }
        }
        return failures;
    }

    @Test
    void interrupt_endsTheStreamWithCancelled() {
        SimulatedProvider provider = SimFixtures.provider(Scenario.DEFAULT, clock);
        List<StreamEvent> events = new ArrayList<>();
        provider.stream(call("gpt-5.4-mini", "a long one"), event -> {
            events.add(event);
            if (event instanceof StreamEvent.TextDelta && events.size() == 3) {
                Thread.currentThread().interrupt();
            }
        });
        boolean interrupted = Thread.interrupted();

        StreamEvent.Failed failed = failed(events);
        assertThat(interrupted).isTrue();
        assertThat(failed.error()).isInstanceOf(ProviderException.Cancelled.class);
        assertThat(failed.receivedOutput()).isTrue();
        assertThat(events).hasSize(4);
    }

    @Test
    void responseSchema_givesAnInstance_andScriptedJsonWins() throws Exception {
        JsonNode schema = JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":5,\"maximum\":6}},"
                        + "\"required\":[\"n\"]}");
        ModelCall structured = new ModelCall(
                "s1",
                "gpt-5.4-nano",
                List.of(Message.user("count")),
                List.of(),
                ToolChoice.AUTO,
                new dev.flotilla.provider.ResponseSchema("count", schema, true),
                500,
                null,
                null,
                null);

        assertThat(JSON.readTree(SimFixtures.provider(Scenario.DEFAULT, clock)
                                .call(structured)
                                .text())
                        .path("n")
                        .asInt())
                .isBetween(5, 6);
        assertThat(SimFixtures.provider(SimFixtures.scenario("rules:\n  - reply: { json: { n: 99 } }\n"), clock)
                        .call(structured)
                        .text())
                .isEqualTo("{\"n\":99}");
    }
}
