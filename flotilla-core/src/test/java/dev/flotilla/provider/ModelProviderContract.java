package dev.flotilla.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ModelProvider} passes: in-process (the simulator), over HTTP (the
 * OpenAI provider against {@code flotilla sim serve} or wire fixtures), or any other. A subclass
 * supplies the provider, the model to call, and a way to inject each fault; the contract checks
 * answers, streams, tool calls, structured output, usage and that every fault surfaces typed.
 *
 * <pre>{@code
 * class SimulatedProviderContractTest extends ModelProviderContract {
 *     protected ModelProvider provider() { return new SimulatedProvider(simulator(Scenario.DEFAULT)); }
 *     protected ModelProvider providerWith(InjectedFault fault) { return ...a provider whose calls fail so... }
 * }
 * }</pre>
 *
 * It lives in flotilla-core's test-jar: depend on {@code flotilla-core} with
 * {@code <type>test-jar</type>} and test scope.
 */
public abstract class ModelProviderContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicInteger calls = new AtomicInteger();

    /** The faults a subclass must be able to inject on {@link #model()}. */
    public enum InjectedFault {
        /** 429 {@code rate_limit_exceeded}: must surface as {@link ProviderException.RateLimited}. */
        RATE_LIMITED,
        /** 429 {@code insufficient_quota}: must surface as {@link ProviderException.InsufficientQuota}. */
        INSUFFICIENT_QUOTA,
        /** A 5xx answer: must surface as {@link ProviderException.ServerError}. */
        SERVER_ERROR,
        /** A stream cut before its end: must surface as {@link ProviderException.BrokenStream}. */
        BROKEN_STREAM
    }

    /** The provider under test; called once or more per test. */
    protected abstract ModelProvider provider();

    /** A provider whose every call to {@link #model()} fails with {@code fault}. */
    protected abstract ModelProvider providerWith(InjectedFault fault);

    /** A model the provider serves that supports tools and structured output. */
    protected String model() {
        return "gpt-5.4-mini";
    }

    /** The output cap the contract's calls use. */
    protected long maxOutputTokens() {
        return 400;
    }

    @Test
    public void plainCall_returnsText_usage_servedModel_andLatencyAtLeastTtft() {
        ModelCall call = plainCall("Say hello to the contract test in one sentence.");

        ModelResult result = provider().call(call);

        assertThat(result.callId()).isEqualTo(call.callId());
        assertThat(result.text()).isNotBlank();
        assertThat(result.toolCalls()).isEmpty();
        assertThat(result.servedModel()).startsWith(model());
        assertThat(result.usage().inputTokens()).isPositive();
        assertThat(result.usage().outputTokens()).isPositive();
        assertThat(result.usage().cachedInputTokens())
                .isLessThanOrEqualTo(result.usage().inputTokens());
        assertThat(result.finishReason()).isIn("stop", "length");
        assertThat(result.timeToFirstToken().isNegative()).isFalse();
        assertThat(result.latency()).isGreaterThanOrEqualTo(result.timeToFirstToken());
    }

    @Test
    public void answer_returnsTheWholeAnswer_orAFailedEventInsteadOfThrowing() {
        StreamEvent answer = provider().answer(plainCall("Answer in one sentence, whole."));

        assertThat(answer).isInstanceOf(StreamEvent.Completed.class);
        ModelResult result = ((StreamEvent.Completed) answer).result();
        assertThat(result.text()).isNotBlank();
        assertThat(result.usage().outputTokens()).isPositive();
        StreamEvent refused = providerWith(InjectedFault.RATE_LIMITED).answer(plainCall("rate limited, whole?"));
        assertThat(refused).isInstanceOfSatisfying(StreamEvent.Failed.class, failed -> {
            assertThat(failed.error()).isInstanceOf(ProviderException.RateLimited.class);
            assertThat(failed.receivedOutput()).isFalse();
        });
    }

    @Test
    public void stream_endsInExactlyOneTerminalEvent_andDeltasConcatenateToTheText() {
        List<StreamEvent> events = collect(provider(), plainCall("Stream a short greeting."));

        assertThat(events.stream().filter(StreamEvent::isTerminal)).hasSize(1);
        assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Completed.class);
        ModelResult result = ((StreamEvent.Completed) events.get(events.size() - 1)).result();
        assertThat(textOf(events)).isEqualTo(result.text()).isNotEmpty();
        assertThat(result.usage().outputTokens()).isPositive();
        assertThat(result.latency()).isGreaterThanOrEqualTo(result.timeToFirstToken());
    }

    @Test
    public void namedToolChoice_returnsThatToolCall_withValidJsonArguments() throws JsonProcessingException {
        ModelCall call = toolCall(new ToolChoice.Named("get_weather"));

        ModelResult result = provider().call(call);

        assertThat(result.toolCalls()).isNotEmpty();
        ToolCall toolCall = result.toolCalls().get(0);
        assertThat(toolCall.name()).isEqualTo("get_weather");
        assertThat(toolCall.id()).isNotBlank();
        JsonNode arguments = JSON.readTree(toolCall.argumentsJson());
        assertThat(arguments.isObject())
                .as("arguments %s are a JSON object", toolCall.argumentsJson())
                .isTrue();
        assertThat(arguments.path("city").isTextual())
                .as("required 'city' in %s", arguments)
                .isTrue();
        assertThat(arguments.path("unit").asText()).isIn("celsius", "fahrenheit");
    }

    @Test
    public void requiredToolChoice_returnsAToolCallOfAnOfferedTool() throws JsonProcessingException {
        ModelResult result = provider().call(toolCall(new ToolChoice.Required()));

        assertThat(result.toolCalls()).isNotEmpty();
        for (ToolCall toolCall : result.toolCalls()) {
            assertThat(toolCall.name()).isIn("get_weather", "get_time");
            assertThat(JSON.readTree(toolCall.argumentsJson()).isObject()).isTrue();
        }
    }

    @Test
    public void streamedToolCall_deltasRebuildTheCall() {
        List<StreamEvent> events = collect(provider(), toolCall(new ToolChoice.Named("get_weather")));

        assertThat(events.stream().filter(StreamEvent::isTerminal)).hasSize(1);
        ModelResult result = ((StreamEvent.Completed) events.get(events.size() - 1)).result();
        Map<Integer, StringBuilder> arguments = new LinkedHashMap<>();
        Map<Integer, String> names = new LinkedHashMap<>();
        for (StreamEvent event : events) {
            if (event instanceof StreamEvent.ToolCallDelta delta) {
                arguments
                        .computeIfAbsent(delta.index(), unused -> new StringBuilder())
                        .append(delta.argumentsDelta());
                if (delta.name() != null) {
                    names.put(delta.index(), delta.name());
                }
            }
        }
        assertThat(result.toolCalls()).hasSameSizeAs(arguments.keySet());
        for (int i = 0; i < result.toolCalls().size(); i++) {
            ToolCall expected = result.toolCalls().get(i);
            assertThat(names.get(i)).isEqualTo(expected.name());
            assertThat(arguments.get(i).toString()).isEqualTo(expected.argumentsJson());
        }
    }

    @Test
    public void responseSchema_returnsJsonThatParsesAndHasTheRequiredFields() throws JsonProcessingException {
        JsonNode schema = JSON.readTree("""
                {"type": "object",
                 "properties": {
                   "label": {"type": "string", "enum": ["bug", "feature", "question"]},
                   "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                   "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3}},
                 "required": ["label", "confidence", "tags"],
                 "additionalProperties": false}
                """);
        ModelCall call = new ModelCall(
                nextId(),
                model(),
                List.of(Message.user("Classify: the build fails on JDK 21.")),
                List.of(),
                ToolChoice.AUTO,
                new ResponseSchema("classification", schema, true),
                maxOutputTokens(),
                null,
                null,
                null);

        ModelResult result = provider().call(call);

        JsonNode answer = JSON.readTree(result.text());
        assertThat(answer.path("label").asText()).isIn("bug", "feature", "question");
        assertThat(answer.path("confidence").isNumber()).isTrue();
        assertThat(answer.path("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(answer.path("tags").isArray()).isTrue();
        assertThat(answer.path("tags").size()).isLessThanOrEqualTo(3);
    }

    @Test
    public void cachedTokens_neverExceedInput_overRepeatedPrefixes() {
        String prefix = "Shared system context for the cache check. ".repeat(200);
        for (int i = 0; i < 3; i++) {
            ModelCall call = ModelCall.of(
                    nextId(),
                    model(),
                    List.of(Message.system(prefix), Message.user("Question number " + i + ".")),
                    maxOutputTokens());
            ModelResult result = provider().call(call);
            assertThat(result.usage().cachedInputTokens())
                    .isNotNegative()
                    .isLessThanOrEqualTo(result.usage().inputTokens());
            assertThat(result.usage().reasoningTokens())
                    .isLessThanOrEqualTo(result.usage().outputTokens());
        }
    }

    @Test
    public void rateLimited_surfacesAsRateLimited() {
        ModelProvider provider = providerWith(InjectedFault.RATE_LIMITED);

        assertThatThrownBy(() -> provider.call(plainCall("rate limited?")))
                .isInstanceOf(ProviderException.RateLimited.class)
                .satisfies(e -> assertThat(((ProviderException) e).status()).isEqualTo(429));
        StreamEvent.Failed failed = failedStream(provider, plainCall("rate limited, streaming?"));
        assertThat(failed.error()).isInstanceOf(ProviderException.RateLimited.class);
        assertThat(failed.receivedOutput()).isFalse();
    }

    @Test
    public void insufficientQuota_surfacesAsInsufficientQuota() {
        ModelProvider provider = providerWith(InjectedFault.INSUFFICIENT_QUOTA);

        assertThatThrownBy(() -> provider.call(plainCall("quota?")))
                .isInstanceOf(ProviderException.InsufficientQuota.class);
        assertThat(failedStream(provider, plainCall("quota, streaming?")).error())
                .isInstanceOf(ProviderException.InsufficientQuota.class);
    }

    @Test
    public void serverError_surfacesAsServerError_withItsStatus() {
        ModelProvider provider = providerWith(InjectedFault.SERVER_ERROR);

        assertThatThrownBy(() -> provider.call(plainCall("server error?")))
                .isInstanceOf(ProviderException.ServerError.class)
                .satisfies(e -> assertThat(((ProviderException) e).status()).isBetween(500, 599));
        assertThat(failedStream(provider, plainCall("server error, streaming?")).error())
                .isInstanceOf(ProviderException.ServerError.class);
    }

    @Test
    public void brokenStream_endsInOneFailedEvent_withPartialUsage() {
        ModelProvider provider = providerWith(InjectedFault.BROKEN_STREAM);
        List<StreamEvent> events = collect(provider, plainCall("Write a long answer that will be cut."));

        assertThat(events.stream().filter(StreamEvent::isTerminal)).hasSize(1);
        assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Failed.class);
        StreamEvent.Failed failed = (StreamEvent.Failed) events.get(events.size() - 1);
        assertThat(failed.error()).isInstanceOf(ProviderException.BrokenStream.class);
        assertThat(failed.usageSoFar().inputTokens()).isPositive();
        assertThat(failed.receivedOutput()).isEqualTo(!textOf(events).isEmpty());
        // Without streaming the cut shows as a truncated body, which a provider may call an unreadable
        // answer (a server error); both are typed, retryable failures.
        assertThatThrownBy(() -> provider.call(plainCall("cut again")))
                .isInstanceOfAny(ProviderException.BrokenStream.class, ProviderException.ServerError.class);
    }

    /** A plain text call to {@link #model()} with a fresh call id. */
    protected ModelCall plainCall(String prompt) {
        return ModelCall.of(
                nextId(),
                model(),
                List.of(Message.system("You are the provider contract test."), Message.user(prompt)),
                maxOutputTokens());
    }

    /** A call offering get_weather and get_time with this tool choice. */
    protected ModelCall toolCall(ToolChoice choice) {
        try {
            ToolSpec weather = new ToolSpec("get_weather", "The current weather in a city.", JSON.readTree("""
                            {"type": "object",
                             "properties": {"city": {"type": "string"},
                                            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
                             "required": ["city", "unit"], "additionalProperties": false}
                            """));
            ToolSpec time = new ToolSpec("get_time", "The current time in a time zone.", JSON.readTree("""
                            {"type": "object", "properties": {"zone": {"type": "string"}},
                             "required": ["zone"], "additionalProperties": false}
                            """));
            return new ModelCall(
                    nextId(),
                    model(),
                    List.of(Message.user("What is the weather in Paris?")),
                    List.of(weather, time),
                    choice,
                    null,
                    maxOutputTokens(),
                    null,
                    null,
                    null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Streams a call and returns every event delivered. */
    protected static List<StreamEvent> collect(ModelProvider provider, ModelCall call) {
        List<StreamEvent> events = new ArrayList<>();
        provider.stream(call, events::add);
        return events;
    }

    private static StreamEvent.Failed failedStream(ModelProvider provider, ModelCall call) {
        List<StreamEvent> events = collect(provider, call);
        assertThat(events.stream().filter(StreamEvent::isTerminal)).hasSize(1);
        assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Failed.class);
        return (StreamEvent.Failed) events.get(events.size() - 1);
    }

    private static String textOf(List<StreamEvent> events) {
        StringBuilder text = new StringBuilder();
        for (StreamEvent event : events) {
            if (event instanceof StreamEvent.TextDelta delta) {
                text.append(delta.text());
            }
        }
        return text.toString();
    }

    private String nextId() {
        return "contract-" + getClass().getSimpleName() + "-" + calls.incrementAndGet();
    }
}
