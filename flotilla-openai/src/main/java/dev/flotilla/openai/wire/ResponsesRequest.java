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
 * A {@code POST /v1/responses} body. {@code input} is a string or an array of items (see
 * {@link ResponseItem}); unmodelled fields (store, metadata, previous_response_id, ...) stay in
 * {@code extra}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponsesRequest(
        String model,
        @Nullable JsonNode input,
        @Nullable String instructions,
        @Nullable List<ResponsesTool> tools,
        @Nullable JsonNode toolChoice,
        @Nullable Text text,
        @Nullable Long maxOutputTokens,
        @Nullable Reasoning reasoning,
        @Nullable Boolean stream,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public ResponsesRequest {
        java.util.Objects.requireNonNull(model, "model");
        tools = Extras.copyOrNull(tools);
        extra = Extras.copy(extra);
    }

    /** Whether the client asked for a stream. */
    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    /** {@code text}: the output format. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Text(
            @Nullable Format format,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public Text {
            extra = Extras.copy(extra);
        }
    }

    /** {@code text.format}: {@code text}, {@code json_object} or {@code json_schema} with its schema. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Format(
            String type,
            @Nullable String name,
            @Nullable String description,
            @Nullable JsonNode schema,
            @Nullable Boolean strict,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public Format {
            java.util.Objects.requireNonNull(type, "type");
            extra = Extras.copy(extra);
        }
    }

    /** {@code reasoning}: effort and summary settings. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reasoning(
            @Nullable String effort,
            @Nullable String summary,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public Reasoning {
            extra = Extras.copy(extra);
        }
    }
}
