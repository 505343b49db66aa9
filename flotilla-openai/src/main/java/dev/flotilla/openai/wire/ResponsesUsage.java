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
 * Responses API token usage. {@code input_tokens} includes the cached ones and
 * {@code output_tokens} the reasoning ones.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponsesUsage(
        long inputTokens,
        @Nullable InputTokensDetails inputTokensDetails,
        long outputTokens,
        @Nullable OutputTokensDetails outputTokensDetails,
        long totalTokens,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public ResponsesUsage {
        extra = Extras.copy(extra);
    }

    /** {@code input_tokens_details}: {@code cached_tokens}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InputTokensDetails(
            @Nullable Long cachedTokens,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public InputTokensDetails {
            extra = Extras.copy(extra);
        }
    }

    /** {@code output_tokens_details}: {@code reasoning_tokens}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OutputTokensDetails(
            @Nullable Long reasoningTokens,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public OutputTokensDetails {
            extra = Extras.copy(extra);
        }
    }
}
