package dev.flotilla.openai;

import dev.flotilla.metering.Usage;
import dev.flotilla.openai.sse.SseEvent;
import dev.flotilla.openai.wire.ErrorDetail;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.StreamEvent;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns the server-sent events of one wire API into {@link StreamEvent} deltas, for a client
 * reading a streamed answer, and assembles the final {@link ModelResult}. Stateful: one decoder per
 * response; not thread-safe.
 */
public interface WireStreamDecoder {
    /**
     * The deltas ({@code TextDelta}, {@code ToolCallDelta}) carried by one SSE event; never a
     * terminal event. An in-band error is recorded in {@link #error()}, the end of the stream in
     * {@link #completed()}.
     *
     * @throws WireFormatException when the event's data is not the JSON this API sends
     */
    List<StreamEvent> decode(SseEvent event);

    /** Whether the stream's proper end arrived ({@code [DONE]}, {@code response.completed}). */
    boolean completed();

    /** The in-band error the stream carried, if any. */
    Optional<ErrorDetail> error();

    /** Whether any text or tool call arrived. */
    boolean receivedOutput();

    /** The text and tool-call arguments seen so far, for estimating output tokens. */
    String outputSoFar();

    /** The usage the stream reported, if it did. */
    Optional<Usage> reportedUsage();

    /**
     * The finished answer; usage is the reported one, or {@code estimate} (then flagged estimated).
     *
     * @throws IllegalStateException before {@link #completed()}
     */
    ModelResult result(ResultContext context, Supplier<Usage> estimate);
}
