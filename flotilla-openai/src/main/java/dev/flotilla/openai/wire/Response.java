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
 * A Responses API answer ({@code object: response}), also carried by the stream's
 * {@code response.created}, {@code response.completed}, {@code response.failed} events.
 *
 * @param status {@code completed}, {@code failed}, {@code in_progress}, {@code incomplete}, ...
 * @param incompleteDetails why an incomplete response stopped, e.g. {@code {"reason":"max_output_tokens"}}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Response(
        String id,
        @Nullable String object,
        @Nullable Long createdAt,
        @Nullable String status,
        @Nullable String model,
        List<ResponseItem> output,
        @Nullable ResponsesUsage usage,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Error error,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable JsonNode incompleteDetails,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public Response {
        id = id == null ? "" : id;
        output = output == null ? List.of() : List.copyOf(output);
        extra = Extras.copy(extra);
    }

    /** A failed response's error: {@code {"code","message"}}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(
            @Nullable String code,
            String message,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public Error {
            message = message == null ? "" : message;
            extra = Extras.copy(extra);
        }
    }
}
