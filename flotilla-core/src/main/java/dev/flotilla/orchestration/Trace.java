package dev.flotilla.orchestration;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The span tree of one run. Thread-safe: sub-agents on many threads add spans at once. Spans are
 * recorded when they end.
 */
public final class Trace {
    private final String runId;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Span> spans = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextId = new AtomicLong();
    private final Consumer<Span> onRecord;
    private final String idPrefix;

    /** Creates an empty trace for a run, timed by {@code clock}. */
    public Trace(String runId, Clock clock) {
        this(runId, clock, span -> {});
    }

    /**
     * Creates an empty trace that tells {@code onRecord} of every span as it is recorded (from the
     * recording thread; keep it quick).
     */
    public Trace(String runId, Clock clock, Consumer<Span> onRecord) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onRecord = Objects.requireNonNull(onRecord, "onRecord");
        // A resumed run gets a new trace whose span ids must not collide with the stored ones.
        this.idPrefix = runId + "." + java.util.UUID.randomUUID().toString().substring(0, 4) + ".";
    }

    /** The run this trace belongs to. */
    public String runId() {
        return runId;
    }

    /** A new span id, unique within this trace. */
    public String newSpanId() {
        return idPrefix + nextId.incrementAndGet();
    }

    /** The trace's clock. */
    public Clock clock() {
        return clock;
    }

    /**
     * Starts timing a span; call {@link OpenSpan#end} exactly once to record it.
     *
     * @param parentId the enclosing span, or null for the run's root
     */
    public OpenSpan start(SpanKind kind, String name, @Nullable String parentId) {
        return new OpenSpan(newSpanId(), parentId, kind, name, clock.instant());
    }

    /** Records a finished span (for spans timed elsewhere, such as model calls). */
    public void record(Span span) {
        spans.add(span);
        onRecord.accept(span);
    }

    /** Every recorded span, in start order. */
    public List<Span> spans() {
        List<Span> copy = new ArrayList<>(spans);
        copy.sort(Comparator.comparing(Span::start).thenComparing(Span::id));
        return copy;
    }

    /** The spans whose parent is {@code parentId}, in start order. */
    public List<Span> children(@Nullable String parentId) {
        return spans().stream()
                .filter(s -> Objects.equals(s.parentId(), parentId))
                .toList();
    }

    /** The model-call records, in start order. */
    public List<ModelCallRecord> modelCalls() {
        return spans().stream().flatMap(s -> s.call().stream()).toList();
    }

    /** The total cost of every model call in the trace. */
    public Cost totalCost() {
        return modelCalls().stream().map(ModelCallRecord::cost).reduce(Cost.ZERO, Cost::plus);
    }

    /**
     * Totals per served model, and what the same tokens would have cost on the flagship alone.
     *
     * @param wall the run's wall time
     */
    public RunSummary summary(Catalog catalog, Duration wall) {
        Map<String, RunSummary.ModelTotals> byModel = new LinkedHashMap<>();
        Cost flagshipOnly = Cost.ZERO;
        for (ModelCallRecord call : modelCalls()) {
            byModel.merge(
                    call.servedModel(),
                    new RunSummary.ModelTotals(1, call.usage(), call.cost()),
                    RunSummary.ModelTotals::plus);
            flagshipOnly = flagshipOnly.plus(Pricing.cost(catalog.flagship(), call.usage()));
        }
        return new RunSummary(
                byModel, totalCost(), flagshipOnly, catalog.flagship().id(), wall);
    }

    /** A span being timed. */
    public final class OpenSpan {
        private final String id;
        private final @Nullable String parentId;
        private final SpanKind kind;
        private final String name;
        private final Instant start;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private boolean ended;

        private OpenSpan(String id, @Nullable String parentId, SpanKind kind, String name, Instant start) {
            this.id = id;
            this.parentId = parentId;
            this.kind = kind;
            this.name = name;
            this.start = start;
        }

        /** This span's id, the parent of the spans inside it. */
        public String id() {
            return id;
        }

        /** Adds an attribute shown with the span. */
        public OpenSpan attribute(String key, String value) {
            attributes.put(key, value);
            return this;
        }

        /**
         * Records the span with its status.
         *
         * @throws IllegalStateException when already ended
         */
        public Span end(SpanStatus status, @Nullable String error) {
            if (ended) {
                throw new IllegalStateException("span " + id + " already ended");
            }
            ended = true;
            Span span = new Span(
                    id,
                    parentId,
                    kind,
                    name,
                    start,
                    Duration.between(start, clock.instant()),
                    status,
                    error,
                    null,
                    attributes);
            record(span);
            return span;
        }

        /** Records the span as OK. */
        public Span ok() {
            return end(SpanStatus.OK, null);
        }
    }

    /** The usage of every model call, summed. */
    public Usage totalUsage() {
        return modelCalls().stream().map(ModelCallRecord::usage).reduce(Usage.ZERO, Usage::plus);
    }

    /** The root span, once the run has ended. */
    public Optional<Span> root() {
        return spans.stream().filter(s -> s.parentId() == null).findFirst();
    }
}
