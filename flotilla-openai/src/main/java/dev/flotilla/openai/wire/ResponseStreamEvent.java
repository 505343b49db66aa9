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
 * One Responses API stream event, whatever its {@code type}: {@code response.created},
 * {@code response.output_item.added}, {@code response.output_text.delta},
 * {@code response.function_call_arguments.delta}, {@code response.completed},
 * {@code response.failed}, {@code error}, ... Fields a type does not use are null.
 *
 * @param type the event type
 * @param sequenceNumber the event's position in the stream
 * @param response for {@code response.*} lifecycle events: the response so far
 * @param outputIndex the output item the event is about
 * @param itemId the id of that item
 * @param contentIndex the content part the event is about
 * @param delta for delta events: the piece of text or arguments
 * @param item for {@code response.output_item.*}: the item
 * @param part for {@code response.content_part.*}: the part
 * @param text for {@code response.output_text.done}: the whole text
 * @param arguments for {@code response.function_call_arguments.done}: the whole arguments
 * @param code for {@code error}: the error code
 * @param message for {@code error}: the message
 * @param param for {@code error}: the parameter at fault
 * @param extra unknown fields, relayed untouched
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseStreamEvent(
        String type,
        @Nullable Long sequenceNumber,
        @Nullable Response response,
        @Nullable Integer outputIndex,
        @Nullable String itemId,
        @Nullable Integer contentIndex,
        @Nullable String delta,
        @Nullable ResponseItem item,
        @Nullable JsonNode part,
        @Nullable String text,
        @Nullable String arguments,
        @Nullable String code,
        @Nullable String message,
        @Nullable String param,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public ResponseStreamEvent {
        java.util.Objects.requireNonNull(type, "type");
        extra = Extras.copy(extra);
    }

    /** An event of this type with only the given fields set; the others null. */
    public static ResponseStreamEvent of(String type, long sequenceNumber) {
        return new ResponseStreamEvent(
                type, sequenceNumber, null, null, null, null, null, null, null, null, null, null, null, null, Map.of());
    }
}
