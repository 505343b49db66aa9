package dev.flotilla.ledger;

import java.util.List;

/**
 * What reconciling the ledger found after a restart.
 *
 * @param settled open reservations whose call was already recorded: marked settled, counted once
 * @param abandoned open reservations without a call record: released, the call recorded as
 *     {@link CallOutcome#ABANDONED}
 */
public record ReconcileReport(List<String> settled, List<String> abandoned) {
    /** Nothing to reconcile. */
    public static final ReconcileReport CLEAN = new ReconcileReport(List.of(), List.of());

    public ReconcileReport {
        settled = List.copyOf(settled);
        abandoned = List.copyOf(abandoned);
    }

    /** Whether nothing was left open. */
    public boolean isClean() {
        return settled.isEmpty() && abandoned.isEmpty();
    }
}
