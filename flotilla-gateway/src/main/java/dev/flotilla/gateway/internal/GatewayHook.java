package dev.flotilla.gateway.internal;

import dev.flotilla.routing.Attempt;
import dev.flotilla.routing.AttemptHook;
import dev.flotilla.routing.AttemptOutcome;
import java.util.Objects;

/**
 * Wraps the metering hook: notes each attempt's model and route reason, and a budget's refusal, on
 * the request's {@link Exchange}, so the reply can carry them.
 */
public final class GatewayHook implements AttemptHook {
    private final AttemptHook metering;
    private final Exchanges exchanges;

    /** Notes attempts on {@code exchanges} around {@code metering}. */
    public GatewayHook(AttemptHook metering, Exchanges exchanges) {
        this.metering = Objects.requireNonNull(metering, "metering");
        this.exchanges = Objects.requireNonNull(exchanges, "exchanges");
    }

    @Override
    public Admission before(Attempt attempt) {
        Exchange exchange = exchanges.of(attempt.logicalCallId());
        if (exchange != null) {
            exchange.attempt(attempt.model().id(), attempt.cause() + ": " + attempt.reason());
        }
        Admission admission = metering.before(attempt);
        if (exchange != null && admission instanceof Admission.Refuse refuse) {
            exchange.refused(refuse.reason());
        }
        return admission;
    }

    @Override
    public void after(Attempt attempt, AttemptOutcome outcome) {
        metering.after(attempt, outcome);
    }
}
