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

/** A non-streaming chat answer ({@code object: chat.completion}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletion(
        String id,
        @Nullable String object,
        @Nullable Long created,
        @Nullable String model,
        List<Choice> choices,
        @Nullable ChatUsage usage,
        @Nullable String systemFingerprint,
        @Nullable String serviceTier,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public ChatCompletion {
        id = id == null ? "" : id;
        choices = choices == null ? List.of() : List.copyOf(choices);
        extra = Extras.copy(extra);
    }

    /** One answer choice. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Choice(
            int index,
            ChatMessage message,

            @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable
            String finishReason,

            @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable
            JsonNode logprobs,

            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public Choice {
            java.util.Objects.requireNonNull(message, "message");
            extra = Extras.copy(extra);
        }
    }
}
