package dev.flotilla.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.flotilla.metering.Usage;
import dev.flotilla.openai.internal.Json;
import dev.flotilla.openai.sse.SseEvent;
import dev.flotilla.openai.wire.ErrorBody;
import dev.flotilla.openai.wire.ErrorDetail;
import dev.flotilla.openai.wire.Response;
import dev.flotilla.openai.wire.ResponseItem;
import dev.flotilla.openai.wire.ResponseStreamEvent;
import dev.flotilla.openai.wire.ResponsesRequest;
import dev.flotilla.openai.wire.ResponsesTool;
import dev.flotilla.openai.wire.ResponsesUsage;
import dev.flotilla.provider.ContentPart;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ResponseSchema;
import dev.flotilla.provider.Role;
import dev.flotilla.provider.StreamEvent;
import dev.flotilla.provider.ToolCall;
import dev.flotilla.provider.ToolChoice;
import dev.flotilla.provider.ToolSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The Responses API ({@code POST /v1/responses}) both ways. For a server: {@link #parseRequest},
 * {@link #toModelCall}, {@link #toWireResponse}, {@link #streamEncoder}. For a client: {@link
 * #toWireRequest}, {@link #toModelResult}, {@link #streamDecoder}. Immutable and thread-safe; the
 * encoders and decoders it hands out are one per response.
 */
public final class ResponsesCodec {
    private static final Set<String> TYPED = Set.of(
            "model",
            "input",
            "instructions",
            "tools",
            "tool_choice",
            "text",
            "max_output_tokens",
            "reasoning",
            "stream");

    private final ObjectMapper mapper;

    /** A codec with its own mapper. */
    public ResponsesCodec() {
        this(WireJson.newMapper());
    }

    /** A codec that reads and writes JSON with {@code mapper} (see {@link WireJson#newMapper()}). */
    public ResponsesCodec(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The mapper this codec uses. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** A wire object as JSON bytes. */
    public byte[] write(Object wire) {
        try {
            return mapper.writeValueAsBytes(wire);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + wire.getClass().getSimpleName() + " as JSON", e);
        }
    }

    // ---------------------------------------------------------------- server side

    /**
     * Reads a request body.
     *
     * @throws WireFormatException when the body is not JSON or lacks {@code model}
     */
    public ResponsesRequest parseRequest(byte[] body) {
        return read(body, ResponsesRequest.class, "responses request");
    }

    /**
     * The canonical call for a request: {@code instructions} as a system message first, then the
     * input (a string is one user message; items {@code message}, {@code function_call}, {@code
     * function_call_output}; {@code reasoning} items are dropped), function tools, tool_choice,
     * {@code text.format} json_schema, {@code max_output_tokens} (else {@code
     * defaultMaxOutputTokens}), {@code reasoning.effort}; unknown fields go to {@code extra}.
     *
     * @throws WireFormatException naming the field when the request cannot be represented
     */
    public ModelCall toModelCall(ResponsesRequest request, String callId, long defaultMaxOutputTokens) {
        List<Message> messages = new ArrayList<>();
        if (request.instructions() != null && !request.instructions().isEmpty()) {
            messages.add(Message.system(request.instructions()));
        }
        JsonNode input = request.input();
        if (input == null || input.isNull()) {
            throw new WireFormatException("input is required", "input");
        } else if (input.isTextual()) {
            messages.add(Message.user(input.asText()));
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                String path = "input[" + i + "]";
                ResponseItem item;
                try {
                    item = mapper.treeToValue(input.get(i), ResponseItem.class);
                } catch (IOException | RuntimeException e) {
                    throw new WireFormatException("not an input item", path, e);
                }
                addInputItem(messages, item, path);
            }
        } else {
            throw new WireFormatException("input must be a string or an array of items", "input");
        }
        if (messages.isEmpty()) {
            throw new WireFormatException("input must not be empty", "input");
        }
        List<ToolSpec> tools = new ArrayList<>();
        List<ResponsesTool> wireTools = request.tools() == null ? List.of() : request.tools();
        for (int i = 0; i < wireTools.size(); i++) {
            ResponsesTool tool = wireTools.get(i);
            if (!"function".equals(tool.type()) || tool.name() == null) {
                throw new WireFormatException(
                        "tools[" + i + "].type '" + tool.type() + "' is not supported; accepted: function",
                        "tools[" + i + "].type");
            }
            tools.add(ChatCompletionsCodec.toolSpec(
                    tool.name(), tool.description(), tool.parameters(), "tools[" + i + "]"));
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>(request.extra());
        ResponseSchema schema = null;
        if (request.text() != null && request.text().format() != null) {
            ResponsesRequest.Format format = request.text().format();
            switch (format.type()) {
                case "text" -> {}
                case "json_schema" -> {
                    if (format.schema() == null || !format.schema().isObject()) {
                        throw new WireFormatException("text.format.schema must be an object", "text.format.schema");
                    }
                    schema = new ResponseSchema(
                            Objects.requireNonNullElse(format.name(), "response"),
                            format.schema(),
                            Boolean.TRUE.equals(format.strict()));
                }
                case "json_object" -> extra.put("text", mapper.valueToTree(request.text()));
                default ->
                    throw new WireFormatException(
                            "text.format.type '" + format.type() + "' is not supported; accepted: text, json_schema,"
                                    + " json_object",
                            "text.format.type");
            }
        }
        long max = request.maxOutputTokens() != null ? request.maxOutputTokens() : defaultMaxOutputTokens;
        if (max <= 0) {
            throw new WireFormatException("max_output_tokens must be positive, got " + max, "max_output_tokens");
        }
        return new ModelCall(
                callId,
                request.model(),
                messages,
                tools,
                Codecs.toolChoice(request.toolChoice(), false),
                schema,
                max,
                Codecs.effort(
                        request.reasoning() == null ? null : request.reasoning().effort(), "reasoning.effort"),
                null,
                Json.extraObject(extra));
    }

    /** The non-streaming answer for a result ({@code object: response}). */
    public Response toWireResponse(ModelResult result, String id, long createdEpochSeconds) {
        List<ResponseItem> output = new ArrayList<>();
        if (!result.text().isEmpty()) {
            output.add(messageItem(id, result.text(), "completed"));
        }
        for (int i = 0; i < result.toolCalls().size(); i++) {
            output.add(functionItem(id, i, result.toolCalls().get(i), "completed"));
        }
        boolean incomplete = "length".equals(result.finishReason()) || "content_filter".equals(result.finishReason());
        JsonNode incompleteDetails = incomplete
                ? Json.object()
                        .put("reason", "length".equals(result.finishReason()) ? "max_output_tokens" : "content_filter")
                : null;
        return new Response(
                id,
                "response",
                createdEpochSeconds,
                incomplete ? "incomplete" : "completed",
                result.servedModel(),
                output,
                wireUsage(result.usage()),
                null,
                incompleteDetails,
                Map.of());
    }

    /**
     * An encoder for one streamed answer: {@code response.created}, {@code response.in_progress},
     * then per output item {@code response.output_item.added}, its deltas ({@code
     * response.output_text.delta}, {@code response.function_call_arguments.delta}) and its
     * {@code .done} events, then {@code response.completed} with the whole response and its usage.
     * A failure becomes an {@code error} event. Every event has an {@code event:} field and a
     * {@code sequence_number}.
     */
    public WireStreamEncoder streamEncoder(String id, String model, long createdEpochSeconds) {
        return new EventEncoder(id, model, createdEpochSeconds);
    }

    /** The usage in Responses form. */
    public static ResponsesUsage wireUsage(Usage usage) {
        return new ResponsesUsage(
                usage.inputTokens(),
                new ResponsesUsage.InputTokensDetails(usage.cachedInputTokens(), Map.of()),
                usage.outputTokens(),
                new ResponsesUsage.OutputTokensDetails(usage.reasoningTokens(), Map.of()),
                usage.totalTokens(),
                Map.of());
    }

    // ---------------------------------------------------------------- client side

    /**
     * The request for a call: every message as an input item (system and developer messages
     * included, as {@code message} items), function tools with {@code strict: false}, the schema in
     * {@code text.format}. Fields of {@code call.extra()} the request does not set are sent as
     * they are.
     */
    public ResponsesRequest toWireRequest(ModelCall call, boolean stream) {
        ArrayNode input = mapper.createArrayNode();
        for (Message m : call.messages()) {
            switch (m.role()) {
                case TOOL ->
                    input.addObject()
                            .put("type", "function_call_output")
                            .put("call_id", m.toolCallId())
                            .put("output", m.text());
                case ASSISTANT -> {
                    if (!m.content().isEmpty()) {
                        input.addObject()
                                .put("type", "message")
                                .put("role", "assistant")
                                .put("content", m.text());
                    }
                    for (ToolCall c : m.toolCalls()) {
                        input.addObject()
                                .put("type", "function_call")
                                .put("call_id", c.id())
                                .put("name", c.name())
                                .put("arguments", c.argumentsJson());
                    }
                }
                case SYSTEM, DEVELOPER, USER -> {
                    ObjectNode item = input.addObject()
                            .put("type", "message")
                            .put("role", m.role().wireName());
                    if (m.hasImage()) {
                        ArrayNode parts = item.putArray("content");
                        for (ContentPart part : m.content()) {
                            switch (part) {
                                case ContentPart.Text t ->
                                    parts.addObject().put("type", "input_text").put("text", t.text());
                                case ContentPart.Image img ->
                                    parts.addObject()
                                            .put("type", "input_image")
                                            .put("image_url", img.url())
                                            .put("detail", img.detail());
                            }
                        }
                    } else {
                        item.put("content", m.text());
                    }
                }
            }
        }
        List<ResponsesTool> tools = call.tools().isEmpty()
                ? null
                : call.tools().stream()
                        .map(t -> new ResponsesTool(
                                "function", t.name(), t.description(), t.parameters(), false, Map.of()))
                        .toList();
        JsonNode toolChoice = switch (call.toolChoice()) {
            case ToolChoice.Auto a -> call.tools().isEmpty() ? null : TextNode.valueOf("auto");
            case ToolChoice.None n -> TextNode.valueOf("none");
            case ToolChoice.Required r -> TextNode.valueOf("required");
            case ToolChoice.Named named -> Json.object().put("type", "function").put("name", named.name());
        };
        ResponsesRequest.Text text = null;
        if (call.responseSchema() != null) {
            ResponseSchema s = call.responseSchema();
            text = new ResponsesRequest.Text(
                    new ResponsesRequest.Format("json_schema", s.name(), null, s.schema(), s.strict(), Map.of()),
                    Map.of());
        }
        Set<String> taken = new HashSet<>(TYPED);
        if (text == null) {
            taken.remove("text");
        }
        return new ResponsesRequest(
                call.model(),
                input,
                null,
                tools,
                toolChoice,
                text,
                call.maxOutputTokens(),
                call.reasoningEffort() == null
                        ? null
                        : new ResponsesRequest.Reasoning(call.reasoningEffort().wireName(), null, Map.of()),
                stream ? Boolean.TRUE : null,
                Json.extraFields(call.extra(), taken));
    }

    /**
     * Reads a non-streaming answer body.
     *
     * @throws WireFormatException when the body is not a response
     */
    public Response parseResponse(byte[] body) {
        return read(body, Response.class, "response");
    }

    /**
     * The result for an answer: the text of its {@code output_text} parts, its {@code
     * function_call} items, the finish reason ({@code length} when incomplete for {@code
     * max_output_tokens}, {@code tool_calls} when it called tools, else {@code stop}).
     *
     * @param estimate the usage to report (flagged estimated) when the answer has none
     */
    public ModelResult toModelResult(Response response, ResultContext context, Supplier<Usage> estimate) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (ResponseItem item : response.output()) {
            if ("message".equals(item.type())) {
                text.append(Codecs.chatText(item.content()));
            } else if ("function_call".equals(item.type())) {
                calls.add(new ToolCall(
                        Objects.requireNonNullElse(item.callId(), Objects.requireNonNullElse(item.id(), "")),
                        Objects.requireNonNullElse(item.name(), ""),
                        Objects.requireNonNullElse(item.arguments(), "")));
            }
        }
        Usage usage = response.usage() == null ? null : usage(response.usage());
        return new ModelResult(
                context.callId(),
                Objects.requireNonNullElse(response.model(), ""),
                text.toString(),
                calls,
                finishReason(response, !calls.isEmpty()),
                usage != null ? usage : estimate.get(),
                usage == null,
                context.requestId(),
                context.rateLimits(),
                context.timeToFirstToken(),
                context.latency());
    }

    /** A decoder for one streamed answer. */
    public WireStreamDecoder streamDecoder() {
        return new EventDecoder();
    }

    /** The canonical usage of a Responses usage object. */
    public static Usage usage(ResponsesUsage usage) {
        return Json.usage(
                usage.inputTokens(),
                usage.inputTokensDetails() == null
                        ? null
                        : usage.inputTokensDetails().cachedTokens(),
                usage.outputTokens(),
                usage.outputTokensDetails() == null
                        ? null
                        : usage.outputTokensDetails().reasoningTokens());
    }

    // ---------------------------------------------------------------- machinery

    private static String finishReason(Response response, boolean hasToolCalls) {
        if ("incomplete".equals(response.status())) {
            String reason = response.incompleteDetails() == null
                    ? ""
                    : response.incompleteDetails().path("reason").asText("");
            return "content_filter".equals(reason) ? "content_filter" : "length";
        }
        return hasToolCalls ? "tool_calls" : "stop";
    }

    private <T> T read(byte[] body, Class<T> type, String what) {
        try {
            return mapper.readValue(body, type);
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(
                    "not a valid " + what + ": " + OpenAiErrors.snippet(Objects.requireNonNullElse(e.getMessage(), "")),
                    null,
                    e);
        }
    }

    private void addInputItem(List<Message> messages, ResponseItem item, String path) {
        String type = item.type() == null ? "message" : item.type();
        switch (type) {
            case "message" -> {
                if (item.role() == null) {
                    throw new WireFormatException("a message item needs a role", path + ".role");
                }
                Role role;
                try {
                    role = Role.parse(item.role());
                } catch (IllegalArgumentException e) {
                    throw new WireFormatException(e.getMessage(), path + ".role", e);
                }
                if (role == Role.TOOL) {
                    throw new WireFormatException(
                            "role 'tool' is not a Responses message role; send a function_call_output item",
                            path + ".role");
                }
                messages.add(new Message(role, Codecs.chatParts(item.content(), path + ".content"), List.of(), null));
            }
            case "function_call" -> {
                if (item.callId() == null || item.name() == null) {
                    throw new WireFormatException("a function_call item needs call_id and name", path);
                }
                ToolCall call =
                        new ToolCall(item.callId(), item.name(), Objects.requireNonNullElse(item.arguments(), ""));
                Message last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
                if (last != null && last.role() == Role.ASSISTANT) {
                    // consecutive calls (and the text before them) are one assistant turn
                    List<ToolCall> calls = new ArrayList<>(last.toolCalls());
                    calls.add(call);
                    messages.set(messages.size() - 1, new Message(Role.ASSISTANT, last.content(), calls, null));
                } else {
                    messages.add(Message.assistantToolCalls(List.of(call)));
                }
            }
            case "function_call_output" -> {
                if (item.callId() == null) {
                    throw new WireFormatException("a function_call_output item needs call_id", path + ".call_id");
                }
                String output = item.output() == null
                        ? ""
                        : item.output().isTextual() ? item.output().asText() : Codecs.chatText(item.output());
                messages.add(Message.tool(item.callId(), output));
            }
            case "reasoning" -> {
                // hidden reasoning of an earlier turn: the canonical call has no place for it
            }
            default ->
                throw new WireFormatException(
                        "input item type '" + type + "' is not supported; accepted: message, function_call,"
                                + " function_call_output, reasoning",
                        path + ".type");
        }
    }

    private ResponseItem messageItem(String responseId, String text, String status) {
        ArrayNode content = mapper.createArrayNode();
        content.addObject().put("type", "output_text").put("text", text).putArray("annotations");
        return new ResponseItem(
                "message", "msg_" + suffix(responseId), status, "assistant", content, null, null, null, null, Map.of());
    }

    private static ResponseItem functionItem(String responseId, int index, ToolCall call, String status) {
        return new ResponseItem(
                "function_call",
                "fc_" + suffix(responseId) + "_" + index,
                status,
                null,
                null,
                call.id(),
                call.name(),
                call.argumentsJson(),
                null,
                Map.of());
    }

    private static String suffix(String responseId) {
        return responseId.startsWith("resp_") ? responseId.substring(5) : responseId;
    }

    /** Encodes provider events as Responses stream events. */
    private final class EventEncoder implements WireStreamEncoder {
        private final String id;
        private final String model;
        private final long created;
        private long sequence;
        private boolean started;
        private boolean finished;
        private boolean streamedOutput;
        private int outputIndex = -1;
        private @Nullable String openKind;
        private int openToolIndex = -1;
        private final StringBuilder openText = new StringBuilder();
        private @Nullable ToolCall openCall;
        private final Map<Integer, Integer> toolOutputIndex = new HashMap<>();

        EventEncoder(String id, String model, long created) {
            this.id = Objects.requireNonNull(id, "id");
            this.model = Objects.requireNonNull(model, "model");
            this.created = created;
        }

        @Override
        public List<SseEvent> encode(StreamEvent event) {
            if (finished) {
                throw new IllegalStateException("event " + event.getClass().getSimpleName() + " after the end");
            }
            List<SseEvent> out = new ArrayList<>();
            start(out);
            switch (event) {
                case StreamEvent.TextDelta d -> {
                    streamedOutput = true;
                    text(out, d.text());
                }
                case StreamEvent.ToolCallDelta d -> {
                    streamedOutput = true;
                    tool(out, d.index(), d.id(), d.name(), d.argumentsDelta());
                }
                case StreamEvent.Completed c -> {
                    ModelResult r = c.result();
                    if (!streamedOutput) {
                        if (!r.text().isEmpty()) {
                            text(out, r.text());
                        }
                        for (int i = 0; i < r.toolCalls().size(); i++) {
                            ToolCall call = r.toolCalls().get(i);
                            tool(out, i, call.id(), call.name(), call.argumentsJson());
                        }
                    }
                    close(out);
                    Response response = toWireResponse(r, id, created);
                    String type = "incomplete".equals(response.status()) ? "response.incomplete" : "response.completed";
                    out.add(event(type, e -> e.set("response", mapper.valueToTree(response))));
                    finished = true;
                }
                case StreamEvent.Failed f -> {
                    ErrorBody body = OpenAiErrors.inBand(f.error());
                    out.add(event("error", e -> {
                        e.put("code", body.error().code());
                        e.put("message", body.error().message());
                        e.put("param", body.error().param());
                    }));
                    finished = true;
                }
            }
            return out;
        }

        private void start(List<SseEvent> out) {
            if (started) {
                return;
            }
            started = true;
            Response initial =
                    new Response(id, "response", created, "in_progress", model, List.of(), null, null, null, Map.of());
            out.add(event("response.created", e -> e.set("response", mapper.valueToTree(initial))));
            out.add(event("response.in_progress", e -> e.set("response", mapper.valueToTree(initial))));
        }

        private void text(List<SseEvent> out, String delta) {
            if (!"message".equals(openKind)) {
                close(out);
                outputIndex++;
                openKind = "message";
                openText.setLength(0);
                String itemId = itemId();
                ResponseItem item = new ResponseItem(
                        "message",
                        itemId,
                        "in_progress",
                        "assistant",
                        mapper.createArrayNode(),
                        null,
                        null,
                        null,
                        null,
                        Map.of());
                out.add(event(
                        "response.output_item.added",
                        e -> e.put("output_index", outputIndex).set("item", mapper.valueToTree(item))));
                out.add(event("response.content_part.added", e -> {
                    e.put("item_id", itemId).put("output_index", outputIndex).put("content_index", 0);
                    e.putObject("part")
                            .put("type", "output_text")
                            .put("text", "")
                            .putArray("annotations");
                }));
            }
            openText.append(delta);
            out.add(event(
                    "response.output_text.delta",
                    e -> e.put("item_id", itemId())
                            .put("output_index", outputIndex)
                            .put("content_index", 0)
                            .put("delta", delta)));
        }

        private void tool(List<SseEvent> out, int index, @Nullable String callId, @Nullable String name, String args) {
            if (!"function_call".equals(openKind) || openToolIndex != index) {
                close(out);
                outputIndex++;
                openKind = "function_call";
                openToolIndex = index;
                toolOutputIndex.put(index, outputIndex);
                openCall = new ToolCall(
                        Objects.requireNonNullElse(callId, "call_" + index), Objects.requireNonNullElse(name, ""), "");
                ResponseItem item = functionItem(id, outputIndex, openCall, "in_progress");
                out.add(event(
                        "response.output_item.added",
                        e -> e.put("output_index", outputIndex).set("item", mapper.valueToTree(item))));
            }
            ToolCall current = Objects.requireNonNull(openCall);
            openCall = new ToolCall(current.id(), current.name(), current.argumentsJson() + args);
            if (!args.isEmpty()) {
                out.add(event(
                        "response.function_call_arguments.delta",
                        e -> e.put("item_id", itemId())
                                .put("output_index", outputIndex)
                                .put("delta", args)));
            }
        }

        private void close(List<SseEvent> out) {
            if ("message".equals(openKind)) {
                String itemId = itemId();
                String text = openText.toString();
                out.add(event(
                        "response.output_text.done",
                        e -> e.put("item_id", itemId)
                                .put("output_index", outputIndex)
                                .put("content_index", 0)
                                .put("text", text)));
                out.add(event("response.content_part.done", e -> {
                    e.put("item_id", itemId).put("output_index", outputIndex).put("content_index", 0);
                    e.putObject("part")
                            .put("type", "output_text")
                            .put("text", text)
                            .putArray("annotations");
                }));
                ResponseItem item = messageItem(id, text, "completed");
                ResponseItem done = new ResponseItem(
                        item.type(),
                        itemId,
                        "completed",
                        "assistant",
                        item.content(),
                        null,
                        null,
                        null,
                        null,
                        Map.of());
                out.add(event(
                        "response.output_item.done",
                        e -> e.put("output_index", outputIndex).set("item", mapper.valueToTree(done))));
            } else if ("function_call".equals(openKind)) {
                ToolCall call = Objects.requireNonNull(openCall);
                ResponseItem item = functionItem(id, outputIndex, call, "completed");
                out.add(event(
                        "response.function_call_arguments.done",
                        e -> e.put("item_id", itemId())
                                .put("output_index", outputIndex)
                                .put("arguments", call.argumentsJson())));
                out.add(event(
                        "response.output_item.done",
                        e -> e.put("output_index", outputIndex).set("item", mapper.valueToTree(item))));
            }
            openKind = null;
        }

        private String itemId() {
            return ("message".equals(openKind) ? "msg_" : "fc_") + suffix(id) + "_" + outputIndex;
        }

        private SseEvent event(String type, java.util.function.Consumer<ObjectNode> fill) {
            ObjectNode node = Json.object().put("type", type).put("sequence_number", sequence++);
            fill.accept(node);
            return SseEvent.of(type, new String(write(node), StandardCharsets.UTF_8));
        }
    }

    /** Decodes Responses stream events into provider events. */
    private final class EventDecoder implements WireStreamDecoder {
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder output = new StringBuilder();
        private final Map<Integer, Integer> toolIndexByOutput = new HashMap<>();
        private final TreeMap<Integer, String[]> tools = new TreeMap<>();
        private @Nullable String model;
        private @Nullable Response last;
        private @Nullable Usage usage;
        private @Nullable ErrorDetail error;
        private boolean done;
        private boolean received;

        @Override
        public List<StreamEvent> decode(SseEvent sse) {
            if (sse.isDone()) {
                return List.of(); // not part of this API, but harmless
            }
            JsonNode tree;
            try {
                tree = mapper.readTree(sse.data());
            } catch (IOException e) {
                throw new WireFormatException(
                        "a stream event is not JSON: " + OpenAiErrors.snippet(sse.data()), null, e);
            }
            if (tree == null || !tree.isObject()) {
                throw new WireFormatException(
                        "a stream event is not a JSON object: " + OpenAiErrors.snippet(sse.data()), null);
            }
            if (!tree.has("type") && tree.has("error")) {
                error = new OpenAiErrors(mapper)
                        .detailOf(tree)
                        .orElse(new ErrorDetail("an unreadable in-band error", null, null, null, Map.of()));
                return List.of();
            }
            ResponseStreamEvent event;
            try {
                event = mapper.treeToValue(tree, ResponseStreamEvent.class);
            } catch (IOException | RuntimeException e) {
                throw new WireFormatException(
                        "a stream event is not a Responses event: " + OpenAiErrors.snippet(sse.data()), null, e);
            }
            if (event.response() != null) {
                last = event.response();
                if (event.response().model() != null) {
                    model = event.response().model();
                }
                if (event.response().usage() != null) {
                    usage = usage(event.response().usage());
                }
            }
            switch (event.type()) {
                case "response.output_text.delta" -> {
                    String delta = Objects.requireNonNullElse(event.delta(), "");
                    if (delta.isEmpty()) {
                        return List.of();
                    }
                    text.append(delta);
                    output.append(delta);
                    received = true;
                    return List.of(new StreamEvent.TextDelta(delta));
                }
                case "response.output_item.added" -> {
                    ResponseItem item = event.item();
                    if (item == null || !"function_call".equals(item.type())) {
                        return List.of();
                    }
                    int index = toolIndex(event.outputIndex());
                    String args = Objects.requireNonNullElse(item.arguments(), "");
                    String[] call = tools.get(index);
                    call[0] = item.callId();
                    call[1] = item.name();
                    call[2] = args;
                    output.append(args);
                    received = true;
                    return List.of(new StreamEvent.ToolCallDelta(index, item.callId(), item.name(), args));
                }
                case "response.function_call_arguments.delta" -> {
                    String delta = Objects.requireNonNullElse(event.delta(), "");
                    int index = toolIndex(event.outputIndex());
                    String[] call = tools.get(index);
                    call[2] = Objects.requireNonNullElse(call[2], "") + delta;
                    output.append(delta);
                    received = true;
                    return List.of(new StreamEvent.ToolCallDelta(index, null, null, delta));
                }
                case "response.completed", "response.incomplete" -> done = true;
                case "response.failed" -> {
                    Response r = event.response();
                    Response.Error e = r == null ? null : r.error();
                    error = new ErrorDetail(
                            e == null ? "the response failed" : e.message(),
                            "server_error",
                            null,
                            e == null ? null : e.code(),
                            Map.of());
                }
                case "error" ->
                    error = new ErrorDetail(
                            Objects.requireNonNullElse(event.message(), "stream error"),
                            null,
                            event.param(),
                            event.code(),
                            Map.of());
                default -> {
                    // lifecycle and .done events carry nothing the deltas did not
                }
            }
            return List.of();
        }

        private int toolIndex(@Nullable Integer outputIndex) {
            int key = outputIndex == null ? -1 - tools.size() : outputIndex;
            return toolIndexByOutput.computeIfAbsent(key, k -> {
                int index = tools.size();
                tools.put(index, new String[] {null, null, ""});
                return index;
            });
        }

        @Override
        public boolean completed() {
            return done;
        }

        @Override
        public Optional<ErrorDetail> error() {
            return Optional.ofNullable(error);
        }

        @Override
        public boolean receivedOutput() {
            return received;
        }

        @Override
        public String outputSoFar() {
            return output.toString();
        }

        @Override
        public Optional<Usage> reportedUsage() {
            return Optional.ofNullable(usage);
        }

        @Override
        public ModelResult result(ResultContext context, Supplier<Usage> estimate) {
            if (!done) {
                throw new IllegalStateException("the stream has not completed");
            }
            Response finalResponse = last;
            if (finalResponse != null && !finalResponse.output().isEmpty()) {
                return toModelResult(finalResponse, context, estimate);
            }
            // some servers send the final response without its output: use what streamed
            List<ToolCall> calls = new ArrayList<>();
            tools.values()
                    .forEach(c -> calls.add(new ToolCall(
                            Objects.requireNonNullElse(c[0], ""),
                            Objects.requireNonNullElse(c[1], ""),
                            Objects.requireNonNullElse(c[2], ""))));
            return new ModelResult(
                    context.callId(),
                    Objects.requireNonNullElse(model, ""),
                    text.toString(),
                    calls,
                    finalResponse == null
                            ? Codecs.finishReason(null, !calls.isEmpty())
                            : finishReason(finalResponse, !calls.isEmpty()),
                    usage != null ? usage : estimate.get(),
                    usage == null,
                    context.requestId(),
                    context.rateLimits(),
                    context.timeToFirstToken(),
                    context.latency());
        }
    }
}
