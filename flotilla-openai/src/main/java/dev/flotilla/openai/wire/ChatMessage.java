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
 * One chat message, in a request or as a choice's answer.
 *
 * @param role system, developer, user, assistant or tool
 * @param content a string, an array of parts ({@code text}, {@code image_url}), or null
 * @param name an optional participant name
 * @param toolCalls the calls an assistant message asked for
 * @param toolCallId for a tool message, the call it answers
 * @param refusal an assistant's refusal text
 * @param extra unknown fields, relayed untouched
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(
        String role,
        @Nullable JsonNode content,
        @Nullable String name,
        @Nullable List<ChatToolCall> toolCalls,
        @Nullable String toolCallId,
        @Nullable String refusal,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public ChatMessage {
        java.util.Objects.requireNonNull(role, "role");
        toolCalls = Extras.copyOrNull(toolCalls);
        extra = Extras.copy(extra);
    }
}
