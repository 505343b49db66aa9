package dev.flotilla.budget;

import dev.flotilla.FlotillaException;

/** A budget id that was never defined; a programming or configuration error, never retried. */
public final class UnknownBudgetException extends FlotillaException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception naming the id. */
    public UnknownBudgetException(String budgetId, String what) {
        super("unknown budget '" + budgetId + "' " + what + "; define it first with Budgets.define");
    }
}
