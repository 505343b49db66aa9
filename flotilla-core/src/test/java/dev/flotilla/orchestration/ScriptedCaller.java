package dev.flotilla.orchestration;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.Tier;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.RateLimitSnapshot;
import dev.flotilla.provider.ToolCall;
import dev.flotilla.routing.TaskKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A fake {@link ModelCaller}: routes by task kind like the balanced policy, answers from a script,
 * prices every call with the real catalog and records a model-call span per call.
 */
final class ScriptedCaller implements ModelCaller {
    /** What the script answers: text, or tool calls. */
    record Reply(String text, List<ToolCall> toolCalls) {
        static Reply text(String text) {
            return new Reply(text, List.of());
        }
    }

    private final Catalog catalog;
    private final Function<ModelCall, Reply> script;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final Map<String, Integer> callIds = new ConcurrentHashMap<>();
    final Map<TaskKind, AtomicInteger> callsByKind = new ConcurrentHashMap<>();
    volatile @Nullable Runnable onWorkerCall;

    ScriptedCaller(Catalog catalog, Function<ModelCall, Reply> script) {
        this.catalog = catalog;
        this.script = script;
    }

    @Override
    public String preview(TaskKind kind, @Nullable String modelHint, long inputTokens, long maxOutputTokens) {
        return modelHint != null ? modelHint : route(kind);
    }

    String route(TaskKind kind) {
        Tier tier = switch (kind) {
            case PLAN, JUDGE -> Tier.FLAGSHIP;
            case CLASSIFY, EXTRACT -> Tier.NANO;
            default -> Tier.MINI;
        };
        return catalog.forTier(tier).orElseThrow().id();
    }

    @Override
    public ModelResult call(CallRequest request) {
        ModelCall call = request.call();
        callIds.merge(call.callId(), 1, Integer::sum);
        callsByKind.computeIfAbsent(call.taskKind(), k -> new AtomicInteger()).incrementAndGet();
        String model = request.modelHint() != null ? request.modelHint() : route(call.taskKind());
        boolean worker = !call.taskKind().isCoordinator();
        int now = worker ? inFlight.incrementAndGet() : 0;
        maxInFlight.accumulateAndGet(now, Math::max);
        Instant start = request.trace().clock().instant();
        try {
            if (worker && onWorkerCall != null) {
                onWorkerCall.run();
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new ProviderException.Cancelled("scripted", model, "interrupted");
            }
            Reply reply = script.apply(call.withModel(model));
            Usage usage = new Usage(
                    1_000 + call.messages().size() * 100L, 0, 200 + reply.text().length() / 4, 0);
            Cost cost = Pricing.cost(catalog.require(model), usage);
            ModelCallRecord record = new ModelCallRecord(
                    call.callId(),
                    call.taskKind(),
                    model,
                    model,
                    "scripted route",
                    usage,
                    cost,
                    false,
                    Duration.ofMillis(5),
                    "req-" + call.callId());
            request.trace()
                    .record(new Span(
                            request.trace().newSpanId(),
                            request.parentSpanId(),
                            SpanKind.MODEL_CALL,
                            model,
                            start,
                            Duration.ofMillis(10),
                            SpanStatus.OK,
                            null,
                            record,
                            Map.of()));
            return new ModelResult(
                    call.callId(),
                    model,
                    reply.text(),
                    reply.toolCalls(),
                    reply.toolCalls().isEmpty() ? "stop" : "tool_calls",
                    usage,
                    false,
                    null,
                    RateLimitSnapshot.NONE,
                    Duration.ofMillis(5),
                    Duration.ofMillis(10));
        } finally {
            if (worker) {
                inFlight.decrementAndGet();
            }
        }
    }

    int calls(TaskKind kind) {
        AtomicInteger n = callsByKind.get(kind);
        return n == null ? 0 : n.get();
    }
}
