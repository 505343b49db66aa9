package dev.flotilla.provider;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation.
 *
 * @param role who wrote it
 * @param content its text and image parts (may be empty for an assistant message with tool calls)
 * @param toolCalls the calls an assistant message asked for
 * @param toolCallId for a {@link Role#TOOL} message, the call it answers
 */
public record Message(
        Role role,
        List<ContentPart> content,
        List<ToolCall> toolCalls,
        @Nullable String toolCallId) {

    public Message {
        Objects.requireNonNull(role, "role");
        content = List.copyOf(content);
        toolCalls = List.copyOf(toolCalls);
        if (role == Role.TOOL && toolCallId == null) {
            throw new IllegalArgumentException("a tool message needs the toolCallId it answers");
        }
    }

    /** A system message. */
    public static Message system(String text) {
        return new Message(Role.SYSTEM, List.of(new ContentPart.Text(text)), List.of(), null);
    }

    /** A user message with text only. */
    public static Message user(String text) {
        return new Message(Role.USER, List.of(new ContentPart.Text(text)), List.of(), null);
    }

    /** An assistant message with text only. */
    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, List.of(new ContentPart.Text(text)), List.of(), null);
    }

    /** An assistant message that asked for tool calls. */
    public static Message assistantToolCalls(List<ToolCall> calls) {
        return new Message(Role.ASSISTANT, List.of(), calls, null);
    }

    /** A tool result answering {@code toolCallId}. */
    public static Message tool(String toolCallId, String result) {
        return new Message(Role.TOOL, List.of(new ContentPart.Text(result)), List.of(), toolCallId);
    }

    /** The text parts joined, without images. */
    public String text() {
        return content.stream()
                .filter(ContentPart.Text.class::isInstance)
                .map(p -> ((ContentPart.Text) p).text())
                .collect(Collectors.joining());
    }

    /** Whether any part is an image. */
    public boolean hasImage() {
        return content.stream().anyMatch(ContentPart.Image.class::isInstance);
    }
}
