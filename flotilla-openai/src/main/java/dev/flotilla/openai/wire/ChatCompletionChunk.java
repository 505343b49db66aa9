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
 * One streamed chat chunk ({@code object: chat.completion.chunk}). With
 * {@code stream_options.include_usage} the last chunk has no choices and carries the usage.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionChunk(
        String id,
        @Nullable String object,
        @Nullable Long created,
        @Nullable String model,
        List<Choice> choices,
        @Nullable ChatUsage usage,
        @Nullable String systemFingerprint,
        @Nullable String serviceTier,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public ChatCompletionChunk {
        id = id == null ? "" : id;
        choices = choices == null ? List.of() : List.copyOf(choices);
        extra = Extras.copy(extra);
    }

    /** A choice's delta. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Choice(
            int index,
            Delta delta,

            @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable
            String finishReason,

            @Nullable JsonNode logprobs,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public Choice {
            delta = delta == null ? new Delta(null, null, null, null, Map.of()) : delta;
            extra = Extras.copy(extra);
        }
    }

    /** What a chunk adds to the answer. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(
            @Nullable String role,
            @Nullable String content,
            @Nullable List<ChatToolCall> toolCalls,
            @Nullable String refusal,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public Delta {
            toolCalls = Extras.copyOrNull(toolCalls);
            extra = Extras.copy(extra);
        }
    }
}
