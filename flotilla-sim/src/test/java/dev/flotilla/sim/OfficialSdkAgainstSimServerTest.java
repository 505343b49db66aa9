package dev.flotilla.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ToolChoiceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official openai-java SDK, a client written elsewhere, talks to the simulator's HTTP face. */
class OfficialSdkAgainstSimServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private SimServer server;
    private OpenAIClient client;

    @BeforeEach
    void start() {
        Scenario scenario = SimFixtures.scenario("""
                rules:
                  - match: { prompt: "trip the limit" }
                    fault: { type: rate_limited, retryAfterMs: 1500, limit: tokens }
                """);
        Simulator simulator = Simulator.builder(SimFixtures.CATALOG)
                .scenario(scenario)
                .tokenCounter(SimFixtures.TOKENS)
                .speed(0)
                .build();
        server = SimServer.start(simulator, "127.0.0.1", 0);
        client = OpenAIOkHttpClient.builder()
                .baseUrl(server.baseUrl())
                .apiKey("sk-simulated")
                .maxRetries(0)
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void chatCompletion_answersWithSimulatedTextAndUsage() {
        ChatCompletion completion = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-5.4-mini")
                        .addUserMessage("Hello from the official SDK")
                        .maxCompletionTokens(200)
                        .build());

        assertThat(completion.model()).isEqualTo("gpt-5.4-mini");
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content())
                .hasValueSatisfying(text -> assertThat(text).startsWith("[simulated gpt-5.4-mini]"));
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).isPositive();
        assertThat(usage.completionTokens()).isPositive().isLessThanOrEqualTo(200);
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
    }

    @Test
    void chatStream_deliversDeltas_andUsageOnTheLastChunk() {
        StringBuilder text = new StringBuilder();
        List<CompletionUsage> usages = new ArrayList<>();
        List<String> finishReasons = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model("gpt-5.4-nano")
                        .addUserMessage("Stream to the SDK")
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(choice -> {
                    choice.delta().content().ifPresent(text::append);
                    choice.finishReason().ifPresent(r -> finishReasons.add(r.asString()));
                });
                chunk.usage().ifPresent(usages::add);
            });
        }

        assertThat(text.toString()).startsWith("[simulated gpt-5.4-nano]");
        assertThat(finishReasons).containsExactly("stop");
        assertThat(usages).hasSize(1);
        assertThat(usages.get(0).completionTokens()).isEqualTo(SimFixtures.TOKENS.count(text.toString()));
    }

    @Test
    void chatToolCall_isForcedWithValidJsonArguments() throws Exception {
        ChatCompletion completion = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-5.4")
                        .addUserMessage("What is the weather in Paris?")
                        .addTool(ChatCompletionFunctionTool.builder()
                                .function(FunctionDefinition.builder()
                                        .name("get_weather")
                                        .description("The weather in a city")
                                        .parameters(weatherParameters())
                                        .build())
                                .build())
                        .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED)
                        .build());

        List<ChatCompletionMessageToolCall> calls =
                completion.choices().get(0).message().toolCalls().orElseThrow();
        assertThat(calls).hasSize(1);
        var function = calls.get(0).asFunction().function();
        assertThat(function.name()).isEqualTo("get_weather");
        assertThat(JSON.readTree(function.arguments()).path("city").isTextual()).isTrue();
        assertThat(completion.choices().get(0).finishReason().asString()).isEqualTo("tool_calls");
    }

    @Test
    void responses_answerAndStream_withUsage() {
        Response response = client.responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-5.4-mini")
                        .instructions("You are tested by the SDK.")
                        .input("Hello through the Responses API")
                        .maxOutputTokens(300)
                        .build());

        String text = response.output().stream()
                .flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream())
                .flatMap(content -> content.outputText().stream())
                .map(outputText -> outputText.text())
                .reduce("", String::concat);
        assertThat(text).startsWith("[simulated gpt-5.4-mini]");
        assertThat(response.usage().orElseThrow().inputTokens()).isPositive();
        assertThat(response.usage().orElseThrow().outputTokens()).isPositive();

        StringBuilder streamed = new StringBuilder();
        List<Response> completed = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses()
                .createStreaming(ResponseCreateParams.builder()
                        .model("gpt-5.4-mini")
                        .input("Stream through the Responses API")
                        .build())) {
            stream.stream().forEach(event -> {
                event.outputTextDelta().ifPresent(delta -> streamed.append(delta.delta()));
                event.completed().ifPresent(done -> completed.add(done.response()));
            });
        }
        assertThat(streamed.toString()).startsWith("[simulated gpt-5.4-mini]");
        assertThat(completed).hasSize(1);
        assertThat(completed.get(0).usage().orElseThrow().outputTokens()).isPositive();
    }

    @Test
    void responsesToolCall_isAFunctionCallItem() throws Exception {
        Response response = client.responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-5.4-nano")
                        .input("Weather in Oslo?")
                        .addTool(FunctionTool.builder()
                                .name("get_weather")
                                .parameters(FunctionTool.Parameters.builder()
                                        .putAllAdditionalProperties(weatherSchema())
                                        .build())
                                .strict(true)
                                .build())
                        .toolChoice(ToolChoiceOptions.REQUIRED)
                        .build());

        Optional<ResponseFunctionToolCall> call = response.output().stream()
                .flatMap(item -> item.functionCall().stream())
                .findFirst();
        assertThat(call).isPresent();
        assertThat(call.get().name()).isEqualTo("get_weather");
        assertThat(JSON.readTree(call.get().arguments()).path("unit").asText()).isIn("celsius", "fahrenheit");
        assertThat(response.output()).noneMatch(ResponseOutputItem::isMessage);
    }

    @Test
    void rateLimit_reachesTheSdkAsA429_withOpenAiHeaders() {
        assertThatThrownBy(() -> client.chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("gpt-5.4")
                                .addUserMessage("please trip the limit")
                                .build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after-ms")).containsExactly("1500");
                    assertThat(e.headers().values("x-request-id")).hasSize(1);
                    assertThat(e.headers().values("x-ratelimit-limit-tokens")).containsExactly("30000");
                    assertThat(e.headers().values("x-ratelimit-remaining-tokens"))
                            .containsExactly("0");
                });
    }

    private static FunctionParameters weatherParameters() {
        return FunctionParameters.builder()
                .putAllAdditionalProperties(weatherSchema())
                .build();
    }

    private static Map<String, JsonValue> weatherSchema() {
        return Map.of(
                "type", JsonValue.from("object"),
                "properties",
                        JsonValue.from(Map.of(
                                "city", Map.of("type", "string"),
                                "unit", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit")))),
                "required", JsonValue.from(List.of("city", "unit")),
                "additionalProperties", JsonValue.from(false));
    }
}
