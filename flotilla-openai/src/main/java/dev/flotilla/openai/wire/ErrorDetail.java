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
 * The inside of an error answer.
 *
 * @param message what went wrong, for people
 * @param type the error class, e.g. {@code invalid_request_error}, {@code tokens}, {@code server_error}
 * @param param the request parameter at fault, if any
 * @param code a machine code, e.g. {@code rate_limit_exceeded}, {@code context_length_exceeded}
 * @param extra unknown fields, relayed untouched
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorDetail(
        String message,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String type,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String param,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String code,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public ErrorDetail {
        message = message == null ? "" : message;
        extra = Extras.copy(extra);
    }
}
