package dev.flotilla.openai.wire;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * An error answer: {@code {"error": {"message", "type", "param", "code"}}}. Also the shape of
 * an in-band error in a stream.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(
        ErrorDetail error, @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public ErrorBody {
        java.util.Objects.requireNonNull(error, "error");
        extra = Extras.copy(extra);
    }
}
