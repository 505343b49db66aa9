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
 * One item of a Responses input or output: a {@code message} (role and content), a
 * {@code function_call} (call_id, name, arguments), a {@code function_call_output} (call_id,
 * output), a {@code reasoning} item, ... A short-hand input message has no type, only role and
 * content.
 *
 * @param type the item type, or null for a short-hand message
 * @param id the item id
 * @param status {@code in_progress}, {@code completed} or {@code incomplete}
 * @param role for a message: user, assistant, system or developer
 * @param content for a message: a string or an array of parts
 *     ({@code input_text}, {@code input_image}, {@code output_text}, ...)
 * @param callId for function calls and their outputs: the call id
 * @param name for a function call: the function
 * @param arguments for a function call: the arguments as JSON text
 * @param output for a function call output: the result (a string or parts)
 * @param extra unknown fields, relayed untouched
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseItem(
        @Nullable String type,
        @Nullable String id,
        @Nullable String status,
        @Nullable String role,
        @Nullable JsonNode content,
        @Nullable String callId,
        @Nullable String name,
        @Nullable String arguments,
        @Nullable JsonNode output,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public ResponseItem {
        extra = Extras.copy(extra);
    }
}
