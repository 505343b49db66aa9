package dev.flotilla.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.provider.ContentPart;
import dev.flotilla.provider.ReasoningEffort;
import dev.flotilla.provider.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Conversions both codecs share. */
final class Codecs {
    private Codecs() {}

    /** tool_choice: a string, or a named function ({@code chat}: under "function"; Responses: flat). */
    static ToolChoice toolChoice(@Nullable JsonNode node, boolean chat) {
        if (node == null || node.isNull()) {
            return ToolChoice.AUTO;
        }
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> new ToolChoice.None();
                case "required" -> new ToolChoice.Required();
                default ->
                    throw new WireFormatException(
                            "tool_choice '" + node.asText() + "' is not supported; accepted: auto, none, required,"
                                    + " or a function",
                            "tool_choice");
            };
        }
        String name = chat
                ? node.path("function").path("name").asText("")
                : node.path("name").asText("");
        if (!"function".equals(node.path("type").asText()) || name.isEmpty()) {
            throw new WireFormatException(
                    "tool_choice must be auto, none, required or {\"type\":\"function\", ...name}, got " + node,
                    "tool_choice");
        }
        return new ToolChoice.Named(name);
    }

    static @Nullable ReasoningEffort effort(@Nullable String value, String param) {
        if (value == null) {
            return null;
        }
        try {
            return ReasoningEffort.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(
                    param + " '" + value + "' is not supported; accepted: none, minimal, low, medium, high, xhigh",
                    param,
                    e);
        }
    }

    /** Chat content: a string or an array of text and image_url parts. */
    static List<ContentPart> chatParts(@Nullable JsonNode content, String path) {
        List<ContentPart> parts = new ArrayList<>();
        if (content == null || content.isNull()) {
            return parts;
        }
        if (content.isTextual()) {
            parts.add(new ContentPart.Text(content.asText()));
            return parts;
        }
        if (!content.isArray()) {
            throw new WireFormatException("content must be a string or an array of parts", path);
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asText("");
            switch (type) {
                case "text", "input_text", "output_text" ->
                    parts.add(new ContentPart.Text(part.path("text").asText("")));
                case "image_url" -> {
                    JsonNode image = part.path("image_url");
                    String url = image.isTextual()
                            ? image.asText()
                            : image.path("url").asText("");
                    if (url.isEmpty()) {
                        throw new WireFormatException("an image_url part needs a url", path + "[" + i + "].image_url");
                    }
                    parts.add(new ContentPart.Image(url, image.path("detail").asText("auto")));
                }
                case "input_image" -> {
                    String url = part.path("image_url").asText("");
                    if (url.isEmpty()) {
                        throw new WireFormatException(
                                "an input_image part needs an image_url", path + "[" + i + "].image_url");
                    }
                    parts.add(new ContentPart.Image(url, part.path("detail").asText("auto")));
                }
                case "refusal" ->
                    parts.add(new ContentPart.Text(part.path("refusal").asText("")));
                default ->
                    throw new WireFormatException(
                            "content part type '" + type + "' is not supported; accepted: text, image_url,"
                                    + " input_text, input_image, output_text",
                            path + "[" + i + "].type");
            }
        }
        return parts;
    }

    /** The text of chat content: the string, or the text parts joined. */
    static String chatText(@Nullable JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : content) {
            if (part.has("text")) {
                out.append(part.path("text").asText(""));
            }
        }
        return out.toString();
    }

    static String finishReason(@Nullable String reported, boolean hasToolCalls) {
        if (reported != null) {
            return reported;
        }
        return hasToolCalls ? "tool_calls" : "stop";
    }
}
