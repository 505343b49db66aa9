package dev.flotilla.gateway.internal;

import dev.flotilla.ledger.CallRecord;
import dev.flotilla.ledger.ForwardingLedger;
import dev.flotilla.ledger.Ledger;
import java.util.Objects;

/**
 * A ledger that adds each recorded call's cost to its request's {@link Exchange}, so the reply's
 * {@code x-flotilla-cost-usd} is exactly what the ledger holds. Everything else is forwarded; the
 * ledger itself is not closed here (it belongs to whoever opened it).
 */
public final class CostTap extends ForwardingLedger {
    private final Exchanges exchanges;

    /** Taps {@code delegate} for the requests in {@code exchanges}. */
    public CostTap(Ledger delegate, Exchanges exchanges) {
        super(delegate);
        this.exchanges = Objects.requireNonNull(exchanges, "exchanges");
    }

    @Override
    public boolean record(CallRecord call) {
        boolean recorded = super.record(call);
        if (recorded) {
            Exchange exchange = exchanges.of(call.callId());
            if (exchange != null) {
                exchange.addCost(call.cost().usd());
            }
        }
        return recorded;
    }

    @Override
    public void close() {
        // the ledger belongs to whoever opened it
    }
}
