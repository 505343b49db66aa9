package dev.flotilla.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.store.VirtualKey;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official openai-java SDK pointed at the gateway. */
class OpenAiSdkTest {
    @TempDir
    Path dir;

    FakeUpstream upstream;
    GatewayFixture fixture;
    String key;
    OpenAIClient client;

    @BeforeEach
    void start() {
        upstream = new FakeUpstream();
        String[] token = new String[1];
        fixture = new GatewayFixture(dir, upstream, keys -> {
            token[0] = keys.create(new VirtualKey.Spec("sdk", new BigDecimal("5"), null, null, Set.of()))
                    .token();
            return keys;
        });
        key = token[0];
        client = OpenAIOkHttpClient.builder()
                .apiKey(key)
                .baseUrl(fixture.base())
                .maxRetries(0)
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        fixture.close();
    }

    @Test
    void chat_namedModel_answersWithFlotillaHeadersAndCostFromTheLedger() {
        HttpResponseFor<ChatCompletion> raw = client.chat()
                .completions()
                .withRawResponse()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-5.4-mini")
                        .addUserMessage("Say hello")
                        .build());
        ChatCompletion completion = raw.parse();

        assertThat(completion.choices().getFirst().message().content()).hasValue("Hello from gpt-5.4-mini");
        assertThat(completion.model()).isEqualTo("gpt-5.4-mini");
        assertThat(completion.usage())
                .hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(3));
        assertThat(raw.headers().values("x-flotilla-model")).containsExactly("gpt-5.4-mini");
        assertThat(raw.headers().values("x-flotilla-route-reason").getFirst()).startsWith("route: ");
        assertThat(raw.headers().values("x-flotilla-overhead-ms")).hasSize(1);
        BigDecimal cost =
                new BigDecimal(raw.headers().values("x-flotilla-cost-usd").getFirst());
        List<CallRecord> calls = fixture.ledger().calls(Instant.EPOCH);
        assertThat(calls).hasSize(1);
        assertThat(cost)
                .isPositive()
                .isEqualByComparingTo(calls.getFirst().cost().usd());
        assertThat(calls.getFirst().budgetId()).startsWith("key:");
    }

    @Test
    void chat_auto_routesByTaskKindHeaderOrClassification() {
        HttpResponseFor<ChatCompletion> raw = client.chat()
                .completions()
                .withRawResponse()
                .create(ChatCompletionCreateParams.builder()
                        .model("auto")
                        .addUserMessage("Classify this ticket: my invoice is wrong")
                        .build());

        assertThat(raw.parse().choices().getFirst().message().content().orElseThrow())
                .startsWith("Hello from ");
        assertThat(upstream.calls().getFirst().model())
                .isEqualTo(raw.headers().values("x-flotilla-model").getFirst());
        assertThat(fixture.ledger().calls(Instant.EPOCH).getFirst().taskKind()).hasToString("CLASSIFY");
    }

    @Test
    void chatStream_withUsage_relaysChunksAndEndsWithTheUsageChunk() {
        StringBuilder text = new StringBuilder();
        long[] usage = {-1};
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model("gpt-5.4-nano")
                        .addUserMessage("Say hello")
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(u -> usage[0] = u.completionTokens());
            });
        }
        assertThat(text).hasToString("Hello from gpt-5.4-nano");
        assertThat(usage[0]).isEqualTo(3);
        assertThat(fixture.ledger().calls(Instant.EPOCH))
                .singleElement()
                .satisfies(c -> assertThat(c.usage().outputTokens()).isEqualTo(3));
    }

    @Test
    void chatStream_withoutUsageOption_sendsNoUsageChunk_butTheLedgerHasTheUsage() {
        int[] usageChunks = {0};
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model("gpt-5.4-nano")
                        .addUserMessage("Say hello")
                        .build())) {
            stream.stream().forEach(chunk -> chunk.usage().ifPresent(u -> usageChunks[0]++));
        }
        assertThat(usageChunks[0]).isZero();
        assertThat(fixture.ledger().calls(Instant.EPOCH).getFirst().usage().outputTokens())
                .isEqualTo(3);
    }

    @Test
    void chat_toolCall_comesBackAsAFunctionCall() {
        ChatCompletion completion = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-5.4-mini")
                        .addUserMessage("Weather in Paris?")
                        .addFunctionTool(FunctionDefinition.builder()
                                .name("get_weather")
                                .parameters(FunctionParameters.builder()
                                        .putAdditionalProperty("type", JsonValue.from("object"))
                                        .putAdditionalProperty(
                                                "properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                        .build())
                                .build())
                        .build());

        var call = completion
                .choices()
                .getFirst()
                .message()
                .toolCalls()
                .orElseThrow()
                .getFirst()
                .asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(completion.choices().getFirst().finishReason()).hasToString("tool_calls");
    }

    @Test
    void chat_structuredOutput_reachesUpstreamAsASchema() {
        ChatCompletion completion = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-5.4-mini")
                        .addUserMessage("Answer in JSON")
                        .responseFormat(ResponseFormatJsonSchema.builder()
                                .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                                        .name("answer")
                                        .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                                .putAdditionalProperty("type", JsonValue.from("object"))
                                                .build())
                                        .build())
                                .build())
                        .build());

        assertThat(completion.choices().getFirst().message().content()).hasValue("{\"answer\":\"ok\"}");
        assertThat(upstream.calls().getFirst().responseSchema()).isNotNull();
    }

    @Test
    void responses_plainAndStreaming() {
        Response response = client.responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-5.4-mini")
                        .input("Say hello")
                        .build());
        String text = response.output().stream()
                .flatMap(item -> item.message().stream())
                .flatMap(m -> m.content().stream())
                .flatMap(c -> c.outputText().stream())
                .map(t -> t.text())
                .reduce("", String::concat);
        assertThat(text).isEqualTo("Hello from gpt-5.4-mini");

        StringBuilder streamed = new StringBuilder();
        boolean[] completed = {false};
        try (StreamResponse<ResponseStreamEvent> stream = client.responses()
                .createStreaming(ResponseCreateParams.builder()
                        .model("gpt-5.4-mini")
                        .input("Say hello")
                        .build())) {
            stream.stream().forEach(event -> {
                if (event.isOutputTextDelta()) {
                    streamed.append(event.asOutputTextDelta().delta());
                }
                if (event.isCompleted()) {
                    completed[0] = true;
                }
            });
        }
        assertThat(streamed).hasToString("Hello from gpt-5.4-mini");
        assertThat(completed[0]).isTrue();
    }

    @Test
    void errors_reachTheSdkAsItsTypedExceptions() {
        assertThatThrownBy(() -> client.chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("gpt-9-imaginary")
                                .addUserMessage("hi")
                                .build()))
                .isInstanceOfSatisfying(
                        NotFoundException.class, e -> assertThat(e.code()).hasValue("model_not_found"));
        OpenAIClient anonymous = OpenAIOkHttpClient.builder()
                .apiKey("fk-000000000000-wrong")
                .baseUrl(fixture.base())
                .maxRetries(0)
                .build();
        try {
            assertThatThrownBy(() -> anonymous.models().list()).isInstanceOf(UnauthorizedException.class);
        } finally {
            anonymous.close();
        }
        assertThat(upstream.calls()).isEmpty();
    }
}
