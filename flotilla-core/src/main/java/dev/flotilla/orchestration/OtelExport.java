package dev.flotilla.orchestration;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Exports a run's trace as OpenTelemetry spans with the GenAI semantic-convention attributes
 * ({@code gen_ai.operation.name}, {@code gen_ai.request.model}, {@code gen_ai.response.model},
 * {@code gen_ai.usage.input_tokens}, {@code gen_ai.usage.output_tokens}, ...). Flotilla's own
 * figures go under {@code flotilla.*}: cost in USD, cached input tokens, the routing reason.
 */
public final class OtelExport {
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<Long> CACHED_TOKENS = AttributeKey.longKey("flotilla.usage.cached_input_tokens");
    static final AttributeKey<Long> REASONING_TOKENS = AttributeKey.longKey("flotilla.usage.reasoning_tokens");
    static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("flotilla.cost_usd");
    static final AttributeKey<String> COST_USD_EXACT = AttributeKey.stringKey("flotilla.cost_usd_exact");
    static final AttributeKey<String> ROUTE_REASON = AttributeKey.stringKey("flotilla.route.reason");
    static final AttributeKey<String> TASK_KIND = AttributeKey.stringKey("flotilla.task_kind");
    static final AttributeKey<Boolean> ESTIMATED = AttributeKey.booleanKey("flotilla.usage.estimated");
    static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("flotilla.run_id");

    private OtelExport() {}

    /**
     * Sends every span of the trace to {@code exporter}, parents before children, with the trace's
     * own start times and durations, then flushes. The exporter stays open: the caller owns it.
     */
    public static void export(Trace trace, SpanExporter exporter) {
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new KeepOpen(exporter)))
                .build()) {
            Tracer tracer = provider.get("dev.flotilla");
            Map<String, Context> contexts = new HashMap<>();
            Deque<Span> queue = new ArrayDeque<>(trace.children(null));
            while (!queue.isEmpty()) {
                Span span = queue.removeFirst();
                Context parent = span.parentId() == null ? Context.root() : contexts.get(span.parentId());
                io.opentelemetry.api.trace.Span exported =
                        builder(tracer, span, parent, trace.runId()).startSpan();
                if (span.status() == SpanStatus.FAILED) {
                    exported.setStatus(StatusCode.ERROR, span.error() == null ? "" : span.error());
                }
                Instant end = span.start().plus(span.duration());
                exported.end(end.getEpochSecond() * 1_000_000_000L + end.getNano(), TimeUnit.NANOSECONDS);
                contexts.put(span.id(), parent.with(exported));
                queue.addAll(trace.children(span.id()));
            }
            provider.forceFlush().join(10, TimeUnit.SECONDS);
        }
    }

    private static SpanBuilder builder(Tracer tracer, Span span, Context parent, String runId) {
        SpanBuilder builder = tracer.spanBuilder(spanName(span))
                .setParent(parent)
                .setStartTimestamp(span.start())
                .setAttribute(RUN_ID, runId);
        span.attributes().forEach((key, value) -> builder.setAttribute("flotilla." + key, value));
        switch (span.kind()) {
            case RUN -> builder.setAttribute(OPERATION, "invoke_agent").setAttribute(AGENT_NAME, "flotilla");
            case PLAN, JUDGE, SUBTASK ->
                builder.setAttribute(OPERATION, "invoke_agent")
                        .setAttribute(AGENT_NAME, span.kind().wireName() + ":" + span.name());
            case TOOL_CALL -> builder.setAttribute(OPERATION, "execute_tool").setAttribute(TOOL_NAME, span.name());
            case MODEL_CALL -> {
                ModelCallRecord call = span.call().orElseThrow();
                builder.setAttribute(OPERATION, "chat")
                        .setAttribute(PROVIDER, "openai")
                        .setAttribute(REQUEST_MODEL, call.requestedModel())
                        .setAttribute(RESPONSE_MODEL, call.servedModel())
                        .setAttribute(INPUT_TOKENS, call.usage().inputTokens())
                        .setAttribute(OUTPUT_TOKENS, call.usage().outputTokens())
                        .setAttribute(CACHED_TOKENS, call.usage().cachedInputTokens())
                        .setAttribute(REASONING_TOKENS, call.usage().reasoningTokens())
                        .setAttribute(COST_USD, call.cost().usd().doubleValue())
                        .setAttribute(COST_USD_EXACT, call.cost().usdPlain())
                        .setAttribute(ROUTE_REASON, call.reason())
                        .setAttribute(TASK_KIND, call.kind().wireName())
                        .setAttribute(ESTIMATED, call.estimated());
                if (call.providerRequestId() != null) {
                    builder.setAttribute(RESPONSE_ID, call.providerRequestId());
                }
            }
        }
        return builder;
    }

    /** Passes spans on but turns shutdown into a flush, so closing our provider leaves the exporter open. */
    private record KeepOpen(SpanExporter delegate) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return delegate.export(spans);
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.flush();
        }
    }

    private static String spanName(Span span) {
        return switch (span.kind()) {
            case MODEL_CALL -> "chat " + span.call().orElseThrow().servedModel();
            case TOOL_CALL -> "execute_tool " + span.name();
            case RUN -> "invoke_agent flotilla";
            case PLAN, JUDGE, SUBTASK -> "invoke_agent " + span.kind().wireName() + " " + span.name();
        };
    }
}
