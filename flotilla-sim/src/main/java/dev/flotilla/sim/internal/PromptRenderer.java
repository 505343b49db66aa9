package dev.flotilla.sim.internal;

import dev.flotilla.metering.TokenCounter;
import dev.flotilla.provider.ContentPart;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ToolCall;
import dev.flotilla.provider.ToolSpec;

/**
 * Renders a call's prompt as the model would see it (tools and response schema first, then every
 * message with its role) and counts it in o200k tokens. The rendering is also the prompt cache's key.
 */
public final class PromptRenderer {
    /** Tokens an image costs at {@code low} detail, as OpenAI documents. */
    public static final int LOW_DETAIL_IMAGE_TOKENS = 85;

    /** Tokens an image costs at {@code high} or {@code auto} detail (a 1024x1024 image). */
    public static final int HIGH_DETAIL_IMAGE_TOKENS = 765;

    private final TokenCounter tokens;

    /** A renderer counting with {@code tokens}. */
    public PromptRenderer(TokenCounter tokens) {
        this.tokens = tokens;
    }

    /**
     * A rendered prompt.
     *
     * @param rendered the prompt as one text, tools first (the cache key)
     * @param messageText every message's text joined by newlines (what scenario rules match)
     * @param inputTokens the prompt's length in tokens, images included
     * @param lastIsToolResult whether the conversation ends with a tool result
     */
    public record Prompt(String rendered, String messageText, long inputTokens, boolean lastIsToolResult) {}

    /** Renders and counts a call's prompt. */
    public Prompt render(ModelCall call) {
        StringBuilder out = new StringBuilder();
        StringBuilder text = new StringBuilder();
        long imageTokens = 0;
        for (ToolSpec tool : call.tools()) {
            out.append("<|tool|>")
                    .append(tool.name())
                    .append(": ")
                    .append(tool.description())
                    .append(' ')
                    .append(tool.parameters())
                    .append('\n');
        }
        if (call.responseSchema() != null) {
            out.append("<|schema|>")
                    .append(call.responseSchema().name())
                    .append(' ')
                    .append(call.responseSchema().schema())
                    .append('\n');
        }
        for (Message message : call.messages()) {
            out.append("<|").append(message.role().wireName()).append("|>");
            if (message.toolCallId() != null) {
                out.append('(').append(message.toolCallId()).append(") ");
            }
            for (ContentPart part : message.content()) {
                switch (part) {
                    case ContentPart.Text t -> out.append(t.text());
                    case ContentPart.Image image -> {
                        out.append("[image ")
                                .append(Integer.toHexString(image.url().hashCode()))
                                .append(']');
                        imageTokens +=
                                "low".equals(image.detail()) ? LOW_DETAIL_IMAGE_TOKENS : HIGH_DETAIL_IMAGE_TOKENS;
                    }
                }
            }
            for (ToolCall toolCall : message.toolCalls()) {
                out.append("<|call|>")
                        .append(toolCall.id())
                        .append(' ')
                        .append(toolCall.name())
                        .append(toolCall.argumentsJson());
            }
            out.append("<|end|>\n");
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(message.text());
        }
        String rendered = out.toString();
        boolean lastIsTool = call.messages().get(call.messages().size() - 1).role() == dev.flotilla.provider.Role.TOOL;
        return new Prompt(rendered, text.toString(), tokens.count(rendered) + imageTokens, lastIsTool);
    }

    /** The token count of a prefix of a rendering. */
    public long count(String text) {
        return tokens.count(text);
    }
}
