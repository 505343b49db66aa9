package dev.flotilla.gateway;

import dev.flotilla.metering.Usage;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelProvider;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.RateLimitSnapshot;
import dev.flotilla.provider.StreamEvent;
import dev.flotilla.provider.ToolCall;
import dev.flotilla.provider.ToolChoice;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A deterministic upstream for gateway tests: answers "Hello from MODEL" in three text deltas, calls
 * the first tool (arguments {"city":"Paris"}) when tools are offered and the choice allows, answers
 * {"answer":"ok"} for a response schema. Scripted failures: a failure before any output, or a
 * stream that breaks after some output. Usage: 7 input tokens per message, 1 output token per delta.
 */
final class FakeUpstream implements ModelProvider {
    sealed interface Trouble {}

    record FailBefore(ProviderException error) implements Trouble {}

    record BreakAfterOutput(String text) implements Trouble {}

    private final Deque<Trouble> troubles = new ArrayDeque<>();
    private final List<ModelCall> calls = Collections.synchronizedList(new ArrayList<>());

    synchronized FakeUpstream then(Trouble trouble) {
        troubles.add(trouble);
        return this;
    }

    List<ModelCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public void stream(ModelCall call, Consumer<StreamEvent> events) {
        calls.add(call);
        Trouble trouble;
        synchronized (this) {
            trouble = troubles.poll();
        }
        long input = 7L * call.messages().size();
        switch (trouble) {
            case FailBefore f -> {
                events.accept(new StreamEvent.Failed(f.error(), Usage.of(input, 0), true, false));
                return;
            }
            case BreakAfterOutput b -> {
                events.accept(new StreamEvent.TextDelta(b.text()));
                events.accept(new StreamEvent.Failed(
                        new ProviderException.BrokenStream("fake", call.model(), "req-1", "connection reset"),
                        Usage.of(input, 1),
                        true,
                        true));
                return;
            }
            case null -> {}
        }
        boolean useTool = !call.tools().isEmpty() && !(call.toolChoice() instanceof ToolChoice.None);
        List<ToolCall> toolCalls = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        long output = 0;
        if (useTool) {
            String name = call.toolChoice() instanceof ToolChoice.Named n
                    ? n.name()
                    : call.tools().getFirst().name();
            events.accept(new StreamEvent.ToolCallDelta(0, "call_1", name, ""));
            events.accept(new StreamEvent.ToolCallDelta(0, null, null, "{\"city\":"));
            events.accept(new StreamEvent.ToolCallDelta(0, null, null, "\"Paris\"}"));
            toolCalls.add(new ToolCall("call_1", name, "{\"city\":\"Paris\"}"));
            output = 3;
        } else {
            List<String> pieces = call.responseSchema() != null
                    ? List.of("{\"answer\"", ":", "\"ok\"}")
                    : List.of("Hello", " from ", call.model());
            for (String piece : pieces) {
                events.accept(new StreamEvent.TextDelta(piece));
                text.append(piece);
                output++;
            }
        }
        events.accept(new StreamEvent.Completed(new ModelResult(
                call.callId(),
                call.model(),
                text.toString(),
                toolCalls,
                useTool ? "tool_calls" : "stop",
                Usage.of(input, output),
                false,
                "req-" + call.callId(),
                RateLimitSnapshot.NONE,
                Duration.ofMillis(1),
                Duration.ofMillis(2))));
    }
}
