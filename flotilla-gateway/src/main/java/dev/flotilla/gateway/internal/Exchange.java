package dev.flotilla.gateway.internal;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One request in flight: what the attempt hook, the ledger tap and the timed provider learn about
 * it while the routed call runs. Written from the request's own thread only (the routed call runs
 * on it), read after; fields are volatile so a metrics reader sees whole values.
 */
public final class Exchange {
    private final String callId;
    private final @Nullable String budgetId;
    private volatile @Nullable String model;
    private volatile String routeReason = "";
    private volatile @Nullable String refusal;
    private volatile BigDecimal costUsd = BigDecimal.ZERO;
    private final AtomicLong upstreamNanos = new AtomicLong();

    /** A request under logical call id {@code callId}, charged to {@code budgetId} (or no budget). */
    public Exchange(String callId, @Nullable String budgetId) {
        this.callId = Objects.requireNonNull(callId, "callId");
        this.budgetId = budgetId;
    }

    /** The logical call id (attempts are {@code <id>#<n>}). */
    public String callId() {
        return callId;
    }

    /** The budget charged, or null. */
    public @Nullable String budgetId() {
        return budgetId;
    }

    void attempt(String modelId, String reason) {
        this.model = modelId;
        this.routeReason = reason;
    }

    void refused(String reason) {
        this.refusal = reason;
    }

    synchronized void addCost(BigDecimal usd) {
        costUsd = costUsd.add(usd);
    }

    void addUpstreamNanos(long nanos) {
        upstreamNanos.addAndGet(nanos);
    }

    /** The model of the latest attempt, or null before the first. */
    public @Nullable String model() {
        return model;
    }

    /** Why the latest attempt went to its model ({@code route: ...}, {@code fallback: ...}). */
    public String routeReason() {
        return routeReason;
    }

    /** The budget's refusal, when the hook refused an attempt. */
    public @Nullable String refusal() {
        return refusal;
    }

    /** What every attempt of this request cost, as recorded in the ledger. */
    public BigDecimal costUsd() {
        return costUsd;
    }

    /** Time spent inside the upstream provider, all attempts. */
    public long upstreamNanos() {
        return upstreamNanos.get();
    }

    /** The logical call id of an attempt id ({@code <id>#<n>} -> {@code <id>}). */
    static String logicalId(String attemptId) {
        int hash = attemptId.lastIndexOf('#');
        return hash < 0 ? attemptId : attemptId.substring(0, hash);
    }
}
