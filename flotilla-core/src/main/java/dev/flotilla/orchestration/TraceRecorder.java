package dev.flotilla.orchestration;

import dev.flotilla.ledger.CallRecord;
import dev.flotilla.ledger.Ledger;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import dev.flotilla.routing.Attempt;
import dev.flotilla.routing.AttemptHook;
import dev.flotilla.routing.AttemptOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * An attempt hook that records every attempt of an orchestrated call as a model-call span of its
 * run's trace: requested and served model, the routing, retry, fallback or escalation reason,
 * usage (cached included), exact cost and latency. Calls not registered (a gateway's) pass through.
 */
public final class TraceRecorder implements AttemptHook {
    private final @Nullable Ledger ledger;
    private final Map<String, Registered> calls = new ConcurrentHashMap<>();
    private final Map<String, Instant> started = new ConcurrentHashMap<>();

    private static final class Registered {
        final CallRequest request;
        volatile @Nullable String requestedModel;

        Registered(CallRequest request) {
            this.request = request;
            this.requestedModel = request.modelHint();
        }
    }

    /** A recorder that prices attempts itself (no ledger). */
    public TraceRecorder() {
        this(null);
    }

    /**
     * A recorder that takes each attempt's usage, cost and estimated flag from the ledger when the
     * call is there, so the trace's totals equal the ledger's to the cent. Compose it before the
     * metering hook ({@code AttemptHooks.of(recorder, metering)}) so the ledger is written first.
     */
    public TraceRecorder(@Nullable Ledger ledger) {
        this.ledger = ledger;
    }

    /** The request registered under a logical call id, while its call runs. */
    public Optional<CallRequest> request(String callId) {
        return Optional.ofNullable(calls.get(callId)).map(r -> r.request);
    }

    /** Starts recording the attempts of a call, keyed by its call id. */
    public void register(CallRequest request) {
        calls.put(request.call().callId(), new Registered(request));
    }

    /** Stops recording a call's attempts (after the call returned or threw). */
    public void unregister(String callId) {
        calls.remove(callId);
    }

    @Override
    public Admission before(Attempt attempt) {
        Registered call = calls.get(attempt.logicalCallId());
        if (call != null) {
            if (call.requestedModel == null) {
                call.requestedModel = attempt.model().id();
            }
            started.put(attempt.callId(), call.request.trace().clock().instant());
        }
        return new Admission.Proceed(attempt.call());
    }

    @Override
    public void after(Attempt attempt, AttemptOutcome outcome) {
        Registered call = calls.get(attempt.logicalCallId());
        Instant start = started.remove(attempt.callId());
        if (call == null || start == null) {
            return;
        }
        Trace trace = call.request.trace();
        String served = attempt.model().id();
        boolean estimated = false;
        SpanStatus status = SpanStatus.OK;
        String error = null;
        Duration ttft = Duration.ZERO;
        String requestId = null;
        switch (outcome) {
            case AttemptOutcome.Succeeded s -> {
                served = s.result().servedModel();
                estimated = s.result().usageEstimated();
                ttft = s.result().timeToFirstToken();
                requestId = s.result().providerRequestId();
            }
            case AttemptOutcome.Rejected r -> {
                served = r.result().servedModel();
                estimated = r.result().usageEstimated();
                ttft = r.result().timeToFirstToken();
                requestId = r.result().providerRequestId();
                status = SpanStatus.FAILED;
                error = "answer rejected: " + r.reason();
            }
            case AttemptOutcome.Failed f -> {
                estimated = f.usageEstimated();
                status = f.error() instanceof dev.flotilla.provider.ProviderException.Cancelled
                        ? SpanStatus.CANCELLED
                        : SpanStatus.FAILED;
                error = f.error().getMessage();
                requestId = f.error().requestId().orElse(null);
            }
            case AttemptOutcome.Refused r -> {
                status = SpanStatus.FAILED;
                error = r.reason();
            }
        }
        // The ledger's figures when metered (estimates included), else priced the same way here.
        Usage usage = outcome.usage();
        Cost cost = Pricing.cost(attempt.model(), usage);
        Optional<CallRecord> metered = ledger == null ? Optional.empty() : ledger.call(attempt.callId());
        if (metered.isPresent()) {
            usage = metered.get().usage();
            cost = metered.get().cost();
            estimated = metered.get().estimated();
        }
        String requested = call.requestedModel != null
                ? call.requestedModel
                : attempt.model().id();
        ModelCallRecord record = new ModelCallRecord(
                attempt.callId(),
                attempt.kind(),
                requested,
                served,
                attempt.cause() + ": " + attempt.reason(),
                usage,
                cost,
                estimated,
                ttft,
                requestId);
        trace.record(new Span(
                trace.newSpanId(),
                call.request.parentSpanId(),
                SpanKind.MODEL_CALL,
                served,
                start,
                Duration.between(start, trace.clock().instant()),
                status,
                error,
                record,
                Map.of()));
    }
}
