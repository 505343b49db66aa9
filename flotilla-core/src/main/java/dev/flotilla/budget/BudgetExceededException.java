package dev.flotilla.budget;

import dev.flotilla.FlotillaException;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A call's worst case does not fit a budget (or an ancestor), so it was refused before it was sent.
 * Not retryable as is: wait for the window to roll over, raise the limit, or ask for less output.
 */
public final class BudgetExceededException extends FlotillaException {
    private static final long serialVersionUID = 1L;

    /** The dimension of a budget that ran out. */
    public enum Dimension {
        USD,
        TOKENS,
        QUOTA_UNITS
    }

    private final String budgetId;
    private final Dimension dimension;
    private final BigDecimal limit;
    private final BigDecimal remaining;
    private final BigDecimal worstCase;
    private final String callId;

    /** Creates the exception; the message names the budget, what remains and the worst case. */
    public BudgetExceededException(
            String callId,
            String budgetId,
            Dimension dimension,
            BigDecimal limit,
            BigDecimal remaining,
            BigDecimal worstCase,
            String detail) {
        super("call " + callId + " refused: budget '" + budgetId + "' has " + format(dimension, remaining) + " of "
                + format(dimension, limit) + " left, the call's worst case is " + format(dimension, worstCase)
                + (detail.isEmpty() ? "" : " (" + detail + ")"));
        this.callId = Objects.requireNonNull(callId);
        this.budgetId = Objects.requireNonNull(budgetId);
        this.dimension = Objects.requireNonNull(dimension);
        this.limit = limit;
        this.remaining = remaining;
        this.worstCase = worstCase;
    }

    /** The refused call. */
    public String callId() {
        return callId;
    }

    /** The budget that ran out (the call's own or an ancestor). */
    public String budgetId() {
        return budgetId;
    }

    /** Which of its limits ran out. */
    public Dimension dimension() {
        return dimension;
    }

    /** The limit in that dimension. */
    public BigDecimal limit() {
        return limit;
    }

    /** What was left in that dimension when the call asked. */
    public BigDecimal remaining() {
        return remaining;
    }

    /** The call's worst case in that dimension. */
    public BigDecimal worstCase() {
        return worstCase;
    }

    private static String format(Dimension dimension, BigDecimal value) {
        String plain = value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
        return switch (dimension) {
            case USD -> "$" + plain;
            case TOKENS -> plain + " tokens";
            case QUOTA_UNITS -> plain + " quota units";
        };
    }
}
