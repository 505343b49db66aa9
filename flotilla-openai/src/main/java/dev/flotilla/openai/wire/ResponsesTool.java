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
 * A tool offered to the Responses API. A function tool is flat:
 * {@code {"type":"function","name","description","parameters","strict"}}; built-in tools
 * ({@code web_search}, ...) keep their fields in {@code extra}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponsesTool(
        String type,
        @Nullable String name,
        @Nullable String description,
        @Nullable JsonNode parameters,
        @Nullable Boolean strict,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public ResponsesTool {
        java.util.Objects.requireNonNull(type, "type");
        extra = Extras.copy(extra);
    }
}
