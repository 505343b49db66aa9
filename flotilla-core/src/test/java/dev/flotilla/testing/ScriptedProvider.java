package dev.flotilla.testing;

import dev.flotilla.metering.Usage;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelProvider;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.RateLimitSnapshot;
import dev.flotilla.provider.StreamEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A provider that answers from a script per model: each call to a model takes its next scripted
 * step (an answer, an error, or text then an error); with nothing scripted it answers "ok".
 */
public final class ScriptedProvider implements ModelProvider {
    /** One scripted reaction. */
    public sealed interface Step {}

    public record Answer(String text) implements Step {}

    public record Fail(ProviderException error) implements Step {}

    public record FailAfterOutput(String text, ProviderException error) implements Step {}

    private final Map<String, Deque<Step>> script = new HashMap<>();
    private final List<ModelCall> calls = new ArrayList<>();

    public synchronized ScriptedProvider then(String model, Step step) {
        script.computeIfAbsent(model, m -> new ArrayDeque<>()).add(step);
        return this;
    }

    public synchronized List<ModelCall> calls() {
        return List.copyOf(calls);
    }

    public List<String> modelsCalled() {
        return calls().stream().map(ModelCall::model).toList();
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public void stream(ModelCall call, Consumer<StreamEvent> events) {
        Step step;
        synchronized (this) {
            calls.add(call);
            Deque<Step> steps = script.get(call.model());
            step = steps == null || steps.isEmpty() ? new Answer("ok") : steps.poll();
        }
        switch (step) {
            case Answer a -> {
                events.accept(new StreamEvent.TextDelta(a.text()));
                events.accept(new StreamEvent.Completed(result(call, a.text())));
            }
            case Fail f -> events.accept(new StreamEvent.Failed(f.error(), Usage.of(100, 0), false, false));
            case FailAfterOutput f -> {
                events.accept(new StreamEvent.TextDelta(f.text()));
                events.accept(new StreamEvent.Failed(f.error(), Usage.of(100, 5), false, true));
            }
        }
    }

    private static ModelResult result(ModelCall call, String text) {
        return new ModelResult(
                call.callId(),
                call.model(),
                text,
                List.of(),
                "stop",
                Usage.of(100, 10),
                false,
                "req_" + call.callId(),
                RateLimitSnapshot.NONE,
                Duration.ofMillis(200),
                Duration.ofMillis(400));
    }
}
