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
 * One part of a Responses message's content: {@code input_text}/{@code output_text} (text),
 * {@code input_image} (image_url, detail), {@code refusal}, ...
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseContentPart(
        String type,
        @Nullable String text,
        @Nullable String imageUrl,
        @Nullable String detail,
        @Nullable String refusal,
        @Nullable JsonNode annotations,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public ResponseContentPart {
        java.util.Objects.requireNonNull(type, "type");
        extra = Extras.copy(extra);
    }
}
