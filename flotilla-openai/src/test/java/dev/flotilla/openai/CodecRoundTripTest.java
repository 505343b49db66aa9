package dev.flotilla.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.metering.Usage;
import dev.flotilla.openai.sse.SseEvent;
import dev.flotilla.openai.sse.SseParser;
import dev.flotilla.openai.sse.SseWriter;
import dev.flotilla.openai.wire.ChatCompletionRequest;
import dev.flotilla.openai.wire.ResponsesRequest;
import dev.flotilla.provider.ContentPart;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.RateLimitSnapshot;
import dev.flotilla.provider.ReasoningEffort;
import dev.flotilla.provider.ResponseSchema;
import dev.flotilla.provider.Role;
import dev.flotilla.provider.StreamEvent;
import dev.flotilla.provider.ToolCall;
import dev.flotilla.provider.ToolChoice;
import dev.flotilla.provider.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecRoundTripTest {
    final ObjectMapper mapper = WireJson.newMapper();
    final ChatCompletionsCodec chat = new ChatCompletionsCodec(mapper);
    final ResponsesCodec responses = new ResponsesCodec(mapper);

    ModelCall richCall() throws Exception {
        JsonNode params = mapper.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");
        JsonNode schema = mapper.readTree("{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}");
        ObjectNode extra = (ObjectNode) mapper.readTree("{\"temperature\":0.2,\"metadata\":{\"team\":\"a\"}}");
        return new ModelCall(
                "call-42",
                "gpt-5.4-mini",
                List.of(
                        Message.system("Be brief."),
                        new Message(
                                Role.USER,
                                List.of(
                                        new ContentPart.Text("What is in this picture?"),
                                        new ContentPart.Image("data:image/png;base64,iVBORw0KGgo=", "low")),
                                List.of(),
                                null),
                        Message.assistantToolCalls(List.of(new ToolCall("call_1", "weather", "{\"city\":\"Paris\"}"))),
                        Message.tool("call_1", "sunny"),
                        Message.user("and tomorrow?")),
                List.of(new ToolSpec("weather", "Weather by city", params)),
                new ToolChoice.Named("weather"),
                new ResponseSchema("answer", schema, true),
                512,
                ReasoningEffort.LOW,
                null,
                extra);
    }

    ModelResult result() {
        return new ModelResult(
                "call-42",
                "gpt-5.4-mini",
                "Sunny, 21°C ☀",
                List.of(new ToolCall("call_9", "weather", "{\"city\":\"Rome\"}")),
                "tool_calls",
                new Usage(100, 40, 20, 5),
                false,
                "req_1",
                RateLimitSnapshot.NONE,
                Duration.ofMillis(5),
                Duration.ofMillis(9));
    }

    @Test
    void chatRequest_modelCallToWireAndBack_isTheSameCall() throws Exception {
        ModelCall call = richCall();
        byte[] json = chat.write(chat.toWireRequest(call, true));
        JsonNode tree = mapper.readTree(json);
        assertThat(tree.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(tree.path("tool_choice").path("function").path("name").asText())
                .isEqualTo("weather");
        assertThat(tree.path("response_format")
                        .path("json_schema")
                        .path("strict")
                        .asBoolean())
                .isTrue();
        assertThat(tree.path("max_completion_tokens").asLong()).isEqualTo(512);
        assertThat(tree.path("reasoning_effort").asText()).isEqualTo("low");
        assertThat(tree.path("messages")
                        .get(1)
                        .path("content")
                        .get(1)
                        .path("image_url")
                        .path("detail")
                        .asText())
                .isEqualTo("low");
        ChatCompletionRequest parsed = chat.parseRequest(json);
        assertThat(parsed.streaming()).isTrue();
        assertThat(parsed.includeUsage()).isTrue();
        assertThat(chat.toModelCall(parsed, "call-42", 1000)).isEqualTo(call);
    }

    @Test
    void responsesRequest_modelCallToWireAndBack_isTheSameCall() throws Exception {
        ModelCall call = richCall();
        byte[] json = responses.write(responses.toWireRequest(call, false));
        JsonNode tree = mapper.readTree(json);
        assertThat(tree.path("input").get(2).path("type").asText()).isEqualTo("function_call");
        assertThat(tree.path("input").get(3).path("type").asText()).isEqualTo("function_call_output");
        assertThat(tree.path("text").path("format").path("type").asText()).isEqualTo("json_schema");
        assertThat(tree.path("reasoning").path("effort").asText()).isEqualTo("low");
        assertThat(tree.path("tool_choice").path("name").asText()).isEqualTo("weather");
        ResponsesRequest parsed = responses.parseRequest(json);
        assertThat(responses.toModelCall(parsed, "call-42", 1000)).isEqualTo(call);
    }

    @Test
    void unknownFields_survive_parseAndWrite() throws Exception {
        String request = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"x_custom\":[1,2]}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{},\"x_fn\":true},"
                + "\"x_tool\":1}],\"seed\":7,\"logit_bias\":{\"50256\":-100},\"user\":\"u1\"}";
        assertThat(mapper.readTree(chat.write(chat.parseRequest(request.getBytes(StandardCharsets.UTF_8)))))
                .isEqualTo(mapper.readTree(request));
        String response = "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1,\"status\":\"completed\","
                + "\"model\":\"m\",\"output\":[{\"type\":\"message\",\"id\":\"msg_1\",\"status\":\"completed\","
                + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"hi\",\"annotations\":[]}],"
                + "\"x_item\":\"kept\"}],\"usage\":{\"input_tokens\":3,\"input_tokens_details\":{\"cached_tokens\":1,"
                + "\"x_detail\":2},\"output_tokens\":1,\"output_tokens_details\":{\"reasoning_tokens\":0},"
                + "\"total_tokens\":4},\"error\":null,\"incomplete_details\":null,\"store\":true,\"metadata\":{}}";
        assertThat(mapper.readTree(responses.write(responses.parseResponse(response.getBytes(StandardCharsets.UTF_8)))))
                .isEqualTo(mapper.readTree(response));
    }

    @Test
    void results_toWireAndBack_keepTextToolsAndUsage() {
        ModelResult result = result();
        ResultContext context = new ResultContext(
                "call-42", "req_1", RateLimitSnapshot.NONE, Duration.ofMillis(5), Duration.ofMillis(9));
        var completion = chat.parseResponse(chat.write(chat.toWireResponse(result, "chatcmpl-1", 1700000000)));
        assertThat(chat.toModelResult(completion, context, () -> Usage.ZERO)).isEqualTo(result);
        var response = responses.parseResponse(responses.write(responses.toWireResponse(result, "resp_1", 1700000000)));
        assertThat(responses.toModelResult(response, context, () -> Usage.ZERO)).isEqualTo(result);
    }

    List<StreamEvent> deltas() {
        return List.of(
                new StreamEvent.TextDelta("Hel"),
                new StreamEvent.TextDelta("lo ✓\nnext line"),
                new StreamEvent.ToolCallDelta(0, "call_9", "weather", ""),
                new StreamEvent.ToolCallDelta(0, null, null, "{\"city\""),
                new StreamEvent.ToolCallDelta(0, null, null, ":\"Rome\"}"));
    }

    /** Encodes, writes as SSE bytes, parses and decodes: what a client of our server sees. */
    List<StreamEvent> throughTheWire(WireStreamEncoder encoder, WireStreamDecoder decoder, List<StreamEvent> events) {
        StringBuilder stream = new StringBuilder();
        for (StreamEvent e : events) {
            encoder.encode(e).forEach(sse -> stream.append(SseWriter.format(sse)));
        }
        List<SseEvent> parsed = new ArrayList<>();
        new SseParser(parsed::add).feed(stream.toString().getBytes(StandardCharsets.UTF_8));
        List<StreamEvent> out = new ArrayList<>();
        for (SseEvent sse : parsed) {
            out.addAll(decoder.decode(sse));
        }
        return out;
    }

    @Test
    void chatStream_encodedThenDecoded_givesTheSameDeltasAndResult_withUsageOnALastEmptyChunk() {
        List<StreamEvent> events = new ArrayList<>(deltas());
        events.add(new StreamEvent.Completed(result()));
        WireStreamEncoder encoder = chat.streamEncoder("chatcmpl-1", "gpt-5.4-mini", 1700000000, true);
        List<SseEvent> frames = new ArrayList<>();
        events.forEach(e -> frames.addAll(encoder.encode(e)));
        assertThat(frames.get(frames.size() - 1).isDone()).isTrue();
        assertThat(frames.get(frames.size() - 2).data())
                .contains("\"choices\":[]")
                .contains("\"cached_tokens\":40");
        WireStreamDecoder decoder = chat.streamDecoder();
        assertThat(throughTheWire(chat.streamEncoder("chatcmpl-1", "gpt-5.4-mini", 1, true), decoder, events))
                .isEqualTo(deltas());
        assertThat(decoder.completed()).isTrue();
        ResultContext context = new ResultContext(
                "call-42", "req_1", RateLimitSnapshot.NONE, Duration.ofMillis(5), Duration.ofMillis(9));
        ModelResult decoded = decoder.result(context, () -> Usage.ZERO);
        assertThat(decoded.text()).isEqualTo("Hello ✓\nnext line");
        assertThat(decoded.toolCalls()).containsExactly(new ToolCall("call_9", "weather", "{\"city\":\"Rome\"}"));
        assertThat(decoded.usage()).isEqualTo(new Usage(100, 40, 20, 5));
        assertThat(decoded.usageEstimated()).isFalse();
    }

    @Test
    void chatStream_withoutIncludeUsage_hasNoUsageAndTheDecoderEstimates() {
        List<StreamEvent> events = new ArrayList<>(deltas());
        events.add(new StreamEvent.Completed(result()));
        WireStreamDecoder decoder = chat.streamDecoder();
        throughTheWire(chat.streamEncoder("c", "m", 1, false), decoder, events);
        ModelResult decoded = decoder.result(ResultContext.of("call-42"), () -> Usage.of(1, 2));
        assertThat(decoded.usage()).isEqualTo(Usage.of(1, 2));
        assertThat(decoded.usageEstimated()).isTrue();
    }

    @Test
    void responsesStream_encodedThenDecoded_givesTheSameDeltasAndResult() {
        List<StreamEvent> events = new ArrayList<>(deltas());
        events.add(new StreamEvent.Completed(result()));
        WireStreamDecoder decoder = responses.streamDecoder();
        assertThat(throughTheWire(responses.streamEncoder("resp_1", "gpt-5.4-mini", 1), decoder, events))
                .isEqualTo(deltas());
        assertThat(decoder.completed()).isTrue();
        ModelResult decoded = decoder.result(ResultContext.of("call-42"), () -> Usage.ZERO);
        assertThat(decoded.text()).isEqualTo("Sunny, 21°C ☀");
        assertThat(decoded.usage()).isEqualTo(new Usage(100, 40, 20, 5));
    }

    @Test
    void aFailure_isEncodedInBand_andDecodedAsAnError() {
        ProviderException error = new ProviderException.ServerError("sim", "m", 500, null, "boom");
        List<StreamEvent> events =
                List.of(new StreamEvent.TextDelta("par"), new StreamEvent.Failed(error, Usage.of(3, 1), true, true));
        WireStreamDecoder chatDecoder = chat.streamDecoder();
        throughTheWire(chat.streamEncoder("c", "m", 1, true), chatDecoder, events);
        assertThat(chatDecoder.completed()).isFalse();
        assertThat(chatDecoder.error())
                .hasValueSatisfying(d -> assertThat(d.message()).contains("boom"));
        WireStreamDecoder respDecoder = responses.streamDecoder();
        throughTheWire(responses.streamEncoder("r", "m", 1), respDecoder, events);
        assertThat(respDecoder.completed()).isFalse();
        assertThat(respDecoder.error())
                .hasValueSatisfying(d -> assertThat(d.code()).isNull());
    }

    @Test
    void everyProviderException_survivesReplyThenParse_asTheSameType() {
        OpenAiErrors errors = new OpenAiErrors(mapper);
        List<ProviderException> all = List.of(
                new ProviderException.RateLimited(
                        "p", "m", null, "slow down", Duration.ofMillis(1500), ProviderException.LimitKind.REQUESTS),
                new ProviderException.InsufficientQuota("p", "m", null, "pay"),
                new ProviderException.ContextTooLong("p", "m", null, "too long"),
                new ProviderException.InvalidRequest("p", "m", 422, null, "bad", "tools[0].name"),
                new ProviderException.AuthenticationFailed("p", "m", 403, null, "no"),
                new ProviderException.ServerError("p", "m", 503, null, "down"));
        for (ProviderException e : all) {
            OpenAiErrors.ErrorReply reply = OpenAiErrors.toReply(e);
            Map<String, List<String>> headers = new java.util.HashMap<>();
            reply.headers().forEach((k, v) -> headers.put(k, List.of(v)));
            ProviderException back = errors.fromHttp("p", "m", reply.status(), headers, chat.write(reply.body()));
            assertThat(back).as(e.getClass().getSimpleName()).isInstanceOf(e.getClass());
            assertThat(back.status()).isEqualTo(e.status());
            if (back instanceof ProviderException.RateLimited r) {
                assertThat(r.retryAfter()).contains(Duration.ofMillis(1500));
                assertThat(r.limit()).isEqualTo(ProviderException.LimitKind.REQUESTS);
            }
            if (back instanceof ProviderException.InvalidRequest i) {
                assertThat(i.param()).contains("tools[0].name");
            }
        }
    }

    @Test
    void badRequests_nameTheFieldAtFault() {
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}";
        assertThatThrownBy(() -> chat.toModelCall(chat.parseRequest(body.getBytes(StandardCharsets.UTF_8)), "c", 10))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.param()).contains("messages[0].role"))
                .hasMessageContaining("wizard");
        assertThatThrownBy(() -> chat.parseRequest("{\"messages\":[]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("model");
        String effort = "{\"model\":\"m\",\"input\":\"hi\",\"reasoning\":{\"effort\":\"huge\"}}";
        assertThatThrownBy(() ->
                        responses.toModelCall(responses.parseRequest(effort.getBytes(StandardCharsets.UTF_8)), "c", 10))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.param()).contains("reasoning.effort"));
    }
}
