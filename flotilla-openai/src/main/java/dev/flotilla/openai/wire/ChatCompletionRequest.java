package dev.flotilla.openai.wire;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@code POST /v1/chat/completions} body. Fields Flotilla does not model (temperature, seed,
 * metadata, ...) stay in {@code extra}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionRequest(
        String model,
        List<ChatMessage> messages,
        @Nullable List<ChatTool> tools,
        @Nullable JsonNode toolChoice,
        @Nullable JsonNode responseFormat,
        @Nullable Long maxTokens,
        @Nullable Long maxCompletionTokens,
        @Nullable String reasoningEffort,
        @Nullable Boolean stream,
        @Nullable StreamOptions streamOptions,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public ChatCompletionRequest {
        java.util.Objects.requireNonNull(model, "model");
        messages = List.copyOf(java.util.Objects.requireNonNull(messages, "messages"));
        tools = Extras.copyOrNull(tools);
        extra = Extras.copy(extra);
    }

    /** Whether the client asked for a stream. */
    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    /** Whether a streaming client asked for a last chunk with usage. */
    public boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    /** {@code stream_options}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StreamOptions(
            @Nullable Boolean includeUsage,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public StreamOptions {
            extra = Extras.copy(extra);
        }
    }
}
