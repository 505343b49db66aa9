package dev.flotilla.metering;

import dev.flotilla.budget.Reservation;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.ledger.CallOutcome;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.ledger.Ledger;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns every finished or broken call into usage, cost and a ledger record, and settles its
 * reservation. Thread-safe; the same call id is metered once however many times it is reported
 * (the ledger's unique call id decides, so concurrent re-reports agree on one record).
 */
public final class Meter {
    private final Catalog catalog;
    private final Ledger ledger;

    /** Creates a meter that prices with this catalog and records into this ledger. */
    public Meter(Catalog catalog, Ledger ledger) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * Meters a call: prices its usage (or an estimate from the tokens seen), records it durably in
     * the ledger, then settles its reservation to the recorded cost. A call already recorded is not
     * recorded again: its existing record settles the reservation and is returned. When the ledger
     * write fails, the reservation is still settled to the cost (the money was spent) and the error
     * is rethrown.
     *
     * @param reservation the call's reservation, or null when it had none
     * @return the call's ledger record
     * @throws IllegalArgumentException when the reservation belongs to another call
     * @throws dev.flotilla.catalog.UnknownModelException when the requested model is not in the
     *     catalog
     */
    public CallRecord record(CallReport report, @Nullable Reservation reservation) {
        if (reservation != null && !reservation.callId().equals(report.callId())) {
            throw new IllegalArgumentException(
                    "reservation of call " + reservation.callId() + " cannot settle call " + report.callId());
        }
        // Insert first and read only on a conflict: a re-report is rare, the hot path one statement.
        CallRecord record = price(report);
        boolean inserted;
        try {
            inserted = ledger.record(record);
        } catch (RuntimeException e) {
            settle(reservation, record);
            throw e;
        }
        if (!inserted) {
            record = ledger.call(report.callId()).orElse(record);
        }
        settle(reservation, record);
        return record;
    }

    /** The ledger record a report stands for, priced but not recorded. */
    public CallRecord price(CallReport report) {
        ModelSpec requested = catalog.require(report.requestedModel());
        ModelSpec priced = report.servedModel() == null
                ? requested
                : catalog.find(report.servedModel()).orElse(requested);
        Usage usage;
        boolean estimated;
        Usage seen = Usage.of(report.seenInputTokens(), report.seenOutputTokens());
        Usage reported = report.usage();
        if (reported == null) {
            usage = seen;
            estimated = true;
        } else if (report.outcome() != CallOutcome.SUCCEEDED) {
            // A broken call's usage is at least what was seen going out and coming back.
            usage = atLeast(reported, seen);
            estimated =
                    report.usageEstimated() || report.outcome() == CallOutcome.BROKEN_STREAM || !usage.equals(reported);
        } else {
            usage = reported;
            estimated = report.usageEstimated();
        }
        Cost cost = Pricing.breakdown(priced, usage, report.toolCalls()).cost();
        CallContext context = report.context();
        return new CallRecord(
                report.callId(),
                context.runId(),
                context.spanId(),
                context.parentSpanId(),
                report.taskKind(),
                report.requestedModel(),
                report.servedModel() == null ? report.requestedModel() : report.servedModel(),
                context.routingReason(),
                usage,
                cost,
                estimated,
                report.latency(),
                report.outcome(),
                report.providerRequestId(),
                context.budgetId(),
                report.startedAt());
    }

    private static Usage atLeast(Usage reported, Usage seen) {
        long input = Math.max(reported.inputTokens(), seen.inputTokens());
        long output = Math.max(reported.outputTokens(), seen.outputTokens());
        return new Usage(input, reported.cachedInputTokens(), output, reported.reasoningTokens());
    }

    private static void settle(@Nullable Reservation reservation, CallRecord record) {
        if (reservation != null) {
            reservation.settle(record.usage(), record.cost());
        }
    }
}
