package dev.flotilla.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.flotilla.metering.Usage;
import dev.flotilla.openai.internal.Json;
import dev.flotilla.openai.sse.SseEvent;
import dev.flotilla.openai.wire.ChatCompletion;
import dev.flotilla.openai.wire.ChatCompletionChunk;
import dev.flotilla.openai.wire.ChatCompletionRequest;
import dev.flotilla.openai.wire.ChatMessage;
import dev.flotilla.openai.wire.ChatTool;
import dev.flotilla.openai.wire.ChatToolCall;
import dev.flotilla.openai.wire.ChatUsage;
import dev.flotilla.openai.wire.ErrorDetail;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Chat Completions ({@code POST /v1/chat/completions}) both ways. For a server: {@link
 * #parseRequest}, {@link #toModelCall}, {@link #toWireResponse}, {@link #streamEncoder}. For a
 * client: {@link #toWireRequest}, {@link #toModelResult}, {@link #streamDecoder}. Immutable and
 * thread-safe; the encoders and decoders it hands out are one per response.
 */
public final class ChatCompletionsCodec {
    /** Which field carries the output cap in a request. */
    public enum MaxTokensField {
        /** {@code max_completion_tokens}: OpenAI's current field (reasoning models need it). */
        MAX_COMPLETION_TOKENS,
        /** {@code max_tokens}: the older field every OpenAI-compatible server reads. */
        MAX_TOKENS
    }

    private static final Set<String> TYPED = Set.of(
            "model",
            "messages",
            "tools",
            "tool_choice",
            "response_format",
            "max_tokens",
            "max_completion_tokens",
            "reasoning_effort",
            "stream",
            "stream_options");

    private final ObjectMapper mapper;

    /** A codec with its own mapper. */
    public ChatCompletionsCodec() {
        this(WireJson.newMapper());
    }

    /** A codec that reads and writes JSON with {@code mapper} (see {@link WireJson#newMapper()}). */
    public ChatCompletionsCodec(ObjectMapper mapper) {
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
     * @throws WireFormatException when the body is not JSON or lacks {@code model} or {@code messages}
     */
    public ChatCompletionRequest parseRequest(byte[] body) {
        return read(body, ChatCompletionRequest.class, "chat completion request");
    }

    /**
     * The canonical call for a request: messages with text and image parts, function tools,
     * tool_choice, {@code response_format} json_schema, the output cap ({@code
     * max_completion_tokens}, else {@code max_tokens}, else {@code defaultMaxOutputTokens}),
     * reasoning effort; unknown fields (and a {@code json_object} response format) go to {@code
     * extra}.
     *
     * @throws WireFormatException naming the field ({@link WireFormatException#param()}) when the
     *     request cannot be represented
     */
    public ModelCall toModelCall(ChatCompletionRequest request, String callId, long defaultMaxOutputTokens) {
        if (request.messages().isEmpty()) {
            throw new WireFormatException("messages must not be empty", "messages");
        }
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < request.messages().size(); i++) {
            messages.add(message(request.messages().get(i), "messages[" + i + "]"));
        }
        List<ToolSpec> tools = new ArrayList<>();
        List<ChatTool> wireTools = request.tools() == null ? List.of() : request.tools();
        for (int i = 0; i < wireTools.size(); i++) {
            ChatTool tool = wireTools.get(i);
            if (!"function".equals(tool.type()) || tool.function() == null) {
                throw new WireFormatException(
                        "tools[" + i + "].type '" + tool.type() + "' is not supported; accepted: function",
                        "tools[" + i + "].type");
            }
            tools.add(toolSpec(
                    tool.function().name(),
                    tool.function().description(),
                    tool.function().parameters(),
                    "tools[" + i + "]"));
        }
        Map<String, JsonNode> extra = new java.util.LinkedHashMap<>(request.extra());
        ResponseSchema schema = null;
        JsonNode format = request.responseFormat();
        if (format != null && !format.isNull()) {
            String type = format.path("type").asText("");
            switch (type) {
                case "text" -> {}
                case "json_schema" -> {
                    JsonNode js = format.path("json_schema");
                    if (!js.path("schema").isObject()) {
                        throw new WireFormatException(
                                "response_format.json_schema.schema must be an object",
                                "response_format.json_schema.schema");
                    }
                    schema = new ResponseSchema(
                            js.path("name").asText("response"),
                            js.get("schema"),
                            js.path("strict").asBoolean(false));
                }
                case "json_object" -> extra.put("response_format", format);
                default ->
                    throw new WireFormatException(
                            "response_format.type '" + type + "' is not supported; accepted: text, json_schema,"
                                    + " json_object",
                            "response_format.type");
            }
        }
        long max = request.maxCompletionTokens() != null
                ? request.maxCompletionTokens()
                : request.maxTokens() != null ? request.maxTokens() : defaultMaxOutputTokens;
        if (max <= 0) {
            throw new WireFormatException(
                    "max_completion_tokens must be positive, got " + max,
                    request.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens");
        }
        return new ModelCall(
                callId,
                request.model(),
                messages,
                tools,
                Codecs.toolChoice(request.toolChoice(), true),
                schema,
                max,
                Codecs.effort(request.reasoningEffort(), "reasoning_effort"),
                null,
                Json.extraObject(extra));
    }

    /** The non-streaming answer for a result ({@code object: chat.completion}). */
    public ChatCompletion toWireResponse(ModelResult result, String id, long createdEpochSeconds) {
        List<ChatToolCall> calls = result.toolCalls().isEmpty()
                ? null
                : result.toolCalls().stream()
                        .map(c -> new ChatToolCall(
                                null,
                                c.id(),
                                "function",
                                new ChatToolCall.FunctionCall(c.name(), c.argumentsJson(), Map.of()),
                                Map.of()))
                        .toList();
        JsonNode content =
                result.text().isEmpty() && calls != null ? NullNode.getInstance() : TextNode.valueOf(result.text());
        ChatMessage message = new ChatMessage("assistant", content, null, calls, null, null, Map.of());
        return new ChatCompletion(
                id,
                "chat.completion",
                createdEpochSeconds,
                result.servedModel(),
                List.of(new ChatCompletion.Choice(0, message, result.finishReason(), null, Map.of())),
                wireUsage(result.usage()),
                null,
                null,
                Map.of());
    }

    /**
     * An encoder for one streamed answer: a first chunk with the assistant role, one chunk per
     * text or tool-call delta, a chunk with the finish reason, then (when {@code includeUsage}) a
     * chunk with {@code choices: []} and the usage, then {@code [DONE]}. A failure becomes an
     * in-band {@code {"error": ...}} event and no {@code [DONE]}.
     */
    public WireStreamEncoder streamEncoder(String id, String model, long createdEpochSeconds, boolean includeUsage) {
        return new ChunkEncoder(id, model, createdEpochSeconds, includeUsage);
    }

    /** The usage in Chat Completions form. */
    public static ChatUsage wireUsage(Usage usage) {
        return new ChatUsage(
                usage.inputTokens(),
                usage.outputTokens(),
                usage.totalTokens(),
                new ChatUsage.PromptTokensDetails(usage.cachedInputTokens(), Map.of()),
                new ChatUsage.CompletionTokensDetails(usage.reasoningTokens(), Map.of()),
                Map.of());
    }

    // ---------------------------------------------------------------- client side

    /** The request for a call, with {@code max_completion_tokens}. */
    public ChatCompletionRequest toWireRequest(ModelCall call, boolean stream) {
        return toWireRequest(call, stream, MaxTokensField.MAX_COMPLETION_TOKENS);
    }

    /**
     * The request for a call. A streaming request asks for usage on the last chunk ({@code
     * stream_options.include_usage}). Fields of {@code call.extra()} that the request does not set
     * are sent as they are.
     */
    public ChatCompletionRequest toWireRequest(ModelCall call, boolean stream, MaxTokensField maxField) {
        List<ChatMessage> messages =
                call.messages().stream().map(this::wireMessage).toList();
        List<ChatTool> tools = call.tools().isEmpty()
                ? null
                : call.tools().stream()
                        .map(t -> new ChatTool(
                                "function",
                                new ChatTool.Function(t.name(), t.description(), t.parameters(), null, Map.of()),
                                Map.of()))
                        .toList();
        JsonNode toolChoice = switch (call.toolChoice()) {
            case ToolChoice.Auto a -> call.tools().isEmpty() ? null : TextNode.valueOf("auto");
            case ToolChoice.None n -> TextNode.valueOf("none");
            case ToolChoice.Required r -> TextNode.valueOf("required");
            case ToolChoice.Named named -> {
                ObjectNode node = Json.object().put("type", "function");
                node.putObject("function").put("name", named.name());
                yield node;
            }
        };
        ObjectNode format = null;
        if (call.responseSchema() != null) {
            format = Json.object().put("type", "json_schema");
            ObjectNode js = format.putObject("json_schema");
            js.put("name", call.responseSchema().name());
            js.set("schema", call.responseSchema().schema());
            js.put("strict", call.responseSchema().strict());
        }
        Set<String> taken = new java.util.HashSet<>(TYPED);
        if (format == null) {
            taken.remove("response_format");
        }
        return new ChatCompletionRequest(
                call.model(),
                messages,
                tools,
                toolChoice,
                format,
                maxField == MaxTokensField.MAX_TOKENS ? call.maxOutputTokens() : null,
                maxField == MaxTokensField.MAX_COMPLETION_TOKENS ? call.maxOutputTokens() : null,
                call.reasoningEffort() == null ? null : call.reasoningEffort().wireName(),
                stream ? Boolean.TRUE : null,
                stream ? new ChatCompletionRequest.StreamOptions(true, Map.of()) : null,
                Json.extraFields(call.extra(), taken));
    }

    /**
     * Reads a non-streaming answer body.
     *
     * @throws WireFormatException when the body is not a chat completion
     */
    public ChatCompletion parseResponse(byte[] body) {
        return read(body, ChatCompletion.class, "chat completion");
    }

    /**
     * The result for a non-streaming answer (its first choice).
     *
     * @param estimate the usage to report (flagged estimated) when the answer has none
     * @throws WireFormatException when the answer has no choices
     */
    public ModelResult toModelResult(ChatCompletion response, ResultContext context, Supplier<Usage> estimate) {
        if (response.choices().isEmpty()) {
            throw new WireFormatException("the chat completion has no choices", "choices");
        }
        ChatCompletion.Choice choice = response.choices().get(0);
        String text = Codecs.chatText(choice.message().content());
        List<ToolCall> calls = choice.message().toolCalls() == null
                ? List.of()
                : choice.message().toolCalls().stream()
                        .map(c -> new ToolCall(
                                Objects.requireNonNullElse(c.id(), ""),
                                c.function() == null
                                        ? ""
                                        : Objects.requireNonNullElse(
                                                c.function().name(), ""),
                                c.function() == null
                                        ? ""
                                        : Objects.requireNonNullElse(
                                                c.function().arguments(), "")))
                        .toList();
        Usage usage = response.usage() == null ? null : usage(response.usage());
        return new ModelResult(
                context.callId(),
                Objects.requireNonNullElse(response.model(), ""),
                text,
                calls,
                Codecs.finishReason(choice.finishReason(), !calls.isEmpty()),
                usage != null ? usage : estimate.get(),
                usage == null,
                context.requestId(),
                context.rateLimits(),
                context.timeToFirstToken(),
                context.latency());
    }

    /** A decoder for one streamed answer. */
    public WireStreamDecoder streamDecoder() {
        return new ChunkDecoder();
    }

    /** The canonical usage of a Chat Completions usage object. */
    public static Usage usage(ChatUsage usage) {
        return Json.usage(
                usage.promptTokens(),
                usage.promptTokensDetails() == null
                        ? null
                        : usage.promptTokensDetails().cachedTokens(),
                usage.completionTokens(),
                usage.completionTokensDetails() == null
                        ? null
                        : usage.completionTokensDetails().reasoningTokens());
    }

    // ---------------------------------------------------------------- machinery

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

    private Message message(ChatMessage m, String path) {
        Role role;
        try {
            role = Role.parse(m.role());
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(e.getMessage(), path + ".role", e);
        }
        List<ContentPart> parts = Codecs.chatParts(m.content(), path + ".content");
        List<ToolCall> calls = new ArrayList<>();
        if (m.toolCalls() != null) {
            for (int i = 0; i < m.toolCalls().size(); i++) {
                ChatToolCall c = m.toolCalls().get(i);
                if (c.id() == null || c.function() == null || c.function().name() == null) {
                    throw new WireFormatException(
                            "a tool call needs id and function.name", path + ".tool_calls[" + i + "]");
                }
                calls.add(new ToolCall(
                        c.id(),
                        c.function().name(),
                        Objects.requireNonNullElse(c.function().arguments(), "")));
            }
        }
        if (role == Role.TOOL && m.toolCallId() == null) {
            throw new WireFormatException("a tool message needs tool_call_id", path + ".tool_call_id");
        }
        return new Message(role, parts, calls, role == Role.TOOL ? m.toolCallId() : null);
    }

    static ToolSpec toolSpec(String name, @Nullable String description, @Nullable JsonNode parameters, String path) {
        try {
            JsonNode params = parameters != null && parameters.isObject()
                    ? parameters
                    : Json.object().put("type", "object").set("properties", Json.object());
            return new ToolSpec(name, Objects.requireNonNullElse(description, ""), params);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(e.getMessage(), path + ".name", e);
        }
    }

    private ChatMessage wireMessage(Message m) {
        JsonNode content;
        if (m.hasImage()) {
            var array = mapper.createArrayNode();
            for (ContentPart part : m.content()) {
                switch (part) {
                    case ContentPart.Text t ->
                        array.addObject().put("type", "text").put("text", t.text());
                    case ContentPart.Image img -> {
                        ObjectNode node = array.addObject().put("type", "image_url");
                        node.putObject("image_url").put("url", img.url()).put("detail", img.detail());
                    }
                }
            }
            content = array;
        } else if (m.content().isEmpty() && !m.toolCalls().isEmpty()) {
            content = NullNode.getInstance();
        } else {
            content = TextNode.valueOf(m.text());
        }
        List<ChatToolCall> calls = m.toolCalls().isEmpty()
                ? null
                : m.toolCalls().stream()
                        .map(c -> new ChatToolCall(
                                null,
                                c.id(),
                                "function",
                                new ChatToolCall.FunctionCall(c.name(), c.argumentsJson(), Map.of()),
                                Map.of()))
                        .toList();
        return new ChatMessage(m.role().wireName(), content, null, calls, m.toolCallId(), null, Map.of());
    }

    /** Encodes provider events as chat chunks. */
    private final class ChunkEncoder implements WireStreamEncoder {
        private final String id;
        private final String model;
        private final long created;
        private final boolean includeUsage;
        private boolean started;
        private boolean streamedOutput;
        private boolean finished;

        ChunkEncoder(String id, String model, long created, boolean includeUsage) {
            this.id = Objects.requireNonNull(id, "id");
            this.model = Objects.requireNonNull(model, "model");
            this.created = created;
            this.includeUsage = includeUsage;
        }

        @Override
        public List<SseEvent> encode(StreamEvent event) {
            if (finished) {
                throw new IllegalStateException("event " + event.getClass().getSimpleName() + " after the end");
            }
            List<SseEvent> out = new ArrayList<>();
            switch (event) {
                case StreamEvent.TextDelta d -> {
                    start(out);
                    streamedOutput = true;
                    out.add(chunk(delta(null, d.text(), null), null, null));
                }
                case StreamEvent.ToolCallDelta d -> {
                    start(out);
                    streamedOutput = true;
                    out.add(chunk(
                            delta(null, null, List.of(toolPiece(d.index(), d.id(), d.name(), d.argumentsDelta()))),
                            null,
                            null));
                }
                case StreamEvent.Completed c -> {
                    ModelResult r = c.result();
                    start(out);
                    if (!streamedOutput) {
                        // a result that was never streamed as deltas: send it whole before the end
                        if (!r.text().isEmpty()) {
                            out.add(chunk(delta(null, r.text(), null), null, null));
                        }
                        for (int i = 0; i < r.toolCalls().size(); i++) {
                            ToolCall call = r.toolCalls().get(i);
                            out.add(chunk(
                                    delta(
                                            null,
                                            null,
                                            List.of(toolPiece(i, call.id(), call.name(), call.argumentsJson()))),
                                    null,
                                    null));
                        }
                    }
                    out.add(chunk(delta(null, null, null), r.finishReason(), null));
                    if (includeUsage) {
                        out.add(usageChunk(r.usage()));
                    }
                    out.add(SseEvent.done());
                    finished = true;
                }
                case StreamEvent.Failed f -> {
                    out.add(SseEvent.data(new String(
                            write(OpenAiErrors.inBand(f.error())), java.nio.charset.StandardCharsets.UTF_8)));
                    finished = true;
                }
            }
            return out;
        }

        private void start(List<SseEvent> out) {
            if (!started) {
                started = true;
                out.add(chunk(delta("assistant", "", null), null, null));
            }
        }

        private ChatToolCall toolPiece(int index, @Nullable String callId, @Nullable String name, String args) {
            return new ChatToolCall(
                    index,
                    callId,
                    callId != null ? "function" : null,
                    new ChatToolCall.FunctionCall(name, args, Map.of()),
                    Map.of());
        }

        private ChatCompletionChunk.Delta delta(
                @Nullable String role, @Nullable String content, @Nullable List<ChatToolCall> calls) {
            return new ChatCompletionChunk.Delta(role, content, calls, null, Map.of());
        }

        private SseEvent chunk(ChatCompletionChunk.Delta delta, @Nullable String finishReason, @Nullable Usage usage) {
            ChatCompletionChunk chunk = new ChatCompletionChunk(
                    id,
                    "chat.completion.chunk",
                    created,
                    model,
                    List.of(new ChatCompletionChunk.Choice(0, delta, finishReason, null, Map.of())),
                    usage == null ? null : wireUsage(usage),
                    null,
                    null,
                    Map.of());
            return SseEvent.data(new String(write(chunk), java.nio.charset.StandardCharsets.UTF_8));
        }

        private SseEvent usageChunk(Usage usage) {
            ChatCompletionChunk chunk = new ChatCompletionChunk(
                    id, "chat.completion.chunk", created, model, List.of(), wireUsage(usage), null, null, Map.of());
            return SseEvent.data(new String(write(chunk), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Decodes chat chunks into provider events. */
    private final class ChunkDecoder implements WireStreamDecoder {
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder output = new StringBuilder();
        private final TreeMap<Integer, String[]> tools = new TreeMap<>();
        private final TreeMap<Integer, StringBuilder> toolArgs = new TreeMap<>();
        private @Nullable String model;
        private @Nullable String finishReason;
        private @Nullable Usage usage;
        private @Nullable ErrorDetail error;
        private boolean done;
        private boolean received;

        @Override
        public List<StreamEvent> decode(SseEvent event) {
            if (event.isDone()) {
                done = true;
                return List.of();
            }
            JsonNode tree;
            try {
                tree = mapper.readTree(event.data());
            } catch (IOException e) {
                throw new WireFormatException(
                        "a stream event is not JSON: " + OpenAiErrors.snippet(event.data()), null, e);
            }
            if (tree != null && tree.has("error")) {
                error = new OpenAiErrors(mapper)
                        .detailOf(tree)
                        .orElse(new ErrorDetail("an unreadable in-band error", null, null, null, Map.of()));
                return List.of();
            }
            ChatCompletionChunk chunk;
            try {
                chunk = mapper.treeToValue(tree, ChatCompletionChunk.class);
            } catch (IOException | RuntimeException e) {
                throw new WireFormatException(
                        "a stream event is not a chat completion chunk: " + OpenAiErrors.snippet(event.data()),
                        null,
                        e);
            }
            if (model == null && chunk.model() != null) {
                model = chunk.model();
            }
            if (chunk.usage() != null) {
                usage = usage(chunk.usage());
            }
            List<StreamEvent> out = new ArrayList<>();
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                if (choice.index() != 0) {
                    continue; // n > 1 is not part of the canonical call; only the first choice counts
                }
                ChatCompletionChunk.Delta delta = choice.delta();
                if (delta.content() != null && !delta.content().isEmpty()) {
                    text.append(delta.content());
                    output.append(delta.content());
                    received = true;
                    out.add(new StreamEvent.TextDelta(delta.content()));
                }
                if (delta.toolCalls() != null) {
                    for (int i = 0; i < delta.toolCalls().size(); i++) {
                        ChatToolCall piece = delta.toolCalls().get(i);
                        int index = piece.index() != null ? piece.index() : i;
                        String name = piece.function() == null
                                ? null
                                : piece.function().name();
                        String args =
                                piece.function() == null || piece.function().arguments() == null
                                        ? ""
                                        : piece.function().arguments();
                        String[] idName = tools.computeIfAbsent(index, k -> new String[] {null, null});
                        if (piece.id() != null) {
                            idName[0] = piece.id();
                        }
                        if (name != null) {
                            idName[1] = idName[1] == null ? name : idName[1];
                        }
                        toolArgs.computeIfAbsent(index, k -> new StringBuilder())
                                .append(args);
                        output.append(args);
                        received = true;
                        out.add(new StreamEvent.ToolCallDelta(index, piece.id(), name, args));
                    }
                }
                if (choice.finishReason() != null) {
                    finishReason = choice.finishReason();
                }
            }
            return out;
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
            List<ToolCall> calls = new ArrayList<>();
            tools.forEach((index, idName) -> calls.add(new ToolCall(
                    Objects.requireNonNullElse(idName[0], ""),
                    Objects.requireNonNullElse(idName[1], ""),
                    toolArgs.get(index).toString())));
            return new ModelResult(
                    context.callId(),
                    Objects.requireNonNullElse(model, ""),
                    text.toString(),
                    calls,
                    Codecs.finishReason(finishReason, !calls.isEmpty()),
                    usage != null ? usage : estimate.get(),
                    usage == null,
                    context.requestId(),
                    context.rateLimits(),
                    context.timeToFirstToken(),
                    context.latency());
        }
    }
}
