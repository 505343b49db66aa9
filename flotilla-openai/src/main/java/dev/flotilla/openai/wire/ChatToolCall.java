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
 * A function call in an assistant message, or a piece of one in a streamed delta.
 *
 * @param index the call's position (streamed deltas only)
 * @param id the call id (absent on later streamed pieces)
 * @param type {@code function}
 * @param function the name and (a piece of) the arguments
 * @param extra unknown fields, relayed untouched
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatToolCall(
        @Nullable Integer index,
        @Nullable String id,
        @Nullable String type,
        @Nullable FunctionCall function,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public ChatToolCall {
        extra = Extras.copy(extra);
    }

    /** The function called and its arguments as JSON text (or a piece of them). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FunctionCall(
            @Nullable String name,
            @Nullable String arguments,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public FunctionCall {
            extra = Extras.copy(extra);
        }
    }
}
