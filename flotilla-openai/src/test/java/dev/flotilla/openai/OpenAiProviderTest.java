package dev.flotilla.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.Endpoint;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.WireApi;
import dev.flotilla.metering.TokenCounter;
import dev.flotilla.metering.Usage;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.StreamEvent;
import dev.flotilla.provider.ToolCall;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiProviderTest {
    static final String KEY = "sk-test-SECRET-0123456789";
    static final String CHAT = "local-chat";
    static final String RESP = "local-responses";
    static TokenCounter counter;

    FixtureServer server;
    OpenAiProvider provider;

    @BeforeAll
    static void counter() {
        counter = TokenCounter.o200k();
    }

    @BeforeEach
    void start() throws IOException {
        server = new FixtureServer();
        provider = provider(
                Map.of(
                        "TEST_KEY",
                        KEY,
                        "OPENAI_API_KEY",
                        KEY,
                        "OPENAI_BASE_URL",
                        server.baseUrl().toString()),
                Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    OpenAiProvider provider(Map<String, String> env, Duration timeout) {
        Catalog bundled = Catalog.bundled();
        ModelSpec mini = bundled.require("gpt-5.4-mini");
        Catalog catalog = new Catalog(
                List.of(
                        copy(mini, "gpt-5.4-mini", Endpoint.OPENAI),
                        copy(mini, CHAT, new Endpoint(server.baseUrl(), "TEST_KEY", WireApi.CHAT_COMPLETIONS)),
                        copy(mini, RESP, new Endpoint(server.baseUrl(), "TEST_KEY", WireApi.RESPONSES))),
                1,
                List.of("test"));
        return OpenAiProvider.builder(catalog)
                .env(env)
                .requestTimeout(timeout)
                .tokenCounter(counter)
                .build();
    }

    static ModelSpec copy(ModelSpec base, String id, Endpoint endpoint) {
        return new ModelSpec(
                id,
                base.tier(),
                base.autoRoute(),
                base.prices(),
                base.contextWindow(),
                base.maxOutputTokens(),
                base.inputModalities(),
                base.capabilities(),
                base.quotaWeight(),
                base.quality(),
                base.rateLimits(),
                base.latency(),
                endpoint,
                List.of(),
                base.assumed());
    }

    static ModelCall call(String model) {
        return ModelCall.of("call-1", model, List.of(Message.system("Be brief."), Message.user("Say hello")), 200);
    }

    List<StreamEvent> stream(String model) {
        List<StreamEvent> events = new ArrayList<>();
        provider.stream(call(model), events::add);
        assertThat(events.stream().filter(StreamEvent::isTerminal)).hasSize(1);
        assertThat(events.get(events.size() - 1).isTerminal()).isTrue();
        return events;
    }

    static ModelResult completed(List<StreamEvent> events) {
        assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Completed.class);
        return ((StreamEvent.Completed) events.get(events.size() - 1)).result();
    }

    static StreamEvent.Failed failed(List<StreamEvent> events) {
        assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Failed.class);
        return (StreamEvent.Failed) events.get(events.size() - 1);
    }

    static String texts(List<StreamEvent> events) {
        StringBuilder out = new StringBuilder();
        events.stream()
                .filter(StreamEvent.TextDelta.class::isInstance)
                .forEach(e -> out.append(((StreamEvent.TextDelta) e).text()));
        return out.toString();
    }

    JsonNode lastRequestBody() throws IOException {
        return new ObjectMapper()
                .readTree(server.requests().get(server.requests().size() - 1).body());
    }

    // ---------------------------------------------------------------- Chat Completions

    @Test
    void chatPlain_returnsTextUsageRequestIdAndRateLimits() throws IOException {
        server.serve("chat/plain.http");
        ModelResult result = provider.call(call(CHAT));
        assertThat(result.text()).isEqualTo("Hello! How can I assist you today?");
        assertThat(result.usage()).isEqualTo(Usage.of(19, 10));
        assertThat(result.usageEstimated()).isFalse();
        assertThat(result.providerRequestId()).isEqualTo("req_plain_1");
        assertThat(result.servedModel()).isEqualTo("gpt-5.4-mini-2026-03-05");
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(result.rateLimits().limitRequests()).isEqualTo(5000L);
        assertThat(result.rateLimits().resetTokens()).isEqualTo(Duration.ofMinutes(6));
        FixtureServer.Recorded request = server.requests().get(0);
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.headers().get("Authorization")).containsExactly("Bearer " + KEY);
        JsonNode body = lastRequestBody();
        assertThat(body.path("model").asText()).isEqualTo(CHAT);
        assertThat(body.path("max_tokens").asLong()).isEqualTo(200);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
    }

    @Test
    void chatStreamWithIncludeUsage_deliversDeltasThenUsageFromTheLastChunk() throws IOException {
        server.serve("chat/stream-include-usage.http");
        List<StreamEvent> events = stream(CHAT);
        assertThat(texts(events)).isEqualTo("Hello wörld 🌍");
        ModelResult result = completed(events);
        assertThat(result.text()).isEqualTo("Hello wörld 🌍");
        assertThat(result.usage()).isEqualTo(new Usage(19, 16, 5, 2));
        assertThat(result.usageEstimated()).isFalse();
        assertThat(result.providerRequestId()).isEqualTo("req_stream_1");
        JsonNode body = lastRequestBody();
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean())
                .isTrue();
    }

    @Test
    void chatStream_usageOnAChunkWithChoices_isRead() throws IOException {
        server.serve("chat/stream-usage-with-choices.http");
        ModelResult result = completed(stream(CHAT));
        assertThat(result.text()).isEqualTo("Hi there");
        assertThat(result.usage()).isEqualTo(Usage.of(12, 2));
        assertThat(result.servedModel()).isEqualTo("qwen3-coder");
    }

    @Test
    void chatToolCalls_nonStreaming() throws IOException {
        server.serve("chat/tool-calls.http");
        ModelResult result = provider.call(call(CHAT));
        assertThat(result.text()).isEmpty();
        assertThat(result.toolCalls())
                .containsExactly(
                        new ToolCall("call_abc123", "get_current_weather", "{\n\"location\": \"Boston, MA\"\n}"));
        assertThat(result.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void streamedDeltas_leaveAsTheirReadArrives_andAreNotHeldForLaterOnes() {
        CountDownLatch firstDeltaSeen = new CountDownLatch(1);
        server.handle(exchange -> {
            exchange.getResponseHeaders().add("content-type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(sse(textChunk("Hel"), textChunk("lo")));
                out.flush();
                // the rest is sent only once the caller has the first read's text
                if (!firstDeltaSeen.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("the provider held the first read's deltas back");
                }
                out.write(sse(
                        textChunk(" wor"),
                        textChunk("ld"),
                        "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                        "{\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}}",
                        "[DONE]"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<StreamEvent> events = new ArrayList<>();

        provider.stream(call(CHAT), event -> {
            events.add(event);
            if (event instanceof StreamEvent.TextDelta) {
                firstDeltaSeen.countDown();
            }
        });

        assertThat(completed(events).text()).isEqualTo("Hello world");
        assertThat(texts(events)).isEqualTo("Hello world");
        // two reads at least; at most one delta per chunk (fewer when a read held several)
        assertThat(events.stream().filter(StreamEvent.TextDelta.class::isInstance))
                .hasSizeBetween(2, 4);
    }

    private static String textChunk(String text) {
        return "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}";
    }

    private static byte[] sse(String... data) {
        StringBuilder out = new StringBuilder();
        for (String d : data) {
            out.append("data: ").append(d).append("\n\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void chatToolCalls_streamedInPieces_assembleWhole() throws IOException {
        server.serve("chat/stream-tool-calls.http");
        List<StreamEvent> events = stream(CHAT);
        List<StreamEvent.ToolCallDelta> deltas = events.stream()
                .filter(StreamEvent.ToolCallDelta.class::isInstance)
                .map(StreamEvent.ToolCallDelta.class::cast)
                .toList();
        // The fixture's 8 pieces may arrive in one read and then come out merged: per call, the
        // first delta names it and the pieces' arguments concatenate to the whole call's.
        assertThat(deltas).isNotEmpty().hasSizeLessThanOrEqualTo(8);
        ModelResult result = completed(events);
        for (int index = 0; index < result.toolCalls().size(); index++) {
            int i = index;
            List<StreamEvent.ToolCallDelta> pieces =
                    deltas.stream().filter(d -> d.index() == i).toList();
            assertThat(pieces.getFirst().id())
                    .isEqualTo(result.toolCalls().get(i).id());
            assertThat(pieces.getFirst().name())
                    .isEqualTo(result.toolCalls().get(i).name());
            assertThat(pieces.subList(1, pieces.size()))
                    .allSatisfy(d -> assertThat(d.id()).isNull());
            assertThat(pieces.stream()
                            .map(StreamEvent.ToolCallDelta::argumentsDelta)
                            .reduce("", String::concat))
                    .isEqualTo(result.toolCalls().get(i).argumentsJson());
        }
        assertThat(deltas.getFirst().id()).isEqualTo("call_DdmO9pD3xa9XTPNJ32zg2hcA");
        assertThat(result.toolCalls())
                .containsExactly(
                        new ToolCall(
                                "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather", "{\"location\":\"Paris, France\"}"),
                        new ToolCall("call_2", "get_time", "{}"));
        assertThat(result.finishReason()).isEqualTo("tool_calls");
        assertThat(result.usage()).isEqualTo(Usage.of(60, 21));
    }

    @Test
    void rateLimited429_carriesRetryAfterMsAndWhichLimit_streamedAndNot() throws IOException {
        server.serve("chat/429-rate-limit.http");
        for (String model : List.of(CHAT, RESP)) {
            StreamEvent.Failed f = failed(stream(model));
            assertThat(f.error()).isInstanceOfSatisfying(ProviderException.RateLimited.class, r -> {
                assertThat(r.retryAfter()).contains(Duration.ofMillis(1500));
                assertThat(r.limit()).isEqualTo(ProviderException.LimitKind.TOKENS);
                assertThat(r.requestId()).contains("req_429_1");
                assertThat(r.status()).isEqualTo(429);
            });
            assertThat(f.usageSoFar()).isEqualTo(Usage.ZERO);
            assertThat(f.receivedOutput()).isFalse();
            assertThatThrownBy(() -> provider.call(call(model))).isInstanceOf(ProviderException.RateLimited.class);
        }
    }

    @Test
    void insufficientQuota429_isNotARateLimit() throws IOException {
        server.serve("chat/429-insufficient-quota.http");
        assertThat(failed(stream(CHAT)).error()).isInstanceOf(ProviderException.InsufficientQuota.class);
        assertThatThrownBy(() -> provider.call(call(RESP))).isInstanceOf(ProviderException.InsufficientQuota.class);
    }

    @Test
    void contextLengthExceeded400_isContextTooLong() throws IOException {
        server.serve("chat/400-context-length.http");
        assertThat(failed(stream(CHAT)).error())
                .isInstanceOf(ProviderException.ContextTooLong.class)
                .hasMessageContaining("maximum context length");
        assertThatThrownBy(() -> provider.call(call(RESP))).isInstanceOf(ProviderException.ContextTooLong.class);
    }

    @Test
    void other400_isInvalidRequestWithItsParam() throws IOException {
        server.serve("chat/400-invalid.http");
        assertThat(failed(stream(CHAT)).error())
                .isInstanceOfSatisfying(
                        ProviderException.InvalidRequest.class,
                        e -> assertThat(e.param()).contains("max_completion_tokens"));
    }

    @Test
    void unauthorized401_isAuthenticationFailed_andNeverShowsTheKey() throws IOException {
        server.serve("chat/401-key-echo.http");
        ProviderException streamed = failed(stream(CHAT)).error();
        assertThat(streamed).isInstanceOf(ProviderException.AuthenticationFailed.class);
        assertThat(streamed.getMessage()).doesNotContain(KEY).contains("invalid_api_key");
        assertThatThrownBy(() -> provider.call(call(CHAT)))
                .isInstanceOf(ProviderException.AuthenticationFailed.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY))
                .satisfies(e -> assertThat(e.toString()).doesNotContain(KEY));
        assertThat(provider.toString()).doesNotContain(KEY);
    }

    @Test
    void serverErrors_500AndAnUnreadable502_areServerErrors() throws IOException {
        server.serve("chat/500.http");
        assertThat(failed(stream(CHAT)).error()).isInstanceOfSatisfying(ProviderException.ServerError.class, e -> {
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.requestId()).contains("req_500");
        });
        server.serve("chat/502-html.http");
        assertThatThrownBy(() -> provider.call(call(RESP)))
                .isInstanceOfSatisfying(
                        ProviderException.ServerError.class,
                        e -> assertThat(e.status()).isEqualTo(502));
    }

    @Test
    void streamCutBeforeDone_isBrokenStreamWithEstimatedUsage() throws IOException {
        server.serve("chat/stream-cut.http");
        List<StreamEvent> events = stream(CHAT);
        assertThat(texts(events)).isEqualTo("The quick brown fox jumps over the");
        StreamEvent.Failed f = failed(events);
        assertThat(f.error()).isInstanceOf(ProviderException.BrokenStream.class).hasMessageContaining("[DONE]");
        assertThat(f.usageEstimated()).isTrue();
        assertThat(f.receivedOutput()).isTrue();
        assertThat(f.usageSoFar().outputTokens()).isEqualTo(counter.count("The quick brown fox jumps over the"));
        assertThat(f.usageSoFar().inputTokens()).isGreaterThan(counter.count("Be brief.Say hello"));
    }

    @Test
    void inBandErrorAfter200_isBrokenStreamWithPartialUsage() throws IOException {
        server.serve("chat/stream-inband-error.http");
        StreamEvent.Failed f = failed(stream(CHAT));
        assertThat(f.error())
                .isInstanceOf(ProviderException.BrokenStream.class)
                .hasMessageContaining("The server had an error");
        assertThat(f.usageSoFar().outputTokens()).isEqualTo(counter.count("Partial answer"));
        assertThat(f.usageEstimated()).isTrue();
    }

    @Test
    void connectionDroppedMidBody_isBrokenStream() {
        server.handle(exchange -> {
            exchange.getResponseHeaders().add("content-type", "text/event-stream");
            exchange.sendResponseHeaders(200, 100_000);
            OutputStream out = exchange.getResponseBody();
            out.write(("data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                            + "\"delta\":{\"content\":\"Hel\"}}]}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            // closing the exchange before the declared length cuts the connection
        });
        StreamEvent.Failed f = failed(stream(CHAT));
        assertThat(f.error()).isInstanceOf(ProviderException.BrokenStream.class);
        assertThat(f.receivedOutput()).isTrue();
        assertThat(f.usageSoFar().outputTokens()).isEqualTo(1);
    }

    @Test
    void noHeadersInTime_isTimeout() {
        CountDownLatch release = new CountDownLatch(1);
        server.handle(exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        provider = provider(Map.of("TEST_KEY", KEY), Duration.ofMillis(200));
        try {
            assertThat(failed(stream(CHAT)).error()).isInstanceOf(ProviderException.Timeout.class);
            assertThatThrownBy(() -> provider.call(call(RESP))).isInstanceOf(ProviderException.Timeout.class);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aStreamThatStallsAfterItsFirstDelta_endsInTimeout_withItsPartialUsage() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.handle(exchange -> {
            exchange.getResponseHeaders().add("content-type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(sse(textChunk("Hello there")));
            out.flush();
            try {
                release.await(30, TimeUnit.SECONDS); // then silence, connection open
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // 1 s of silence allowed: the first delta, written right after the headers, is not at risk
        provider = provider(Map.of("TEST_KEY", KEY), Duration.ofSeconds(1));
        List<StreamEvent> events = new CopyOnWriteArrayList<>();
        Thread caller = Thread.ofVirtual().start(() -> provider.stream(call(CHAT), events::add));
        try {
            caller.join(10_000);
            assertThat(caller.isAlive()).as("the stalled stream was given up").isFalse();
            StreamEvent.Failed f = failed(events);
            assertThat(f.error()).isInstanceOf(ProviderException.Timeout.class);
            assertThat(f.error().getMessage()).contains("no data for PT1S");
            assertThat(f.receivedOutput()).isTrue();
            assertThat(f.usageEstimated()).isTrue();
            assertThat(f.usageSoFar().outputTokens()).isPositive();
            assertThat(texts(events)).isEqualTo("Hello there");
        } finally {
            release.countDown();
        }
    }

    @Test
    void interruptingTheStreamingThread_endsInCancelled() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.handle(exchange -> {
            exchange.getResponseHeaders().add("content-type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(("data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<StreamEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch firstDelta = new CountDownLatch(1);
        Thread caller = Thread.ofVirtual()
                .start(() -> provider.stream(call(CHAT), e -> {
                    events.add(e);
                    firstDelta.countDown();
                }));
        try {
            assertThat(firstDelta.await(10, TimeUnit.SECONDS)).isTrue();
            caller.interrupt();
            caller.join(10_000);
            assertThat(caller.isAlive()).isFalse();
            StreamEvent.Failed f = failed(events);
            assertThat(f.error()).isInstanceOf(ProviderException.Cancelled.class);
            assertThat(f.receivedOutput()).isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void refusedConnection_isServerErrorWithoutStatus() {
        server.close();
        StreamEvent.Failed f = failed(stream(CHAT));
        assertThat(f.error())
                .isInstanceOfSatisfying(
                        ProviderException.ServerError.class,
                        e -> assertThat(e.status()).isZero());
    }

    @Test
    void missingKey_failsWithoutCalling_andNamesTheVariable() {
        provider = provider(Map.of(), Duration.ofSeconds(5));
        assertThat(failed(stream(CHAT)).error())
                .isInstanceOf(ProviderException.AuthenticationFailed.class)
                .hasMessageContaining("TEST_KEY");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void unknownModel_isInvalidRequest() {
        assertThat(failed(stream("no-such-model")).error())
                .isInstanceOf(ProviderException.InvalidRequest.class)
                .hasMessageContaining("no-such-model");
    }

    // ---------------------------------------------------------------- Responses API

    @Test
    void openAiModels_useTheResponsesApi_atOpenAiBaseUrl() throws IOException {
        server.serve("responses/plain.http");
        ModelResult result = provider.call(call("gpt-5.4-mini"));
        assertThat(server.requests().get(0).path()).isEqualTo("/v1/responses");
        assertThat(result.text()).startsWith("In a peaceful grove");
        assertThat(result.usage()).isEqualTo(new Usage(36, 12, 87, 40));
        assertThat(result.rateLimits().resetRequests()).isEqualTo(Duration.ofMillis(6));
        JsonNode body = lastRequestBody();
        assertThat(body.path("max_output_tokens").asLong()).isEqualTo(200);
        assertThat(body.path("input").get(1).path("content").asText()).isEqualTo("Say hello");
    }

    @Test
    void responsesStream_deliversTextAndToolDeltas_andUsageFromCompleted() throws IOException {
        server.serve("responses/stream.http");
        List<StreamEvent> events = stream(RESP);
        assertThat(texts(events)).isEqualTo("Hi there 👋");
        List<StreamEvent.ToolCallDelta> calls = events.stream()
                .filter(StreamEvent.ToolCallDelta.class::isInstance)
                .map(StreamEvent.ToolCallDelta.class::cast)
                .toList();
        assertThat(calls.getFirst().id()).isEqualTo("call_s1");
        assertThat(calls.getFirst().name()).isEqualTo("get_weather");
        assertThat(calls.stream().map(StreamEvent.ToolCallDelta::argumentsDelta).reduce("", String::concat))
                .isEqualTo("{\"location\":\"Paris\"}");
        ModelResult result = completed(events);
        assertThat(result.text()).isEqualTo("Hi there 👋");
        assertThat(result.toolCalls())
                .containsExactly(new ToolCall("call_s1", "get_weather", "{\"location\":\"Paris\"}"));
        assertThat(result.usage()).isEqualTo(Usage.of(37, 11));
        assertThat(result.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void responsesToolCalls_nonStreaming() throws IOException {
        server.serve("responses/tool-calls.http");
        ModelResult result = provider.call(call(RESP));
        assertThat(result.toolCalls())
                .containsExactly(new ToolCall("call_12345xyz", "get_weather", "{\"location\":\"Paris, France\"}"));
        assertThat(result.usage()).isEqualTo(Usage.of(291, 23));
    }

    @Test
    void responsesStreamCut_isBrokenStreamWithEstimatedUsage() throws IOException {
        server.serve("responses/stream-cut.http");
        StreamEvent.Failed f = failed(stream(RESP));
        assertThat(f.error())
                .isInstanceOf(ProviderException.BrokenStream.class)
                .hasMessageContaining("response.completed");
        assertThat(f.usageEstimated()).isTrue();
        assertThat(f.receivedOutput()).isTrue();
        // the cut came after the text and the function call's first (empty) piece
        assertThat(f.usageSoFar().outputTokens()).isEqualTo(counter.count("Hi there 👋"));
    }

    @Test
    void responsesErrorEventAndFailedResponse_areBrokenStreams() throws IOException {
        for (String fixture : List.of("responses/stream-error.http", "responses/stream-failed.http")) {
            server.serve(fixture);
            StreamEvent.Failed f = failed(stream(RESP));
            assertThat(f.error())
                    .as(fixture)
                    .isInstanceOf(ProviderException.BrokenStream.class)
                    .hasMessageContaining("server_error");
            assertThat(f.usageSoFar().outputTokens()).isEqualTo(counter.count("Hi"));
        }
    }
}
