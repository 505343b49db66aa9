package dev.flotilla.openai.wire;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A tool offered in a chat request: {@code {"type":"function","function":{...}}}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatTool(
        String type,
        @Nullable Function function,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public ChatTool {
        java.util.Objects.requireNonNull(type, "type");
        extra = Extras.copy(extra);
    }

    /** A function definition: name, description and JSON Schema parameters. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Function(
            String name,
            @Nullable String description,
            @Nullable JsonNode parameters,
            @Nullable Boolean strict,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public Function {
            java.util.Objects.requireNonNull(name, "name");
            extra = Extras.copy(extra);
        }
    }
}
