package dev.flotilla.openai.wire;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Chat Completions token usage. {@code prompt_tokens} includes the cached ones and
 * {@code completion_tokens} the reasoning ones.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatUsage(
        long promptTokens,
        long completionTokens,
        long totalTokens,
        @Nullable PromptTokensDetails promptTokensDetails,
        @Nullable CompletionTokensDetails completionTokensDetails,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public ChatUsage {
        extra = Extras.copy(extra);
    }

    /** {@code prompt_tokens_details}: {@code cached_tokens} and more. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PromptTokensDetails(
            @Nullable Long cachedTokens,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public PromptTokensDetails {
            extra = Extras.copy(extra);
        }
    }

    /** {@code completion_tokens_details}: {@code reasoning_tokens} and more. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CompletionTokensDetails(
            @Nullable Long reasoningTokens,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public CompletionTokensDetails {
            extra = Extras.copy(extra);
        }
    }
}
