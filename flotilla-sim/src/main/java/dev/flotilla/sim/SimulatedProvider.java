package dev.flotilla.sim;

import dev.flotilla.metering.Usage;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelProvider;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.StreamEvent;
import dev.flotilla.provider.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The simulator's in-process face: a {@link ModelProvider} that plays each {@link SimPlan} as
 * stream events, paced on the simulator's {@link SimClock}. The default provider when no API key is
 * configured, and what tests use. Thread-safe.
 */
public final class SimulatedProvider implements ModelProvider {
    private static final int TOOL_ARGUMENT_PIECE = 24;

    private final Simulator simulator;

    /** A provider playing this simulator's plans. */
    public SimulatedProvider(Simulator simulator) {
        this.simulator = Objects.requireNonNull(simulator, "simulator");
    }

    /** The engine behind this provider. */
    public Simulator simulator() {
        return simulator;
    }

    @Override
    public String name() {
        return Simulator.PROVIDER;
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public void stream(ModelCall call, Consumer<StreamEvent> events) {
        long start = simulator.clock().nanoTime();
        play(call, simulator.plan(call), start, events);
    }

    /**
     * Plays a plan already made for {@code call} as stream events, paced from {@code startNanos} (a
     * {@link SimClock#nanoTime()} reading taken when the request arrived). The HTTP face plans
     * first (to answer errors and headers) and then plays. Ends with exactly one terminal event;
     * an interrupt ends it with {@link ProviderException.Cancelled}.
     */
    public void play(ModelCall call, SimPlan plan, long startNanos, Consumer<StreamEvent> events) {
        SimClock clock = simulator.clock();
        long start = startNanos;
        Playback playback = new Playback(clock, start, call.model());
        try {
            switch (plan) {
                case SimPlan.Refused refused -> {
                    playback.sleepUntil(refused.delay());
                    events.accept(new StreamEvent.Failed(refused.error(), Usage.ZERO, false, false));
                }
                case SimPlan.Answer answer -> play(call, answer, playback, events);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Usage soFar = plan instanceof SimPlan.Answer answer ? answer.usageAfter(playback.delivered) : Usage.ZERO;
            events.accept(new StreamEvent.Failed(
                    new ProviderException.Cancelled(Simulator.PROVIDER, call.model(), "the call was interrupted"),
                    soFar,
                    true,
                    playback.firstOutputNanos >= 0));
        }
    }

    private static void play(ModelCall call, SimPlan.Answer answer, Playback playback, Consumer<StreamEvent> events)
            throws InterruptedException {
        String model = answer.model();
        playback.sleepUntil(answer.firstTokenAt());
        if (answer.midStreamFault() instanceof Fault.MalformedJson) {
            // A client cannot read the answer at all: an unreadable 200 is a server error.
            events.accept(new StreamEvent.Failed(
                    new ProviderException.ServerError(
                            Simulator.PROVIDER,
                            model,
                            200,
                            answer.requestId(),
                            "the answer is not valid JSON (simulated malformed_json)"),
                    answer.usageAfter(0),
                    true,
                    false));
            return;
        }
        List<String> chunks = answer.chunks();
        for (int i = 0; i < chunks.size(); i++) {
            if (answer.midStreamFault() != null && i == answer.cutAtChunk()) {
                events.accept(broken(answer, playback));
                return;
            }
            playback.sleepUntil(answer.chunkAt(i));
            playback.output();
            events.accept(new StreamEvent.TextDelta(chunks.get(i)));
            playback.delivered = i + 1;
        }
        if (answer.midStreamFault() != null) {
            // Cut after the whole text (fraction 1), or the answer is tool calls only.
            events.accept(broken(answer, playback));
            return;
        }
        List<ToolCall> toolCalls = answer.toolCalls();
        for (int index = 0; index < toolCalls.size(); index++) {
            ToolCall toolCall = toolCalls.get(index);
            playback.output();
            events.accept(new StreamEvent.ToolCallDelta(index, toolCall.id(), toolCall.name(), ""));
            String arguments = toolCall.argumentsJson();
            for (int from = 0; from < arguments.length(); from += TOOL_ARGUMENT_PIECE) {
                events.accept(new StreamEvent.ToolCallDelta(
                        index,
                        null,
                        null,
                        arguments.substring(from, Math.min(arguments.length(), from + TOOL_ARGUMENT_PIECE))));
            }
        }
        playback.sleepUntil(answer.end());
        playback.output();
        long end = playback.clock.nanoTime();
        Duration latency = Duration.ofNanos(end - playback.start);
        Duration ttft = Duration.ofNanos(Math.min(playback.firstOutputNanos, end) - playback.start);
        events.accept(new StreamEvent.Completed(new ModelResult(
                call.callId(),
                model,
                answer.text(),
                toolCalls,
                answer.finishReason(),
                answer.usage(),
                false,
                answer.requestId(),
                answer.rateLimits(),
                ttft,
                latency)));
    }

    private static StreamEvent.Failed broken(SimPlan.Answer answer, Playback playback) {
        Fault fault = Objects.requireNonNull(answer.midStreamFault());
        String what = fault instanceof Fault.StreamError
                ? "in-band error event after " + playback.delivered + " chunks: server_error: The server had an error"
                        + " while processing your request (simulated stream_error)"
                : "the stream was cut after " + playback.delivered + " of "
                        + answer.chunks().size() + " chunks, before its end (simulated broken_stream)";
        return new StreamEvent.Failed(
                new ProviderException.BrokenStream(Simulator.PROVIDER, answer.model(), answer.requestId(), what),
                answer.usageAfter(playback.delivered),
                true,
                playback.delivered > 0);
    }

    /** One call's playback state: when it started, when output began, how much was delivered. */
    private static final class Playback {
        final SimClock clock;
        final long start;
        final String model;
        long firstOutputNanos = -1;
        int delivered;

        Playback(SimClock clock, long start, String model) {
            this.clock = clock;
            this.start = start;
            this.model = model;
        }

        /** Sleeps until {@code offset} after the start; an interrupt ends the call. */
        void sleepUntil(Duration offset) throws InterruptedException {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while simulating " + model);
            }
            long wait = start + offset.toNanos() - clock.nanoTime();
            if (wait > 0) {
                clock.sleep(Duration.ofNanos(wait));
            }
        }

        void output() {
            if (firstOutputNanos < 0) {
                firstOutputNanos = clock.nanoTime();
            }
        }
    }
}
